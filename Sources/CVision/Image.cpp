// Image decode/encode, resizing, warps, colour jitter and normalisation through OpenCV.
#include "CVision.h"
#include "Internal.hpp"

#include <cstring>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace cvision;

extern "C" uint8_t *cv_image_read(const char *path, int channels, int *h, int *w, int *c) {
    uint8_t *out = nullptr;
    int rc = guard([&] {
        int flag = channels == 1 ? cv::IMREAD_GRAYSCALE : channels == 3 ? cv::IMREAD_COLOR : cv::IMREAD_ANYCOLOR;
        cv::Mat img = cv::imread(path, flag);
        if (img.empty()) throw std::runtime_error("cannot decode image (missing, unreadable or not an image)");
        if (img.channels() == 3) cv::cvtColor(img, img, cv::COLOR_BGR2RGB);
        else if (img.channels() == 4) cv::cvtColor(img, img, cv::COLOR_BGRA2RGB);
        if (!img.isContinuous()) img = img.clone();
        size_t bytes = img.total() * img.elemSize();
        out = static_cast<uint8_t *>(std::malloc(bytes));
        if (!out) throw std::bad_alloc();
        std::memcpy(out, img.data, bytes);
        *h = img.rows;
        *w = img.cols;
        *c = img.channels();
    });
    return rc == 0 ? out : nullptr;
}

extern "C" int cv_image_write(const char *path, const uint8_t *px, int h, int w, int c) {
    return guard([&] {
        cv::Mat img = wrap(const_cast<uint8_t *>(px), h, w, c), bgr;
        if (c == 3) cv::cvtColor(img, bgr, cv::COLOR_RGB2BGR);
        else bgr = img;
        if (!cv::imwrite(path, bgr)) throw std::runtime_error("cannot encode or write image");
    });
}

extern "C" int cv_image_resize(const uint8_t *src, int h, int w, int c, uint8_t *dst, int dh, int dw, int interp) {
    return guard([&] {
        cv::Mat in = wrap(const_cast<uint8_t *>(src), h, w, c), out = wrap(dst, dh, dw, c);
        int mode = interp == 0 ? cv::INTER_NEAREST : interp == 2 ? cv::INTER_AREA : cv::INTER_LINEAR;
        cv::resize(in, out, cv::Size(dw, dh), 0, 0, mode);
    });
}

extern "C" int cv_image_warp_affine(const uint8_t *src, int h, int w, int c, const double *m23, uint8_t *dst,
                                    int dh, int dw, const uint8_t *border) {
    return guard([&] {
        cv::Mat in = wrap(const_cast<uint8_t *>(src), h, w, c), out = wrap(dst, dh, dw, c);
        cv::Mat m(2, 3, CV_64F, const_cast<double *>(m23));
        cv::Scalar fill;
        for (int k = 0; k < c && k < 4; ++k) fill[k] = border ? border[k] : 0;
        cv::warpAffine(in, out, m, cv::Size(dw, dh), cv::INTER_LINEAR, cv::BORDER_CONSTANT, fill);
    });
}

extern "C" int cv_color_jitter(uint8_t *px, int h, int w, int c, float brightness, float contrast, float saturation) {
    return guard([&] {
        cv::Mat img = wrap(px, h, w, c);
        const size_t n = static_cast<size_t>(h) * w;
        double mean = 0;
        for (size_t i = 0; i < n; ++i) {
            const uint8_t *p = px + i * c;
            mean += c == 3 ? 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2] : p[0];
        }
        mean /= static_cast<double>(n);
        for (size_t i = 0; i < n; ++i) {
            uint8_t *p = px + i * c;
            float gray = c == 3 ? 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2] : p[0];
            for (int k = 0; k < c; ++k) {
                float v = c == 3 ? gray + (p[k] - gray) * saturation : p[k];
                v = static_cast<float>(mean) + (v - static_cast<float>(mean)) * contrast + brightness;
                p[k] = cv::saturate_cast<uint8_t>(v);
            }
        }
    });
}

extern "C" int cv_normalize_chw(const uint8_t *px, int h, int w, int c, const float *mean, const float *std,
                                float *out) {
    return guard([&] {
        const size_t n = static_cast<size_t>(h) * w;
        for (int k = 0; k < c; ++k) {
            const float scale = 1.0f / (255.0f * std[k]), shift = mean[k] / std[k];
            float *plane = out + k * n;
            for (size_t i = 0; i < n; ++i) plane[i] = px[i * c + k] * scale - shift;
        }
    });
}
