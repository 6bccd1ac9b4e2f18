// Label rasterisation: filled polygons, DBNet's border (threshold) map, CRAFT's Gaussian heatmaps.
#include "CVision.h"
#include "Internal.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

using namespace cvision;

static std::vector<cv::Point> int_points(const double *pts, int n) {
    std::vector<cv::Point> out;
    out.reserve(n);
    // cv::fillPoly on polygon.astype(np.int32): truncation toward zero.
    for (int i = 0; i < n; ++i) out.emplace_back(static_cast<int>(pts[2 * i]), static_cast<int>(pts[2 * i + 1]));
    return out;
}

extern "C" int ab_fill_polygons(float *map, int h, int w, const double *pts, const int *counts, int npolys,
                                float value) {
    return guard([&] {
        cv::Mat m(h, w, CV_32FC1, map);
        int offset = 0;
        for (int i = 0; i < npolys; ++i) {
            std::vector<std::vector<cv::Point>> polys{int_points(pts + 2 * offset, counts[i])};
            cv::fillPoly(m, polys, cv::Scalar(value));
            offset += counts[i];
        }
    });
}

/// One polygon edge with its constants precomputed for point-to-segment distances.
struct Edge {
    double ax, ay, vx, vy, inv_len2;
    /// Squared distance from (x, y) to the segment.
    inline double squared_distance(double x, double y) const {
        const double t = std::clamp(((x - ax) * vx + (y - ay) * vy) * inv_len2, 0.0, 1.0);
        const double dx = x - (ax + t * vx), dy = y - (ay + t * vy);
        return dx * dx + dy * dy;
    }
};

extern "C" int ab_border_map(float *canvas, float *mask, int h, int w, const double *poly, int n,
                             const double *padded, int np, double distance) {
    return guard([&] {
        if (n < 3 || np < 3 || distance <= 0) return;
        cv::Mat m(h, w, CV_32FC1, mask);
        std::vector<std::vector<cv::Point>> polys{int_points(padded, np)};
        cv::fillPoly(m, polys, cv::Scalar(1.0));
        double xmin = padded[0], xmax = padded[0], ymin = padded[1], ymax = padded[1];
        for (int i = 1; i < np; ++i) {
            xmin = std::min(xmin, padded[2 * i]);
            xmax = std::max(xmax, padded[2 * i]);
            ymin = std::min(ymin, padded[2 * i + 1]);
            ymax = std::max(ymax, padded[2 * i + 1]);
        }
        const int x0 = std::clamp(static_cast<int>(xmin), 0, w - 1), x1 = std::clamp(static_cast<int>(xmax), 0, w - 1);
        const int y0 = std::clamp(static_cast<int>(ymin), 0, h - 1), y1 = std::clamp(static_cast<int>(ymax), 0, h - 1);
        std::vector<Edge> edges;
        for (int i = 0; i < n; ++i) {
            const int j = (i + 1) % n;
            const double vx = poly[2 * j] - poly[2 * i], vy = poly[2 * j + 1] - poly[2 * i + 1];
            const double len2 = vx * vx + vy * vy;
            edges.push_back({poly[2 * i], poly[2 * i + 1], vx, vy, len2 > 0 ? 1.0 / len2 : 0.0});
        }
        const double limit = distance * distance; // beyond D the value is 0 whatever the edge
        for (int y = y0; y <= y1; ++y) {
            float *row = canvas + static_cast<size_t>(y) * w;
            for (int x = x0; x <= x1; ++x) {
                double best = limit;
                for (const Edge &e : edges) best = std::min(best, e.squared_distance(x, y));
                if (best >= limit) continue;
                row[x] = std::max(row[x], static_cast<float>(1.0 - std::sqrt(best) / distance));
            }
        }
    });
}

extern "C" int ab_gaussian_quads(float *map, int h, int w, const double *quads, int nquads) {
    return guard([&] {
        // Template: side S, sigma S/4, so the box edge (distance S/2 from the centre) is at 2 sigma.
        const int side = 64;
        static thread_local cv::Mat gauss;
        if (gauss.empty()) {
            gauss.create(side, side, CV_32FC1);
            const double sigma = side / 4.0, c = side / 2.0; // template pixel i samples coordinate i
            for (int y = 0; y < side; ++y)
                for (int x = 0; x < side; ++x)
                    gauss.at<float>(y, x) = static_cast<float>(
                        std::exp(-0.5 * ((x - c) * (x - c) + (y - c) * (y - c)) / (sigma * sigma)));
        }
        cv::Mat out(h, w, CV_32FC1, map);
        const cv::Point2f src[4] = {{0, 0}, {float(side), 0}, {float(side), float(side)}, {0, float(side)}};
        for (int q = 0; q < nquads; ++q) {
            const double *p = quads + 8 * q;
            double xmin = p[0], xmax = p[0], ymin = p[1], ymax = p[1];
            for (int i = 1; i < 4; ++i) {
                xmin = std::min(xmin, p[2 * i]);
                xmax = std::max(xmax, p[2 * i]);
                ymin = std::min(ymin, p[2 * i + 1]);
                ymax = std::max(ymax, p[2 * i + 1]);
            }
            const int rx0 = std::max(0, static_cast<int>(std::floor(xmin))), ry0 = std::max(0, static_cast<int>(std::floor(ymin)));
            const int rx1 = std::min(w, static_cast<int>(std::ceil(xmax)) + 1), ry1 = std::min(h, static_cast<int>(std::ceil(ymax)) + 1);
            if (rx1 <= rx0 || ry1 <= ry0) continue;
            cv::Point2f dst[4];
            for (int i = 0; i < 4; ++i) dst[i] = cv::Point2f(float(p[2 * i] - rx0), float(p[2 * i + 1] - ry0));
            cv::Mat warp = cv::getPerspectiveTransform(src, dst), patch;
            cv::warpPerspective(gauss, patch, warp, cv::Size(rx1 - rx0, ry1 - ry0), cv::INTER_LINEAR,
                                cv::BORDER_CONSTANT, cv::Scalar(0));
            cv::Mat roi = out(cv::Rect(rx0, ry0, rx1 - rx0, ry1 - ry0));
            cv::max(roi, patch, roi);
        }
    });
}
