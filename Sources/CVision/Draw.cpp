// Procedural drawing for synthetic backgrounds and clutter.
#include "CVision.h"
#include "Internal.hpp"

#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

using namespace cvision;

static cv::Scalar scalar(const uint8_t *color, int c) {
    cv::Scalar s;
    for (int k = 0; k < c && k < 4; ++k) s[k] = color[k];
    return s;
}

extern "C" int cv_draw_gradient(uint8_t *px, int h, int w, int c, const uint8_t *c0, const uint8_t *c1,
                                double angle) {
    return guard([&] {
        wrap(px, h, w, c);
        const double dx = std::cos(angle), dy = std::sin(angle);
        const double lo = std::min(0.0, dx * (w - 1)) + std::min(0.0, dy * (h - 1));
        const double hi = std::max(0.0, dx * (w - 1)) + std::max(0.0, dy * (h - 1));
        const double span = hi - lo > 0 ? hi - lo : 1;
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                const double t = (dx * x + dy * y - lo) / span;
                uint8_t *p = px + (static_cast<size_t>(y) * w + x) * c;
                for (int k = 0; k < c; ++k) p[k] = cv::saturate_cast<uint8_t>(c0[k] + (c1[k] - c0[k]) * t);
            }
        }
    });
}

extern "C" int cv_draw_noise(uint8_t *px, int h, int w, int c, uint64_t seed, double amplitude) {
    return guard([&] {
        wrap(px, h, w, c);
        uint64_t state = seed;
        const size_t n = static_cast<size_t>(h) * w * c;
        for (size_t i = 0; i < n; ++i) {
            // SplitMix64
            uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            z ^= z >> 31;
            const double u = static_cast<double>(z >> 11) * 0x1.0p-53;
            px[i] = cv::saturate_cast<uint8_t>(px[i] + (2 * u - 1) * amplitude);
        }
    });
}

extern "C" int cv_draw_line(uint8_t *px, int h, int w, int c, double x0, double y0, double x1, double y1,
                            const uint8_t *color, int thickness) {
    return guard([&] {
        cv::Mat img = wrap(px, h, w, c);
        cv::line(img, cv::Point(cvRound(x0), cvRound(y0)), cv::Point(cvRound(x1), cvRound(y1)), scalar(color, c),
                 std::max(1, thickness), cv::LINE_AA);
    });
}

extern "C" int cv_draw_circle(uint8_t *px, int h, int w, int c, double cx, double cy, double r,
                              const uint8_t *color, int thickness) {
    return guard([&] {
        cv::Mat img = wrap(px, h, w, c);
        cv::circle(img, cv::Point(cvRound(cx), cvRound(cy)), std::max(1, cvRound(r)), scalar(color, c),
                   thickness < 0 ? cv::FILLED : thickness, cv::LINE_AA);
    });
}

extern "C" int cv_draw_polygon(uint8_t *px, int h, int w, int c, const double *pts, int n, const uint8_t *color,
                               int thickness) {
    return guard([&] {
        cv::Mat img = wrap(px, h, w, c);
        std::vector<cv::Point> poly;
        for (int i = 0; i < n; ++i) poly.emplace_back(cvRound(pts[2 * i]), cvRound(pts[2 * i + 1]));
        std::vector<std::vector<cv::Point>> polys{poly};
        if (thickness < 0) cv::fillPoly(img, polys, scalar(color, c), cv::LINE_AA);
        else cv::polylines(img, polys, true, scalar(color, c), std::max(1, thickness), cv::LINE_AA);
    });
}

extern "C" int cv_gaussian_blur(uint8_t *px, int h, int w, int c, double sigma) {
    return guard([&] {
        cv::Mat img = wrap(px, h, w, c);
        if (sigma > 0) cv::GaussianBlur(img, img, cv::Size(0, 0), sigma);
    });
}
