"""The user's own training script: reads the job's config, logs a few steps of metrics."""
import json
import os
import sys
import time

import yaml

config_path = os.environ.get("ABLATE_CONFIG", ".hydra/config.yaml")
with open(config_path) as f:
    cfg = yaml.safe_load(f)
loss = 1.0
with open(os.environ.get("ABLATE_METRICS", "metrics.jsonl"), "a") as out:
    for step in range(1, 4):
        loss *= 1.0 - cfg["lr"]
        record = {"step": step, "epoch": step, "time": time.time(),
                  "metrics": {"train/loss": loss, "width": cfg["model"]["width"]}}
        out.write(json.dumps(record) + "\n")
        out.flush()
print("argv:", " ".join(sys.argv[1:]))
print("config:", json.dumps(cfg, sort_keys=True))
