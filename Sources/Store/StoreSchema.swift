import GRDB

/// The database schema as append-only migrations: a released migration is never edited,
/// a change is a new migration appended at the end.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, run_config, run_tags, metrics, ingest_cursor") { db in
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

                CREATE TABLE metrics (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    step INTEGER,
                    epoch INTEGER,
                    value REAL NOT NULL,
                    time REAL
                );
                CREATE INDEX metrics_run_name_value ON metrics(run_id, name, value);

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
        return migrator
    }
}
