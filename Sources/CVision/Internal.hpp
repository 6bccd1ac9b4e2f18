// Shared helpers of the CVision shim: the thread-local error and exception guard.
#pragma once

#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <polyclipping/clipper.hpp>

namespace cvision {

void set_error(const std::string &message);

/// Runs body, turning any C++ exception into the thread-local error and -1.
template <typename F> int guard(F &&body) {
    try {
        body();
        return 0;
    } catch (const std::exception &e) {
        set_error(e.what());
    } catch (...) {
        set_error("unknown C++ exception");
    }
    return -1;
}

/// Wraps a caller-owned pixel buffer (no copy).
inline cv::Mat wrap(uint8_t *px, int h, int w, int c) {
    if (h <= 0 || w <= 0 || (c != 1 && c != 3 && c != 4)) throw std::invalid_argument("bad image shape");
    return cv::Mat(h, w, CV_8UC(c), px);
}

/// Copies a vector into a malloc'd buffer the caller frees with cv_free.
template <typename T> T *to_malloc(const std::vector<T> &v) {
    T *out = static_cast<T *>(std::malloc(sizeof(T) * (v.empty() ? 1 : v.size())));
    if (!out) throw std::bad_alloc();
    for (size_t i = 0; i < v.size(); ++i) out[i] = v[i];
    return out;
}

/// Clipper path of a polygon on the integer grid after scaling (rounded), or truncated toward
/// zero when `truncate` (pyclipper's conversion, kept for label fidelity with DBNet).
ClipperLib::Path to_path(const double *pts, int n, double scale, bool truncate = false);

/// Vatti offset with round joins of one closed polygon (integer grid, as pyclipper).
ClipperLib::Paths offset_path(const ClipperLib::Path &path, double delta);

} // namespace cvision
