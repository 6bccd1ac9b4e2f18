"""Reference DBNet and CRAFT losses in PyTorch, written from the published definitions
(MhLiao/DB L1BalanceCELoss: BalanceCrossEntropy with 3:1 OHEM via torch.topk, MaskL1, Dice;
CRAFT's MSE with hard-negative mining per image). Reads JSON on stdin, prints JSON."""
import json
import sys

import torch
import torch.nn.functional as F


def balanced_bce(logits, gt, mask, ratio, eps=1e-6):
    positive = gt * mask
    negative = (1 - gt) * mask
    pos_count = int(positive.sum().item())
    neg_count = min(int(negative.sum().item()), int(pos_count * ratio))
    loss = F.binary_cross_entropy_with_logits(logits, gt, reduction="none")
    pos_loss = (loss * positive).sum()
    neg_loss, _ = torch.topk((loss * negative).view(-1), neg_count)
    return (pos_loss + neg_loss.sum()) / (pos_count + neg_count + eps)


def masked_l1(pred, gt, mask):
    s = mask.sum()
    return (torch.abs(pred - gt) * mask).sum() / s


def dice(pred, gt, mask, eps=1e-6):
    inter = (pred * gt * mask).sum()
    union = (pred * mask).sum() + (gt * mask).sum() + eps
    return 1 - 2.0 * inter / union


def craft_map(pred, gt, mask, thr, ratio, without):
    total = 0.0
    n = pred.shape[0]
    for i in range(n):
        e = (pred[i] - gt[i]) ** 2 * mask[i]
        pos = (gt[i] >= thr).float() * mask[i]
        neg = (gt[i] < thr).float() * mask[i]
        p, q = int(pos.sum().item()), int(neg.sum().item())
        if p > 0:
            term = (e * pos).sum() / p
            k = min(q, ratio * p)
            if k > 0:
                term = term + torch.topk((e * neg).view(-1), k)[0].sum() / k
        else:
            k = min(q, without)
            term = torch.topk((e * neg).view(-1), k)[0].sum() / k
        total = total + term
    return total / n


def main():
    data = json.load(sys.stdin)
    t = lambda name: torch.tensor(data[name], dtype=torch.float32).reshape(data.get("shape", [-1]))
    out = {}
    if data["kind"] == "db":
        logits = t("logits").requires_grad_(True)
        thresh = t("thresh").requires_grad_(True)
        gt, mask, tgt, tmask = t("gt"), t("mask"), t("thresh_gt"), t("thresh_mask")
        binary = torch.sigmoid(50 * (torch.sigmoid(logits) - thresh))
        bce = balanced_bce(logits, gt, mask, 3.0)
        l1 = masked_l1(thresh, tgt, tmask)
        d = dice(binary, gt, mask)
        total = 5 * bce + 10 * l1 + d
        total.backward()
        out = {"bce": bce.item(), "l1": l1.item(), "dice": d.item(), "total": total.item(),
               "grad_logits": logits.grad.reshape(-1).tolist(), "grad_thresh": thresh.grad.reshape(-1).tolist()}
    else:
        pred = torch.tensor(data["pred"], dtype=torch.float32).reshape(data["pred_shape"]).requires_grad_(True)
        m = lambda name: torch.tensor(data[name], dtype=torch.float32).reshape(data["map_shape"])
        region, affinity, mask = m("region"), m("affinity"), m("mask")
        r = craft_map(pred[:, 0], region, mask, 0.1, 3, 500)
        a = craft_map(pred[:, 1], affinity, mask, 0.1, 3, 500)
        total = r + a
        total.backward()
        out = {"region": r.item(), "affinity": a.item(), "total": total.item(), "grad": pred.grad.reshape(-1).tolist()}
    json.dump(out, sys.stdout)


main()
