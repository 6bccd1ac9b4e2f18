import GRDB

/// The sweep studies' tables (appended to `StoreSchema`'s migrations; never edited once released).
enum StudySchema {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v-studies: studies, study_trials, study_trial_values") { db in
            try db.execute(sql: """
                -- One row per study (a sampling or grid sweep that can be resumed), by name.
                CREATE TABLE studies (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    direction TEXT NOT NULL,             -- minimize | maximize
                    sweep_dir TEXT,                      -- the sweep directory, as given
                    settings TEXT NOT NULL DEFAULT '{}', -- the sweeper's settings as JSON, checked on resume
                    pruner_state TEXT,                   -- the pruner's own state as JSON (rung records)
                    created_at REAL NOT NULL
                );

                -- A study's trials by number (0-based, never reused). `lines` are the job's
                -- override lines, `point` the sampler's coordinates (JSON arrays).
                CREATE TABLE study_trials (
                    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    state TEXT NOT NULL,                 -- running | complete | pruned | failed
                    value REAL,                          -- the objective of a complete trial
                    pruned_step INTEGER,                 -- the step a pruned trial was stopped at
                    lines TEXT NOT NULL DEFAULT '[]',
                    point TEXT NOT NULL DEFAULT '[]',
                    run_dir TEXT,
                    started_at REAL,
                    finished_at REAL,
                    PRIMARY KEY (study_id, number)
                ) WITHOUT ROWID;

                -- Intermediate values the pruners decided on, by trial and step (the latest
                -- report of a step wins).
                CREATE TABLE study_trial_values (
                    study_id INTEGER NOT NULL,
                    number INTEGER NOT NULL,
                    step INTEGER NOT NULL,
                    value REAL,                          -- NULL for a NaN report
                    PRIMARY KEY (study_id, number, step),
                    FOREIGN KEY (study_id, number) REFERENCES study_trials(study_id, number) ON DELETE CASCADE
                ) WITHOUT ROWID;
                """)
        }
    }
}
