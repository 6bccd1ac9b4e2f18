#!/usr/bin/env python3
"""Writes synthetic sweep run directories, as the launcher and worker lay them out, for the store benchmark.

usage: make_run_dirs.py ROOT RUNS EVALS METRICS
Each run: .hydra/{config,overrides,hydra}.yaml, status.json (completed), metrics.jsonl with EVALS lines
of METRICS metrics each. Runs sweep model.architecture_name x optimizer.lr x seed under exp_name=bench.
"""
import json
import os
import random
import sys

root, runs, evals, metric_count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
names = ["train/loss", "val/hmean", "val/precision", "val/recall", "lr", "val/loss", "val/acc", "train/acc"]
names = (names + [f"extra/m{i}" for i in range(metric_count)])[:metric_count]
archs = ["dbnet", "dbnetpp", "craft"]
lrs = [0.001, 0.0005, 0.0001]
rng = random.Random(0)
sweep = os.path.join(root, "bench")
os.makedirs(sweep, exist_ok=True)
with open(os.path.join(sweep, "multirun.yaml"), "w") as f:
    f.write("hydra:\n  mode: MULTIRUN\n")
for job in range(runs):
    arch, lr, seed = archs[job % 3], lrs[(job // 3) % 3], job // 9
    overrides = [f"model.architecture_name={arch}", f"optimizer.lr={lr}", f"seed={seed}"]
    run_dir = os.path.join(sweep, f"{job}_" + ",".join(overrides))
    os.makedirs(os.path.join(run_dir, ".hydra"), exist_ok=True)
    os.makedirs(os.path.join(run_dir, "logs"), exist_ok=True)
    with open(os.path.join(run_dir, ".hydra", "config.yaml"), "w") as f:
        f.write(f"""exp_name: bench
seed: {seed}
logger:
  project: OCR_Ablation
  tags:
  - bench
model:
  architecture_name: {arch}
  encoder:
    model_name: resnet18
optimizer:
  name: adam
  lr: {lr}
  weight_decay: 0.0001
data:
  batch_size: 8
trainer:
  max_epochs: {evals}
""")
    with open(os.path.join(run_dir, ".hydra", "overrides.yaml"), "w") as f:
        f.write("".join(f"- {o}\n" for o in overrides))
    with open(os.path.join(run_dir, ".hydra", "hydra.yaml"), "w") as f:
        f.write(f"hydra:\n  job:\n    name: train\n    num: {job}\n    override_dirname: {','.join(overrides)}\n")
    t0 = 1763712000.0 + job
    with open(os.path.join(run_dir, "metrics.jsonl"), "w") as f:
        for e in range(evals):
            metrics = {n: rng.random() for n in names}
            f.write(json.dumps({"step": (e + 1) * 100, "epoch": e, "time": t0 + e, "metrics": metrics}) + "\n")
    with open(os.path.join(run_dir, "status.json"), "w") as f:
        json.dump({"state": "completed", "job_num": job, "exit_code": 0, "signal": None, "start_time": t0,
                   "end_time": t0 + evals, "host": "benchhost", "pid": 1000 + job, "attempt": 1,
                   "launcher": "local", "error": None}, f)
