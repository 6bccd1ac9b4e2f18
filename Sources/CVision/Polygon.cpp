// Polygon overlap and offset through Clipper.
#include "CVision.h"
#include "Internal.hpp"

#include <cmath>

using namespace cvision;

static double paths_area(const ClipperLib::Paths &paths) {
    double total = 0;
    for (const auto &p : paths) total += ClipperLib::Area(p);
    return std::fabs(total);
}

extern "C" int ab_poly_overlap(const double *a, int na, const double *b, int nb, double *intersection,
                               double *union_area) {
    return guard([&] {
        const double scale = 4096.0;
        ClipperLib::Path pa = to_path(a, na, scale), pb = to_path(b, nb, scale);
        ClipperLib::Clipper clipper;
        clipper.AddPath(pa, ClipperLib::ptSubject, true);
        clipper.AddPath(pb, ClipperLib::ptClip, true);
        ClipperLib::Paths inter, uni;
        clipper.Execute(ClipperLib::ctIntersection, inter, ClipperLib::pftNonZero, ClipperLib::pftNonZero);
        clipper.Execute(ClipperLib::ctUnion, uni, ClipperLib::pftNonZero, ClipperLib::pftNonZero);
        *intersection = paths_area(inter) / (scale * scale);
        *union_area = paths_area(uni) / (scale * scale);
    });
}

extern "C" int ab_poly_offset(const double *pts, int n, double delta, double **out_pts, int **out_counts,
                              int *out_paths) {
    return guard([&] {
        ClipperLib::Paths result = offset_path(to_path(pts, n, 1.0, true), delta);
        std::vector<double> flat;
        std::vector<int> counts;
        for (const auto &path : result) {
            counts.push_back(static_cast<int>(path.size()));
            for (const auto &p : path) {
                flat.push_back(static_cast<double>(p.X));
                flat.push_back(static_cast<double>(p.Y));
            }
        }
        *out_pts = to_malloc(flat);
        *out_counts = to_malloc(counts);
        *out_paths = static_cast<int>(result.size());
    });
}
