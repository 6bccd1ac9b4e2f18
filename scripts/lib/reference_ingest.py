#!/usr/bin/env python3
"""Reference for the store benchmark: the straightforward Python ingester.

usage: reference_ingest.py ROOT DB
Reads every ROOT/*/*/metrics.jsonl with json.loads and inserts one row per metric with
sqlite3.executemany, one transaction per run, into a table shaped like Ablate's `metrics`
(same primary key, WITHOUT ROWID, WAL). Prints "ROWS SECONDS".
"""
import glob
import json
import os
import sqlite3
import sys
import time

root, db_path = sys.argv[1], sys.argv[2]
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(db_path + suffix):
        os.remove(db_path + suffix)
db = sqlite3.connect(db_path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=NORMAL")
db.execute("""CREATE TABLE metrics (run_id INTEGER NOT NULL, name TEXT NOT NULL, line INTEGER NOT NULL,
    step INTEGER, epoch INTEGER, value REAL NOT NULL, time REAL, PRIMARY KEY (run_id, name, line)) WITHOUT ROWID""")
start = time.perf_counter()
rows = 0
for run_id, path in enumerate(sorted(glob.glob(os.path.join(root, "*", "*", "metrics.jsonl")))):
    batch = []
    with open(path, encoding="utf-8") as f:
        for line_number, line in enumerate(f, 1):
            record = json.loads(line)
            for name, value in record["metrics"].items():
                batch.append((run_id, name, line_number, record.get("step"), record.get("epoch"), value, record.get("time")))
    db.execute("BEGIN")
    db.executemany("INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
    db.execute("COMMIT")
    rows += len(batch)
print(rows, round(time.perf_counter() - start, 3))
