// Detection post-processing: DBNet boxes from a probability map, CRAFT boxes from region/link maps.
#include "CVision.h"
#include "Internal.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

using namespace cvision;

/// The min-area rectangle's corners ordered top-left, top-right, bottom-right, bottom-left
/// (DBNet's get_mini_boxes), and its shorter side.
static std::vector<cv::Point2f> mini_box(const std::vector<cv::Point2f> &points, float *short_side) {
    cv::RotatedRect rect = cv::minAreaRect(points);
    cv::Point2f corners[4];
    rect.points(corners);
    std::vector<cv::Point2f> p(corners, corners + 4);
    for (int i = 1; i < 4; ++i) // stable insertion sort by x, as Python's sorted
        for (int j = i; j > 0 && p[j].x < p[j - 1].x; --j) std::swap(p[j], p[j - 1]);
    int i1, i2, i3, i4;
    if (p[1].y > p[0].y) { i1 = 0; i4 = 1; } else { i1 = 1; i4 = 0; }
    if (p[3].y > p[2].y) { i2 = 2; i3 = 3; } else { i2 = 3; i3 = 2; }
    *short_side = std::min(rect.size.width, rect.size.height);
    return {p[i1], p[i2], p[i3], p[i4]};
}

/// Mean of pred over the polygon's filled mask within its bounding box (box_score_fast).
static float box_score_fast(const cv::Mat &pred, const std::vector<cv::Point2f> &box) {
    const int h = pred.rows, w = pred.cols;
    float fx0 = box[0].x, fx1 = box[0].x, fy0 = box[0].y, fy1 = box[0].y;
    for (const auto &p : box) {
        fx0 = std::min(fx0, p.x); fx1 = std::max(fx1, p.x);
        fy0 = std::min(fy0, p.y); fy1 = std::max(fy1, p.y);
    }
    const int xmin = std::clamp(static_cast<int>(std::floor(fx0)), 0, w - 1);
    const int xmax = std::clamp(static_cast<int>(std::ceil(fx1)), 0, w - 1);
    const int ymin = std::clamp(static_cast<int>(std::floor(fy0)), 0, h - 1);
    const int ymax = std::clamp(static_cast<int>(std::ceil(fy1)), 0, h - 1);
    cv::Mat mask = cv::Mat::zeros(ymax - ymin + 1, xmax - xmin + 1, CV_8UC1);
    std::vector<cv::Point> shifted;
    for (const auto &p : box) shifted.emplace_back(static_cast<int>(p.x - xmin), static_cast<int>(p.y - ymin));
    std::vector<std::vector<cv::Point>> polys{shifted};
    cv::fillPoly(mask, polys, cv::Scalar(1));
    return static_cast<float>(cv::mean(pred(cv::Rect(xmin, ymin, xmax - xmin + 1, ymax - ymin + 1)), mask)[0]);
}

/// Unclip: Vatti offset outward by D = A * ratio / L (round joins).
static ClipperLib::Paths unclip(const std::vector<cv::Point2f> &box, float ratio) {
    const double area = std::fabs(cv::contourArea(box)), length = cv::arcLength(box, true);
    if (length <= 0) return {};
    ClipperLib::Path path;
    for (const auto &p : box)
        path.emplace_back(static_cast<ClipperLib::cInt>(p.x), static_cast<ClipperLib::cInt>(p.y));
    return offset_path(path, area * ratio / length);
}

extern "C" int ab_db_boxes(const float *pred_data, int h, int w, float thresh, float box_thresh, float unclip_ratio,
                           int max_candidates, int min_size, int use_polygon, int dest_w, int dest_h,
                           double **out_pts, int **out_counts, float **out_scores, int *out_n) {
    return guard([&] {
        cv::Mat pred(h, w, CV_32FC1, const_cast<float *>(pred_data));
        cv::Mat bitmap = pred > thresh; // 255 where true
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(bitmap, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
        const int count = std::min(static_cast<int>(contours.size()), max_candidates);
        std::vector<double> flat;
        std::vector<int> counts;
        std::vector<float> scores;
        for (int i = 0; i < count; ++i) {
            std::vector<cv::Point2f> contour(contours[i].begin(), contours[i].end());
            std::vector<cv::Point2f> shape;
            float side = 0;
            if (use_polygon) {
                std::vector<cv::Point> approx;
                cv::approxPolyDP(contours[i], approx, 0.002 * cv::arcLength(contours[i], true), true);
                if (approx.size() < 4) continue;
                shape.assign(approx.begin(), approx.end());
            } else {
                shape = mini_box(contour, &side);
                if (side < min_size) continue;
            }
            const float score = box_score_fast(pred, shape);
            if (score < box_thresh) continue;
            ClipperLib::Paths grown = unclip(shape, unclip_ratio);
            if (grown.size() != 1) continue;
            std::vector<cv::Point2f> expanded;
            for (const auto &p : grown[0]) expanded.emplace_back(static_cast<float>(p.X), static_cast<float>(p.Y));
            std::vector<cv::Point2f> result = mini_box(expanded, &side);
            if (side < min_size + 2) continue;
            if (use_polygon) result = expanded;
            for (const auto &p : result) {
                flat.push_back(std::clamp(std::round(double(p.x) / w * dest_w), 0.0, double(dest_w)));
                flat.push_back(std::clamp(std::round(double(p.y) / h * dest_h), 0.0, double(dest_h)));
            }
            counts.push_back(static_cast<int>(result.size()));
            scores.push_back(score);
        }
        *out_pts = to_malloc(flat);
        *out_counts = to_malloc(counts);
        *out_scores = to_malloc(scores);
        *out_n = static_cast<int>(counts.size());
    });
}

extern "C" int ab_craft_boxes(const float *text_data, const float *link_data, int h, int w, float text_threshold,
                              float link_threshold, float low_text, double scale_x, double scale_y,
                              double **out_quads, float **out_scores, int *out_n) {
    return guard([&] {
        cv::Mat text(h, w, CV_32FC1, const_cast<float *>(text_data));
        cv::Mat link(h, w, CV_32FC1, const_cast<float *>(link_data));
        cv::Mat text_score = text > low_text, link_score = link > link_threshold; // 0/255
        cv::Mat combined = text_score | link_score, labels, stats, centroids;
        const int n = cv::connectedComponentsWithStats(combined, labels, stats, centroids, 4, CV_32S);
        cv::Mat link_only = link_score & ~text_score;
        std::vector<double> flat;
        std::vector<float> scores;
        for (int k = 1; k < n; ++k) {
            const int size = stats.at<int>(k, cv::CC_STAT_AREA);
            if (size < 10) continue;
            cv::Mat component = labels == k;
            double peak = 0;
            cv::minMaxLoc(text, nullptr, &peak, nullptr, nullptr, component);
            if (peak < text_threshold) continue;
            cv::Mat seg = cv::Mat::zeros(h, w, CV_8UC1);
            seg.setTo(255, component);
            seg.setTo(0, link_only);
            const int x = stats.at<int>(k, cv::CC_STAT_LEFT), y = stats.at<int>(k, cv::CC_STAT_TOP);
            const int bw = stats.at<int>(k, cv::CC_STAT_WIDTH), bh = stats.at<int>(k, cv::CC_STAT_HEIGHT);
            const int niter = static_cast<int>(std::sqrt(double(size) * std::min(bw, bh) / (double(bw) * bh)) * 2);
            const int sx = std::max(0, x - niter), sy = std::max(0, y - niter);
            const int ex = std::min(w, x + bw + niter + 1), ey = std::min(h, y + bh + niter + 1);
            cv::Mat roi = seg(cv::Rect(sx, sy, ex - sx, ey - sy));
            cv::dilate(roi, roi, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(1 + niter, 1 + niter)));
            std::vector<cv::Point> on;
            cv::findNonZero(seg, on);
            if (on.empty()) continue;
            cv::RotatedRect rect = cv::minAreaRect(on);
            cv::Point2f box[4];
            rect.points(box);
            const double bw2 = cv::norm(box[0] - box[1]), bh2 = cv::norm(box[1] - box[2]);
            const double ratio = std::max(bw2, bh2) / (std::min(bw2, bh2) + 1e-5);
            if (std::fabs(1 - ratio) <= 0.1) {
                cv::Rect r = cv::boundingRect(on);
                box[0] = {float(r.x), float(r.y)};
                box[1] = {float(r.x + r.width - 1), float(r.y)};
                box[2] = {float(r.x + r.width - 1), float(r.y + r.height - 1)};
                box[3] = {float(r.x), float(r.y + r.height - 1)};
            }
            int start = 0;
            for (int i = 1; i < 4; ++i)
                if (box[i].x + box[i].y < box[start].x + box[start].y) start = i;
            for (int i = 0; i < 4; ++i) {
                const cv::Point2f &p = box[(start + i) % 4];
                flat.push_back(p.x * scale_x);
                flat.push_back(p.y * scale_y);
            }
            scores.push_back(static_cast<float>(peak));
        }
        *out_quads = to_malloc(flat);
        *out_scores = to_malloc(scores);
        *out_n = static_cast<int>(scores.size());
    });
}
