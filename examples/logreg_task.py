#!/usr/bin/env python3
"""A small real training script run under Ablate as an external task.

Trains a softmax classifier with minibatch SGD on a synthetic 4-class Gaussian-blob problem and
reports train/loss, val/accuracy and lr to metrics.jsonl, as any training script can. Ablate hands
it the run directory and the job's config through the environment:

    scripts/train task=external 'task.command=[python3,examples/logreg_task.py]' \
        exp_name=logreg training.learning_rate=0.01,0.1,0.5 data.batch_size=8,32 -m
"""
import json
import os
import time

import numpy as np
import yaml

config = yaml.safe_load(open(os.environ["ABLATE_CONFIG"]))
metrics = open(os.environ["ABLATE_METRICS"], "a")

lr = float(config["training"]["learning_rate"])
batch = int(config["data"]["batch_size"])
epochs = int(config["trainer"]["max_epochs"])
rng = np.random.default_rng(int(config.get("seed", 0)))

centers = rng.normal(scale=2.0, size=(4, 8))
labels = rng.integers(0, 4, size=1200)
points = centers[labels] + rng.normal(size=(1200, 8))
train_x, val_x, train_y, val_y = points[:1000], points[1000:], labels[:1000], labels[1000:]
weights = np.zeros((8, 4))


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


step = 0
for epoch in range(1, epochs + 1):
    order = rng.permutation(len(train_x))
    losses = []
    for start in range(0, len(order), batch):
        idx = order[start:start + batch]
        probs = softmax(train_x[idx] @ weights)
        losses.append(-np.log(probs[np.arange(len(idx)), train_y[idx]] + 1e-12).mean())
        probs[np.arange(len(idx)), train_y[idx]] -= 1.0
        weights -= lr * train_x[idx].T @ probs / len(idx)
        step += 1
    accuracy = float((softmax(val_x @ weights).argmax(axis=1) == val_y).mean())
    record = {"step": step, "epoch": epoch, "time": time.time(),
              "metrics": {"train/loss": float(np.mean(losses)), "val/accuracy": accuracy, "lr": lr}}
    metrics.write(json.dumps(record) + "\n")
    metrics.flush()
    print(f"epoch {epoch}: loss {np.mean(losses):.4f} val/accuracy {accuracy:.3f}", flush=True)
