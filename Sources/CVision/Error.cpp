// The thread-local last error and the small shared helpers.
#include "CVision.h"
#include "Internal.hpp"

#include <cmath>

namespace cvision {

static thread_local std::string last_error;

void set_error(const std::string &message) { last_error = message; }

ClipperLib::Path to_path(const double *pts, int n, double scale, bool truncate) {
    ClipperLib::Path path;
    path.reserve(n);
    for (int i = 0; i < n; ++i) {
        const double x = pts[2 * i] * scale, y = pts[2 * i + 1] * scale;
        path.emplace_back(static_cast<ClipperLib::cInt>(truncate ? std::trunc(x) : std::llround(x)),
                          static_cast<ClipperLib::cInt>(truncate ? std::trunc(y) : std::llround(y)));
    }
    return path;
}

ClipperLib::Paths offset_path(const ClipperLib::Path &path, double delta) {
    ClipperLib::ClipperOffset offset;
    offset.AddPath(path, ClipperLib::jtRound, ClipperLib::etClosedPolygon);
    ClipperLib::Paths out;
    offset.Execute(out, delta);
    return out;
}

} // namespace cvision

extern "C" const char *cv_last_error(void) { return cvision::last_error.c_str(); }

extern "C" void cv_free(void *p) { std::free(p); }
