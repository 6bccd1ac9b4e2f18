"""Reference DBNet label generation and post-processing in numpy / OpenCV / pyclipper / shapely,
following the algorithms of MhLiao/DB (MakeSegDetectionData, MakeBorderMap, SegDetectorRepresenter)
and PaddleOCR's DBPostProcess; written independently for Ablate's differential tests and benchmark.

usage: db_reference.py labels|boxes|bench-labels  (JSON on stdin, JSON on stdout)
"""
import base64
import json
import sys
import time

import cv2
import numpy as np
import pyclipper
from shapely.geometry import Polygon

SHRINK, MIN_TEXT, T_MIN, T_MAX = 0.4, 8, 0.3, 0.7


def offset(points, delta):
    pco = pyclipper.PyclipperOffset()
    pco.AddPath([tuple(p) for p in points], pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    return pco.Execute(delta)


def border(poly, canvas, mask):
    shape = Polygon(poly)
    if shape.area <= 0:
        return
    dist = shape.area * (1 - SHRINK ** 2) / shape.length
    padded = np.array(offset(poly, dist)[0])
    cv2.fillPoly(mask, [padded.astype(np.int32)], 1.0)
    x0, x1 = padded[:, 0].min(), padded[:, 0].max()
    y0, y1 = padded[:, 1].min(), padded[:, 1].max()
    h, w = canvas.shape
    cx0, cx1 = min(max(0, x0), w - 1), min(max(0, x1), w - 1)
    cy0, cy1 = min(max(0, y0), h - 1), min(max(0, y1), h - 1)
    ys, xs = np.mgrid[cy0:cy1 + 1, cx0:cx1 + 1].astype(np.float64)
    best = np.ones_like(xs)
    n = len(poly)
    for i in range(n):
        a, b = poly[i], poly[(i + 1) % n]
        v = b - a
        t = np.clip(((xs - a[0]) * v[0] + (ys - a[1]) * v[1]) / max(v @ v, 1e-12), 0, 1)
        d = np.hypot(xs - (a[0] + t * v[0]), ys - (a[1] + t * v[1]))
        best = np.minimum(best, np.clip(d / dist, 0, 1))
    region = canvas[cy0:cy1 + 1, cx0:cx1 + 1]
    np.maximum(region, (1 - best).astype(np.float32), out=region)


def labels(item):
    h, w = item["height"], item["width"]
    polys = [np.array(p, dtype=np.float64) for p in item["polygons"]]
    ignore = list(item["ignore"])
    for p in polys:
        p[:, 0] = np.clip(p[:, 0], 0, w - 1)
        p[:, 1] = np.clip(p[:, 1], 0, h - 1)
    gt = np.zeros((h, w), np.float32)
    mask = np.ones((h, w), np.float32)
    canvas = np.zeros((h, w), np.float32)
    tmask = np.zeros((h, w), np.float32)
    for i, p in enumerate(polys):
        shape = Polygon(p)
        side = min(p[:, 1].max() - p[:, 1].min(), p[:, 0].max() - p[:, 0].min())
        skip = ignore[i] or shape.area < 1 or side < MIN_TEXT
        if not skip:
            shrunk = offset(p, -shape.area * (1 - SHRINK ** 2) / shape.length)
            if shrunk:
                cv2.fillPoly(gt, [np.array(shrunk[0]).astype(np.int32)], 1)
            else:
                skip = True
        if skip:
            cv2.fillPoly(mask, [p.astype(np.int32)], 0)
            continue
        border(p, canvas, tmask)
    canvas = canvas * (T_MAX - T_MIN) + T_MIN
    return gt, mask, canvas, tmask


def mini_box(contour):
    rect = cv2.minAreaRect(contour)
    pts = sorted(list(cv2.boxPoints(rect)), key=lambda p: p[0])
    i1, i4 = (0, 1) if pts[1][1] > pts[0][1] else (1, 0)
    i2, i3 = (2, 3) if pts[3][1] > pts[2][1] else (3, 2)
    return np.array([pts[i1], pts[i2], pts[i3], pts[i4]]), min(rect[1])


def box_score(pred, box):
    h, w = pred.shape
    x0 = np.clip(np.floor(box[:, 0].min()).astype(np.int32), 0, w - 1)
    x1 = np.clip(np.ceil(box[:, 0].max()).astype(np.int32), 0, w - 1)
    y0 = np.clip(np.floor(box[:, 1].min()).astype(np.int32), 0, h - 1)
    y1 = np.clip(np.ceil(box[:, 1].max()).astype(np.int32), 0, h - 1)
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
    shifted = box.copy()
    shifted[:, 0] -= x0
    shifted[:, 1] -= y0
    cv2.fillPoly(mask, shifted.reshape(1, -1, 2).astype(np.int32), 1)
    return cv2.mean(pred[y0:y1 + 1, x0:x1 + 1], mask)[0]


def boxes(item):
    h, w = item["height"], item["width"]
    pred = np.frombuffer(base64.b64decode(item["map"]), np.float32).reshape(h, w)
    dw, dh = item["dest_width"], item["dest_height"]
    contours, _ = cv2.findContours((pred > 0.3).astype(np.uint8) * 255, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for contour in contours[:1000]:
        box, side = mini_box(contour)
        if side < 3:
            continue
        score = box_score(pred, box)
        if score < 0.6:
            continue
        shape = Polygon(box)
        grown = offset(box.astype(np.int64), shape.area * 1.5 / shape.length)
        if len(grown) != 1:
            continue
        box, side = mini_box(np.array(grown[0]).reshape(-1, 1, 2).astype(np.float32))
        if side < 5:
            continue
        box[:, 0] = np.clip(np.round(box[:, 0] / w * dw), 0, dw)
        box[:, 1] = np.clip(np.round(box[:, 1] / h * dh), 0, dh)
        out.append({"points": box.astype(float).flatten().tolist(), "score": float(score)})
    return out


def encode(a):
    return base64.b64encode(np.ascontiguousarray(a, np.float32).tobytes()).decode()


def main():
    mode = sys.argv[1]
    items = json.load(sys.stdin)
    if mode == "labels":
        json.dump([[encode(m) for m in labels(i)] for i in items], sys.stdout)
    elif mode == "boxes":
        json.dump([boxes(i) for i in items], sys.stdout)
    elif mode == "bench-labels":
        repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            for i in items:
                labels(i)
            runs.append(len(items) / (time.perf_counter() - start))
        json.dump({"samples_per_s": sorted(runs)[len(runs) // 2]}, sys.stdout)


if __name__ == "__main__":
    main()
