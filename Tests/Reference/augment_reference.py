"""Reference side of the classification augmentation differential tests.

Reads a JSON request on stdin and answers on stdout:
- "cases": Ablate's recorded draws of each operation with its input image; each is applied
  here by torchvision's functional ops (resized_crop, hflip, erase) or, for GridMask (no
  torchvision/timm version), by its authors' mask construction; Mixup and CutMix by tensor
  ops; the soft-target loss by torch's cross_entropy with probabilities and label smoothing.
- "stats": parameter draws made here (torchvision's get_params, PaddleClas's single draw,
  numpy's beta) summarised as quantiles, for Ablate's draws to be compared with.
"""
import json
import math
import random
import sys

import numpy as np
import torch
import torch.nn.functional as nnf
import torchvision.transforms as T
import torchvision.transforms.functional as F

QUANTILES = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]


def tensor(case, dtype):
    c, h, w = case["shape"]
    return torch.tensor(case["image"], dtype=dtype).reshape(c, h, w)


def resized_crop(case):
    img = tensor(case, torch.uint8)
    top, left, h, w = case["box"]
    out = F.resized_crop(img, top, left, h, w, list(img.shape[1:]), T.InterpolationMode.BILINEAR)
    if case["flip"]:
        out = F.hflip(out)
    return out.flatten().tolist()


def erase(case):
    img = tensor(case, torch.float32)
    for k, (top, left, h, w) in enumerate(case["boxes"]):
        values = case["values"][k]
        v = torch.tensor(values, dtype=torch.float32).reshape(img.shape[0], h, w) if values else torch.zeros(1)
        img = F.erase(img, top, left, h, w, v)
    return img.flatten().tolist()


def gridmask(case):
    """The mask as GridMask's authors build it: a square of the image's diagonal, bands of
    ceil(d * ratio) rows and columns every d from the offsets, cropped to the image's centre."""
    img = tensor(case, torch.float32)
    _, h, w = img.shape
    d, st_h, st_w, ratio, mode = case["d"], case["start_y"], case["start_x"], case["ratio"], case["mode"]
    hh = math.ceil(math.sqrt(h * h + w * w))
    band = math.ceil(d * ratio)
    mask = np.ones((hh, hh), np.float32)
    for i in range(-1, hh // d + 1):
        s, t = d * i + st_h, d * i + st_h + band
        mask[max(min(s, hh), 0):max(min(t, hh), 0), :] *= 0
    for i in range(-1, hh // d + 1):
        s, t = d * i + st_w, d * i + st_w + band
        mask[:, max(min(s, hh), 0):max(min(t, hh), 0)] *= 0
    mask = mask[(hh - h) // 2:(hh - h) // 2 + h, (hh - w) // 2:(hh - w) // 2 + w]
    if mode == 1:
        mask = 1 - mask
    # mask is 1 where the image is kept in mode 0 (bands dropped) and after the flip in mode 1.
    return (img * torch.from_numpy(mask.copy())).flatten().tolist()


def batch(case):
    n = len(case["perm"])
    c, h, w = case["shape"]
    x = torch.tensor(case["images"], dtype=torch.float32).reshape(n, c, h, w)
    perm = torch.tensor(case["perm"])
    if case["op"] == "mixup":
        lam = case["lambda"]
        out = lam * x + (1 - lam) * x[perm]
    else:
        top, left, bh, bw = case["box"]
        out = x.clone()
        out[:, :, top:top + bh, left:left + bw] = x[perm, :, top:top + bh, left:left + bw]
    return out.flatten().tolist()


def soft_loss(case):
    n, k = case["n"], case["k"]
    logits = torch.tensor(case["logits"], dtype=torch.float32).reshape(n, k)
    labels = torch.tensor(case["labels"])
    perm = torch.tensor(case["perm"])
    lam = case["lambda"]
    target = lam * nnf.one_hot(labels, k).float() + (1 - lam) * nnf.one_hot(labels[perm], k).float()
    return [nnf.cross_entropy(logits, target, label_smoothing=case["smoothing"]).item()]


def operations(case):
    """AutoAugment/RandAugment steps applied one after another by torchvision's own `_apply_op`
    (nearest neighbour, fill 0), as its AutoAugment and RandAugment call it."""
    from torchvision.transforms import autoaugment
    img = tensor(case, torch.uint8)
    for name, magnitude in case["steps"]:
        img = apply_op(autoaugment, img, name, magnitude)
    return img.flatten().tolist()


def apply_op(module, img, name, magnitude):
    return module._apply_op(img, name, magnitude, interpolation=T.InterpolationMode.NEAREST, fill=None)


def operation_stats(spec):
    """How often torchvision's AutoAugment (ImageNet policy) or RandAugment applies each
    operation at each signed magnitude: its forward runs with `_apply_op` recording instead."""
    from torchvision.transforms import autoaugment
    torch.manual_seed(spec["seed"])
    counts = {}
    original = autoaugment._apply_op

    def record(img, op_name, magnitude, interpolation, fill):
        key = f"{op_name}:{round(float(magnitude), 3) + 0.0}"  # -0.0 (a negated 0) counts as 0.0
        counts[key] = counts.get(key, 0) + 1
        return img

    autoaugment._apply_op = record
    try:
        if spec["kind"] == "autoaugment":
            transform = T.AutoAugment(T.AutoAugmentPolicy.IMAGENET)
        else:
            transform = T.RandAugment(num_ops=spec["layers"], magnitude=spec["magnitude"], num_magnitude_bins=spec["bins"])
        img = torch.zeros(3, spec["height"], spec["width"], dtype=torch.uint8)
        for _ in range(spec["n"]):
            transform(img)
    finally:
        autoaugment._apply_op = original
    return {"counts": counts}


def quantiles(values):
    return [float(q) for q in np.quantile(np.array(values, dtype=np.float64), QUANTILES)]


def rrc_stats(spec):
    torch.manual_seed(spec["seed"])
    random.seed(spec["seed"])
    h, w, n = spec["height"], spec["width"], spec["n"]
    img = torch.zeros(1, h, w)
    area, aspect = [], []
    for _ in range(n):
        if spec["semantics"] == "torchvision":
            _, _, ch, cw = T.RandomResizedCrop.get_params(img, spec["scale"], spec["ratio"])
        else:
            # PaddleClas's RandCropImage: one draw, aspect ratio uniform, area capped to fit.
            r = random.uniform(*spec["ratio"])
            bound = min(w / h / r, h / w * r)
            target = h * w * random.uniform(min(spec["scale"][0], bound), min(spec["scale"][1], bound))
            cw, ch = int(math.sqrt(target * r)), int(math.sqrt(target / r))
        area.append(ch * cw / (h * w))
        aspect.append(math.log(cw / ch))
    return {"area": quantiles(area), "log_aspect": quantiles(aspect)}


def erasing_stats(spec):
    torch.manual_seed(spec["seed"])
    h, w, n = spec["height"], spec["width"], spec["n"]
    img = torch.zeros(1, h, w)
    area, aspect, erased = [], [], 0
    for _ in range(n):
        _, _, eh, ew, _ = T.RandomErasing.get_params(img, scale=spec["scale"], ratio=spec["ratio"], value=[0])
        if eh == h and ew == w:
            continue  # torchvision's "no box found": the image is returned as it is.
        erased += 1
        area.append(eh * ew / (h * w))
        aspect.append(math.log(eh / ew))
    return {"area": quantiles(area), "log_aspect": quantiles(aspect), "found": erased / n}


def beta_stats(spec):
    rng = np.random.default_rng(spec["seed"])
    return {"beta": quantiles(rng.beta(spec["alpha"], spec["alpha"], spec["n"]))}


APPLY = {"operations": operations, "resized_crop": resized_crop, "erase": erase, "gridmask": gridmask, "mixup": batch, "cutmix": batch,
         "soft_loss": soft_loss}
STATS = {"resized_crop": rrc_stats, "erasing": erasing_stats, "beta": beta_stats, "autoaugment": operation_stats,
         "randaugment": operation_stats}


def main():
    request = json.load(sys.stdin)
    answer = {
        "outputs": [APPLY[case["op"]](case) for case in request.get("cases", [])],
        "stats": [STATS[spec["kind"]](spec) for spec in request.get("stats", [])],
        "quantiles": QUANTILES,
    }
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
