#!/usr/bin/env python3
"""The training core's loop in PyTorch, for the cross-check and the benchmark.

Usage: torch_train_reference.py STATE.safetensors [--bench-steps N --threads T]

STATE holds the model's initial state dict (`net.*`), the training data (`data.x`, `data.y`),
the run generator's state at the start of training (`rng.torch`) and, under the metadata key
`reference`, the settings as JSON. Prints a JSON object: {"losses": [...]} (or, with
--bench-steps, {"steps_per_s": ...}).
"""
import argparse
import json
import math
import sys
import time

import torch
import torch.nn.functional as F
from safetensors import safe_open
from torch import nn


class SmallConvNet(nn.Module):
    def __init__(self, channels, width, classes):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(channels, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(),
            nn.Conv2d(width, 2 * width, 3, stride=2, padding=1), nn.BatchNorm2d(2 * width), nn.ReLU(),
            nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(2 * width, classes))

    def forward(self, x):
        return self.body(x)


def learning_rate(s, step):
    """Linear warmup, then the decay schedule restarted at 0 (per step)."""
    peak, warmup = s["lr"], s["warmup_steps"]
    if step < warmup:
        return s["warmup_start_lr"] + (peak - s["warmup_start_lr"]) * step / warmup
    t = step - warmup
    if s["schedule"] == "cosine":
        total = s["total_steps"] - warmup
        t = min(t, total)
        return s["eta_min"] + (peak - s["eta_min"]) * (1 + math.cos(math.pi * t / total)) / 2
    return peak


def ema_decay(s, t, total):
    d = s["ema_decay"]
    if s["ema_type"] == "threshold":
        return min(d, (1 + t) / (10 + t))
    if s["ema_type"] == "exp":
        return d * (1 - math.exp(-s["ema_beta"] * t / total))
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("state")
    ap.add_argument("--bench-steps", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    tensors = {}
    with safe_open(args.state, framework="pt") as f:
        s = json.loads(f.metadata()["reference"])
        for k in f.keys():
            tensors[k] = f.get_tensor(k)
    model = SmallConvNet(s["channels"], s["width"], s["classes"])
    model.load_state_dict({k[4:]: v for k, v in tensors.items() if k.startswith("net.")})
    x_all, y_all = tensors["data.x"], tensors["data.y"]

    decay, plain = [], []
    for name, p in model.named_parameters():
        (plain if p.ndim <= 1 or name.endswith(".bias") or s["weight_decay"] == 0 else decay).append(p)
    groups = [g for g in ({"params": decay, "weight_decay": s["weight_decay"]},
                          {"params": plain, "weight_decay": 0.0}) if g["params"]]
    name = s["optimizer"]
    if name == "sgd":
        opt = torch.optim.SGD(groups, lr=s["lr"], momentum=s["momentum"], nesterov=s["nesterov"], foreach=False)
    elif name == "adamw":
        opt = torch.optim.AdamW(groups, lr=s["lr"], betas=(s["beta1"], s["beta2"]), eps=s["eps"], foreach=False)
    elif name == "rmsprop":
        opt = torch.optim.RMSprop(groups, lr=s["lr"], alpha=s["alpha"], eps=s["eps"], momentum=s["momentum"],
                                  centered=s["centered"], foreach=False)
    else:
        raise SystemExit(f"unknown optimizer {name}")

    ema = [(k, v.detach().clone()) for k, v in model.state_dict().items()] if s["ema"] else None
    ema_updates = 0
    n, b, k = x_all.shape[0], s["batch_size"], s["accumulation"]
    batches = (n + b - 1) // b
    generator = torch.Generator()
    generator.set_state(tensors["rng.torch"])
    model.train()
    losses, step = [], 0

    def train_epoch():
        nonlocal step, ema_updates
        order = torch.randperm(n, generator=generator) if s["shuffle"] else torch.arange(n)
        for batch in range(batches):
            group_start = batch // k * k
            group_size = min(k, batches - group_start)
            idx = order[batch * b:min(n, (batch + 1) * b)]
            x, y = x_all.index_select(0, idx), y_all.index_select(0, idx)
            loss = F.cross_entropy(model(x), y, label_smoothing=s["label_smoothing"])
            value = loss.item()
            if not math.isfinite(value):
                print(f"warning: loss {value} at step {step}", file=sys.stderr)
            losses.append(value)
            (loss if group_size == 1 else loss / group_size).backward()
            if batch - group_start != group_size - 1:
                continue
            lr = learning_rate(s, step)
            for g in opt.param_groups:
                g["lr"] = lr
            params = list(model.parameters())
            if s["clip"] == "norm":
                norm = nn.utils.clip_grad_norm_(params, s["clip_norm"])
            else:
                norm = torch.norm(torch.stack([torch.norm(p.grad.detach()) for p in params if p.grad is not None]))
            if math.isfinite(norm.item()):
                opt.step()
            opt.zero_grad(set_to_none=True)
            if ema is not None:
                d = ema_decay(s, ema_updates, s["total_steps"])
                with torch.no_grad():
                    for (_, avg), v in zip(ema, model.state_dict().values()):
                        if avg.dtype.is_floating_point:
                            avg.mul_(d).add_(v, alpha=1 - d)
                        else:
                            avg.copy_(v)
                ema_updates += 1
            step += 1

    if args.bench_steps:
        train_epoch()  # warm-up epoch
        start, done = time.perf_counter(), step
        while step - done < args.bench_steps:
            train_epoch()
        print(json.dumps({"steps_per_s": (step - done) / (time.perf_counter() - start)}))
        return
    for _ in range(s["epochs"]):
        train_epoch()
    out = {"losses": losses}
    if ema is not None:
        out["ema_sum"] = float(sum(v.double().sum() for _, v in ema if v.dtype.is_floating_point))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
