// CVision: a plain C interface over the image-side native code (OpenCV, Clipper, FreeType).
//
// Images are 8-bit, row-major H x W x C with C = 1 (gray) or 3 (RGB order), owned by the caller.
// Maps are H x W float32. Polygons are x,y pairs of doubles.
// Functions returning int return 0 on success and -1 on failure; functions returning a pointer
// return NULL on failure. After a failure cv_last_error() gives the message (thread-local, valid
// until the next failing call on the same thread). Buffers returned through out-pointers are
// allocated with malloc and released with cv_free.
#ifndef CVISION_H
#define CVISION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

const char *cv_last_error(void);
void cv_free(void *p);

// MARK: Images (OpenCV)

/// Decodes a JPEG/PNG/... file. channels: 0 keeps the file's (gray stays 1, colour becomes 3),
/// 1 forces gray, 3 forces RGB. Returns the pixels (malloc'd) and sets *h, *w, *c.
uint8_t *cv_image_read(const char *path, int channels, int *h, int *w, int *c);
/// Encodes by the path's extension (.png, .jpg).
int cv_image_write(const char *path, const uint8_t *px, int h, int w, int c);
/// interp: 0 nearest, 1 bilinear, 2 area.
int cv_image_resize(const uint8_t *src, int h, int w, int c, uint8_t *dst, int dh, int dw, int interp);
/// dst(x) = src(M^-1 x) with a 2x3 affine matrix (row-major), bilinear, constant border `border` (c values).
int cv_image_warp_affine(const uint8_t *src, int h, int w, int c, const double *m23,
                         uint8_t *dst, int dh, int dw, const uint8_t *border);
/// Brightness (added, in [0,255] units), contrast and saturation (factors around 1), in place.
int cv_color_jitter(uint8_t *px, int h, int w, int c, float brightness, float contrast, float saturation);
/// (px/255 - mean[k]) / std[k] into out, channel-major (C x H x W).
int cv_normalize_chw(const uint8_t *px, int h, int w, int c, const float *mean, const float *std, float *out);

// MARK: Drawing

int cv_draw_gradient(uint8_t *px, int h, int w, int c, const uint8_t *c0, const uint8_t *c1, double angle);
/// Adds uniform noise in [-amplitude, amplitude] from a SplitMix64 stream started at seed.
int cv_draw_noise(uint8_t *px, int h, int w, int c, uint64_t seed, double amplitude);
int cv_draw_line(uint8_t *px, int h, int w, int c, double x0, double y0, double x1, double y1,
                 const uint8_t *color, int thickness);
/// thickness < 0 fills.
int cv_draw_circle(uint8_t *px, int h, int w, int c, double cx, double cy, double r,
                   const uint8_t *color, int thickness);
/// thickness < 0 fills.
int cv_draw_polygon(uint8_t *px, int h, int w, int c, const double *pts, int n,
                    const uint8_t *color, int thickness);
int cv_gaussian_blur(uint8_t *px, int h, int w, int c, double sigma);

// MARK: Polygons (Clipper)

/// Areas of a ∩ b and a ∪ b (coordinates scaled by 4096 onto Clipper's integer grid).
int ab_poly_overlap(const double *a, int na, const double *b, int nb, double *intersection, double *union_area);
/// Vatti offset with round joins of a closed polygon on the integer grid (coordinates truncated,
/// as pyclipper does):
/// delta < 0 shrinks. Returns the paths' points in *out_pts (x,y pairs), the point count of each
/// path in *out_counts and the number of paths in *out_paths (0: the polygon vanished).
int ab_poly_offset(const double *pts, int n, double delta, double **out_pts, int **out_counts, int *out_paths);

// MARK: Text rendering (FreeType)

typedef struct ABFont ABFont;
ABFont *ab_font_open(const char *path);
void ab_font_close(ABFont *font);
/// Renders ASCII text at a pixel size into an alpha mask (malloc'd, *h x *w) and writes each
/// character's ink box (x0, y0, x1, y1 in mask pixels; a blank glyph gets its advance cell) into
/// char_boxes (4 doubles per byte of text).
int ab_font_render(ABFont *font, const char *text, int pixel_size, uint8_t **mask, int *h, int *w,
                   double *char_boxes);
/// Blends `color` into the image through the alpha mask mapped by a 3x3 perspective matrix
/// (mask coordinates to image coordinates, row-major).
int ab_composite_mask(uint8_t *px, int h, int w, int c, const uint8_t *mask, int mh, int mw,
                      const double *m33, const uint8_t *color);

/// The 3x3 homography (row-major) mapping 4 source points onto 4 destination points.
int ab_perspective_transform(const double *src8, const double *dst8, double *m33);

// MARK: Labels

/// Fills each polygon (counts[i] points, concatenated in pts) with value, as cv::fillPoly on
/// int32 points.
int ab_fill_polygons(float *map, int h, int w, const double *pts, const int *counts, int npolys, float value);
/// DBNet's border map for one polygon: fills mask with the padded polygon and raises canvas to
/// 1 - clip(dist(pixel, polygon border) / distance, 0, 1) over the padded polygon's box.
int ab_border_map(float *canvas, float *mask, int h, int w, const double *poly, int n,
                  const double *padded, int np, double distance);
/// Raises map to an isotropic Gaussian (peak 1, box edge at 2 sigma) warped onto each quad
/// (4 points each, clockwise from top-left).
int ab_gaussian_quads(float *map, int h, int w, const double *quads, int nquads);

// MARK: Post-processing

/// DBNet boxes from a probability map: binarize at thresh, contours, min-area-rect quads or
/// approxPolyDP polygons, mean score inside (box_score_fast), unclip through Clipper, min size.
/// Coordinates are scaled to dest_w x dest_h. Outputs as in ab_poly_offset, plus one score per path.
int ab_db_boxes(const float *pred, int h, int w, float thresh, float box_thresh, float unclip_ratio,
                int max_candidates, int min_size, int use_polygon, int dest_w, int dest_h,
                double **out_pts, int **out_counts, float **out_scores, int *out_n);
/// CRAFT boxes: text/link thresholds, 4-connected components with stats, dilation, min-area
/// rect. Quads (4 points each) in map coordinates scaled by (scale_x, scale_y).
int ab_craft_boxes(const float *text, const float *link, int h, int w, float text_threshold,
                   float link_threshold, float low_text, double scale_x, double scale_y,
                   double **out_quads, float **out_scores, int *out_n);

#ifdef __cplusplus
}
#endif

#endif
