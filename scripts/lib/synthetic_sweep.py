#!/usr/bin/env python3
"""Writes a synthetic sweep as real run directories (the run-directory contract: .hydra/config.yaml,
overrides.yaml, status.json, metrics.jsonl), for the report benchmark.

    synthetic_sweep.py ROOT EXP RUNS POINTS [--metrics val/acc,train/loss]

Each run varies optimizer.lr (10 values), model.width (4 values) and seed; its curves are noisy
saturating learning curves, one line per point with step, epoch and every metric.
"""
import argparse
import json
import math
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("root")
parser.add_argument("exp")
parser.add_argument("runs", type=int)
parser.add_argument("points", type=int)
parser.add_argument("--metrics", default="val/acc")
args = parser.parse_args()
metrics = args.metrics.split(",")
lrs = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0]
widths = [16, 32, 64, 128]
rng = random.Random(0)
for job in range(args.runs):
    lr, width, seed = lrs[job % 10], widths[(job // 10) % 4], job // 40
    overrides = [f"optimizer.lr={lr}", f"model.width={width}", f"seed={seed}"]
    run = os.path.join(args.root, args.exp, f"{job}_" + ",".join(overrides))
    os.makedirs(os.path.join(run, ".hydra"), exist_ok=True)
    with open(os.path.join(run, ".hydra", "config.yaml"), "w") as f:
        f.write(f"exp_name: {args.exp}\nseed: {seed}\noptimizer:\n  lr: {lr}\nmodel:\n  width: {width}\n"
                f"trainer:\n  max_epochs: {args.points // 10}\n")
    with open(os.path.join(run, ".hydra", "overrides.yaml"), "w") as f:
        f.write("".join(f"- {o}\n" for o in overrides))
    ceiling = 0.7 + 0.25 * math.exp(-abs(math.log10(lr) + 1.5)) + 0.01 * math.log2(width)
    rate = 0.02 + 0.05 * lr
    with open(os.path.join(run, "metrics.jsonl"), "w") as f:
        for point in range(args.points):
            step = (point + 1) * 50
            base = ceiling * (1 - math.exp(-rate * (point + 1)))
            values = {}
            for name in metrics:
                noise = rng.gauss(0, 0.01)
                values[name] = (2.5 - 2 * base + noise) if name.endswith("loss") else (base + noise)
            f.write(json.dumps({"step": step, "epoch": point // 10, "time": 1763712000 + point,
                                "metrics": values}) + "\n")
    status = {"state": "completed", "job_num": job, "exit_code": 0, "signal": None,
              "start_time": 1763712000 + job * 60, "end_time": 1763712000 + job * 60 + args.points,
              "host": "bench", "pid": 1, "attempt": 1, "launcher": "local", "error": None}
    with open(os.path.join(run, "status.json"), "w") as f:
        json.dump(status, f)
