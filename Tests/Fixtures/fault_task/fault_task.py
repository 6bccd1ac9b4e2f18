"""An external task for the fault-injection suite (Tests/LaunchTests/FaultInjectionTests.swift).

Usage: fault_task.py STEPS PAUSE

Logs one metrics.jsonl line per step, STEPS steps, PAUSE seconds apart, and resumes after the
last step a previous attempt wrote whole (a torn or garbage line is not a step). Every record
it wrote whole is also appended to writes.log ("step value", fsynced), an account kept apart
from metrics.jsonl that the suite checks the store against. The value of a step depends on the
job's seed, the step and the attempt, so a step logged by two attempts would show.
"""
import json
import os
import re
import sys
import time

steps, pause = int(sys.argv[1]), float(sys.argv[2])
metrics_path = os.environ["ABLATE_METRICS"]
with open(os.environ["ABLATE_CONFIG"]) as config:
    seed = int(re.search(r"^seed: (\d+)$", config.read(), re.M).group(1))

written = set()
if os.path.exists(metrics_path):
    with open(metrics_path, "rb") as existing:
        for line in existing.read().split(b"\n"):
            try:
                written.add(int(json.loads(line)["step"]))
            except (ValueError, KeyError, TypeError):
                pass  # a torn line, or one that is not a record
first = max(written) + 1 if written else 1

with open("attempts.log", "a") as attempts:
    attempts.write(f"{first}\n")
with open("attempts.log") as attempts:
    attempt = len(attempts.read().split())

with open("ready", "w") as ready:
    ready.write(f"{os.getpid()}\n")

for step in range(first, steps + 1):
    time.sleep(pause)
    value = seed * 1000 + step + attempt / 100
    with open(metrics_path, "a") as metrics:
        metrics.write(json.dumps({"step": step, "epoch": step, "metrics": {"loss": value}}) + "\n")
    with open("writes.log", "a") as log:
        log.write(f"{step} {value!r}\n")
        log.flush()
        os.fsync(log.fileno())
