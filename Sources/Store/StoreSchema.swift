import GRDB

/// The database schema as append-only migrations: a released migration is never edited,
/// a change is a new migration appended at the end.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, run_config, run_tags, metrics, run_metrics, ingest_cursor") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    run_dir TEXT NOT NULL UNIQUE,  -- relative to the outputs root when under it
                    project TEXT,
                    exp_name TEXT,
                    tags TEXT NOT NULL DEFAULT '[]',       -- JSON array
                    job_num INTEGER,
                    status TEXT,                   -- queued, running, completed, failed, interrupted
                    exit_code INTEGER,
                    signal INTEGER,
                    error TEXT,
                    overrides TEXT NOT NULL DEFAULT '[]',  -- JSON array of override strings
                    config TEXT NOT NULL DEFAULT '{}',     -- resolved task config as JSON
                    host TEXT,
                    pid INTEGER,
                    launcher TEXT,
                    start_time REAL,
                    end_time REAL,
                    duration REAL,
                    attempt INTEGER
                );
                CREATE INDEX runs_project ON runs(project);
                CREATE INDEX runs_exp_name ON runs(exp_name);
                CREATE INDEX runs_status ON runs(status);

                -- The resolved config flattened to dotted keys, in config order (rowid).
                CREATE TABLE run_config (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (run_id, key)
                );
                CREATE INDEX run_config_key_value ON run_config(key, value);

                CREATE TABLE run_tags (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    tag TEXT NOT NULL,
                    PRIMARY KEY (run_id, tag)
                );
                CREATE INDEX run_tags_tag ON run_tags(tag, run_id);

                -- One row per metric per metrics.jsonl line, clustered by run and metric so a run's
                -- best and last values are range scans. No foreign key: it would cost a lookup per
                -- inserted row; a run's rows go only when its metrics.jsonl is re-read.
                CREATE TABLE metrics (
                    run_id INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    line INTEGER NOT NULL,         -- 1-based line of metrics.jsonl
                    step INTEGER,
                    epoch INTEGER,
                    value REAL NOT NULL,
                    time REAL,
                    PRIMARY KEY (run_id, name, line)
                ) WITHOUT ROWID;
                -- Which metrics each run logged: listing them stays cheap however long the runs.
                CREATE TABLE run_metrics (
                    run_id INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    PRIMARY KEY (run_id, name)
                ) WITHOUT ROWID;

                -- How far each run directory has been ingested.
                CREATE TABLE ingest_cursor (
                    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
                    metrics_offset INTEGER NOT NULL DEFAULT 0,  -- bytes of metrics.jsonl consumed
                    metrics_lines INTEGER NOT NULL DEFAULT 0,   -- complete lines consumed
                    status_mtime REAL,
                    status_size INTEGER,
                    config_mtime REAL
                );
                """)
        }
        migrator.registerMigration("v2: absolute run paths, NaN values, one value per step, skipped lines, file identity") { db in
            // Run identity is the canonical absolute path of the run directory, whichever root it
            // was reached from; legacy relative paths are made absolute when a store opens (it
            // knows its outputs root, a migration does not).
            //
            // SQLite stores a NaN double as NULL, so `value` becomes nullable: NULL is NaN
            // (+/-Infinity are stored as they are). A partial unique index keeps one row per run,
            // metric and step: INSERT OR REPLACE drops an earlier attempt's value for the same
            // step, so the latest attempt's value is the one kept.
            try db.execute(sql: """
                ALTER TABLE runs ADD COLUMN skipped_lines INTEGER NOT NULL DEFAULT 0;

                CREATE TABLE metrics_v2 (
                    run_id INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    line INTEGER NOT NULL,         -- 1-based line of the metrics file
                    step INTEGER,
                    epoch INTEGER,
                    value REAL,                    -- NULL: NaN
                    time REAL,
                    PRIMARY KEY (run_id, name, line)
                ) WITHOUT ROWID;
                INSERT OR REPLACE INTO metrics_v2 SELECT run_id, name, line, step, epoch, value, time FROM metrics ORDER BY run_id, name, line;
                DROP TABLE metrics;
                ALTER TABLE metrics_v2 RENAME TO metrics;
                DELETE FROM metrics WHERE step IS NOT NULL AND line < (
                    SELECT max(m.line) FROM metrics m WHERE m.run_id = metrics.run_id AND m.name = metrics.name AND m.step = metrics.step);
                CREATE UNIQUE INDEX metrics_step ON metrics(run_id, name, step) WHERE step IS NOT NULL;

                -- Which file a cursor's offset belongs to: a replaced (other inode) or rewritten
                -- (other bytes before the offset) metrics file is read again from its start.
                ALTER TABLE ingest_cursor ADD COLUMN metrics_inode INTEGER;
                ALTER TABLE ingest_cursor ADD COLUMN metrics_mtime REAL;
                ALTER TABLE ingest_cursor ADD COLUMN metrics_fingerprint INTEGER;

                -- Lines of a metrics file that were skipped, each once, with why.
                CREATE TABLE skipped_lines (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    file TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    PRIMARY KEY (run_id, file, line)
                );
                """)
        }
        StudySchema.register(&migrator)
        migrator.registerMigration("v3: logger files (Lightning CSV, TensorBoard events)") { db in
            // Each metrics file a logger wrote under a run directory (Lightning's metrics.csv,
            // TensorBoard's events.out.tfevents.*) has a cursor of its own, like metrics.jsonl's:
            // bytes and records consumed, the file's stat when last read, and a fingerprint of the
            // bytes consumed (a file rewritten in place, as Lightning's CSVLogger does at every save,
            // is noticed and read again). Its metric rows are stored with `line` = id << 32 +
            // record number, apart from metrics.jsonl's lines (below 2^32) and from other files'.
            try db.execute(sql: """
                CREATE TABLE metric_files (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    path TEXT NOT NULL,            -- relative to the run directory
                    format TEXT NOT NULL,          -- lightning_csv, tfevents
                    offset INTEGER NOT NULL DEFAULT 0,
                    records INTEGER NOT NULL DEFAULT 0,
                    size INTEGER,
                    mtime REAL,
                    inode INTEGER,
                    fingerprint INTEGER,
                    UNIQUE (run_id, path)
                );
                """)
        }
        return migrator
    }
}
