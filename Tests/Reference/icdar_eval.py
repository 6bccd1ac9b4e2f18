"""Reference ICDAR-2015 IoU evaluation with shapely, following the protocol of PaddleOCR's
DetectionIoUEvaluator (ppocr/metrics/eval_det_iou.py), written independently for Ablate's
differential tests.

stdin: JSON list of images, each {"gt": [{"points": [[x, y], ...], "ignore": bool}, ...],
"det": [[[x, y], ...], ...]}.
stdout: JSON {"images": [{"gtCare": n, "detCare": n, "matched": n}, ...],
"precision": p, "recall": r, "hmean": h}.
"""
import json
import sys

from shapely.geometry import Polygon

IOU = 0.5
AREA_PRECISION = 0.5


def usable(points):
    poly = Polygon(points)
    return poly.is_valid and poly.is_simple


def one_image(gt, det):
    gt_polys, gt_dont_care = [], []
    for item in gt:
        if not usable(item["points"]):
            continue
        if item["ignore"]:
            gt_dont_care.append(len(gt_polys))
        gt_polys.append(Polygon(item["points"]))
    det_polys, det_dont_care = [], []
    for points in det:
        if not usable(points):
            continue
        poly = Polygon(points)
        for index in gt_dont_care:
            inter = gt_polys[index].intersection(poly).area
            if poly.area > 0 and inter / poly.area > AREA_PRECISION:
                det_dont_care.append(len(det_polys))
                break
        det_polys.append(poly)
    matched = 0
    gt_taken = [False] * len(gt_polys)
    det_taken = [False] * len(det_polys)
    for g, gp in enumerate(gt_polys):
        if g in gt_dont_care:
            continue
        for d, dp in enumerate(det_polys):
            if gt_taken[g] or det_taken[d] or d in det_dont_care:
                continue
            union = dp.union(gp).area
            iou = 0.0 if union == 0 else dp.intersection(gp).area / union
            if iou > IOU:
                gt_taken[g] = det_taken[d] = True
                matched += 1
    return {"gtCare": len(gt_polys) - len(gt_dont_care),
            "detCare": len(det_polys) - len(det_dont_care), "matched": matched}


def main():
    images = [one_image(item["gt"], item["det"]) for item in json.load(sys.stdin)]
    gt_care = sum(i["gtCare"] for i in images)
    det_care = sum(i["detCare"] for i in images)
    matched = sum(i["matched"] for i in images)
    recall = 0.0 if gt_care == 0 else matched / gt_care
    precision = 0.0 if det_care == 0 else matched / det_care
    hmean = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    json.dump({"images": images, "precision": precision, "recall": recall, "hmean": hmean}, sys.stdout)


if __name__ == "__main__":
    main()
