// Text rendering through FreeType and perspective compositing of the rendered mask.
#include "CVision.h"
#include "Internal.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <opencv2/imgproc.hpp>

using namespace cvision;

struct ABFont {
    FT_Library library = nullptr;
    FT_Face face = nullptr;
    ~ABFont() {
        if (face) FT_Done_Face(face);
        if (library) FT_Done_FreeType(library);
    }
};

extern "C" ABFont *ab_font_open(const char *path) {
    ABFont *font = nullptr;
    int rc = guard([&] {
        auto f = std::make_unique<ABFont>();
        if (FT_Init_FreeType(&f->library)) throw std::runtime_error("FreeType initialisation failed");
        if (FT_New_Face(f->library, path, 0, &f->face)) throw std::runtime_error("cannot open font face");
        if (!(f->face->face_flags & FT_FACE_FLAG_SCALABLE)) throw std::runtime_error("font is not scalable");
        font = f.release();
    });
    return rc == 0 ? font : nullptr;
}

extern "C" void ab_font_close(ABFont *font) { delete font; }

extern "C" int ab_font_render(ABFont *font, const char *text, int pixel_size, uint8_t **mask, int *h, int *w,
                              double *char_boxes) {
    return guard([&] {
        if (!font) throw std::invalid_argument("no font");
        if (pixel_size < 2) throw std::invalid_argument("pixel size must be at least 2");
        FT_Face face = font->face;
        if (FT_Set_Pixel_Sizes(face, 0, pixel_size)) throw std::runtime_error("cannot set pixel size");
        const int ascender = static_cast<int>(face->size->metrics.ascender >> 6);
        const int descender = static_cast<int>(face->size->metrics.descender >> 6);
        const int height = std::max(1, ascender - descender);
        const size_t n = std::strlen(text);
        const bool kerning = FT_HAS_KERNING(face);

        // First pass: pen positions and the total advance.
        std::vector<int> pens(n);
        int pen = 0;
        FT_UInt previous = 0;
        for (size_t i = 0; i < n; ++i) {
            FT_UInt glyph = FT_Get_Char_Index(face, static_cast<unsigned char>(text[i]));
            if (kerning && previous && glyph) {
                FT_Vector delta;
                FT_Get_Kerning(face, previous, glyph, FT_KERNING_DEFAULT, &delta);
                pen += static_cast<int>(delta.x >> 6);
            }
            pens[i] = pen;
            if (FT_Load_Glyph(face, glyph, FT_LOAD_DEFAULT)) throw std::runtime_error("cannot load glyph");
            pen += static_cast<int>(face->glyph->advance.x >> 6);
            previous = glyph;
        }
        const int width = std::max(1, pen + 2);
        std::vector<uint8_t> canvas(static_cast<size_t>(width) * height, 0);

        // Second pass: render and keep each character's ink box.
        for (size_t i = 0; i < n; ++i) {
            FT_UInt glyph = FT_Get_Char_Index(face, static_cast<unsigned char>(text[i]));
            if (FT_Load_Glyph(face, glyph, FT_LOAD_RENDER)) throw std::runtime_error("cannot render glyph");
            const FT_GlyphSlot slot = face->glyph;
            const FT_Bitmap &bmp = slot->bitmap;
            const int x0 = pens[i] + slot->bitmap_left, y0 = ascender - slot->bitmap_top;
            int ix0 = width, iy0 = height, ix1 = -1, iy1 = -1;
            for (unsigned r = 0; r < bmp.rows; ++r) {
                for (unsigned col = 0; col < bmp.width; ++col) {
                    const int x = x0 + static_cast<int>(col), y = y0 + static_cast<int>(r);
                    if (x < 0 || y < 0 || x >= width || y >= height) continue;
                    const uint8_t v = bmp.buffer[r * bmp.pitch + col];
                    if (!v) continue;
                    uint8_t &dst = canvas[static_cast<size_t>(y) * width + x];
                    dst = std::max(dst, v);
                    ix0 = std::min(ix0, x);
                    iy0 = std::min(iy0, y);
                    ix1 = std::max(ix1, x);
                    iy1 = std::max(iy1, y);
                }
            }
            double *box = char_boxes + 4 * i;
            if (ix1 < 0) {
                box[0] = pens[i];
                box[1] = 0;
                box[2] = pens[i] + std::max(1, static_cast<int>(slot->advance.x >> 6));
                box[3] = height;
            } else {
                box[0] = ix0;
                box[1] = iy0;
                box[2] = ix1 + 1;
                box[3] = iy1 + 1;
            }
        }
        *mask = to_malloc(canvas);
        *h = height;
        *w = width;
    });
}

extern "C" int ab_composite_mask(uint8_t *px, int h, int w, int c, const uint8_t *mask, int mh, int mw,
                                 const double *m33, const uint8_t *color) {
    return guard([&] {
        cv::Mat img = wrap(px, h, w, c);
        cv::Mat src(mh, mw, CV_8UC1, const_cast<uint8_t *>(mask));
        cv::Matx33d m(m33);
        // Destination box of the mask's corners, so the warp touches only that region.
        std::vector<cv::Point2d> corners{{0, 0}, {double(mw), 0}, {double(mw), double(mh)}, {0, double(mh)}}, mapped;
        cv::perspectiveTransform(corners, mapped, m);
        double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
        for (const auto &p : mapped) {
            x0 = std::min(x0, p.x);
            y0 = std::min(y0, p.y);
            x1 = std::max(x1, p.x);
            y1 = std::max(y1, p.y);
        }
        const int rx0 = std::max(0, static_cast<int>(std::floor(x0)) - 1);
        const int ry0 = std::max(0, static_cast<int>(std::floor(y0)) - 1);
        const int rx1 = std::min(w, static_cast<int>(std::ceil(x1)) + 2);
        const int ry1 = std::min(h, static_cast<int>(std::ceil(y1)) + 2);
        if (rx1 <= rx0 || ry1 <= ry0) return;
        cv::Matx33d shift(1, 0, -rx0, 0, 1, -ry0, 0, 0, 1);
        cv::Mat alpha;
        cv::warpPerspective(src, alpha, cv::Mat(shift * m), cv::Size(rx1 - rx0, ry1 - ry0), cv::INTER_LINEAR,
                            cv::BORDER_CONSTANT, cv::Scalar(0));
        for (int y = ry0; y < ry1; ++y) {
            const uint8_t *a = alpha.ptr<uint8_t>(y - ry0);
            uint8_t *row = img.ptr<uint8_t>(y);
            for (int x = rx0; x < rx1; ++x) {
                const int av = a[x - rx0];
                if (!av) continue;
                uint8_t *p = row + x * c;
                for (int k = 0; k < c; ++k) p[k] = static_cast<uint8_t>((p[k] * (255 - av) + color[k] * av + 127) / 255);
            }
        }
    });
}

extern "C" int ab_perspective_transform(const double *src8, const double *dst8, double *m33) {
    return guard([&] {
        cv::Point2f src[4], dst[4];
        for (int i = 0; i < 4; ++i) {
            src[i] = cv::Point2f(static_cast<float>(src8[2 * i]), static_cast<float>(src8[2 * i + 1]));
            dst[i] = cv::Point2f(static_cast<float>(dst8[2 * i]), static_cast<float>(dst8[2 * i + 1]));
        }
        cv::Mat m = cv::getPerspectiveTransform(src, dst);
        for (int i = 0; i < 9; ++i) m33[i] = m.at<double>(i / 3, i % 3);
    });
}
