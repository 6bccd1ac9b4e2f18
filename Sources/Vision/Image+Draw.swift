import CVision

/// Drawing on images (OpenCV), used for synthetic backgrounds, text and visualisations.
extension Image {
    /// Colour values for this image's channel count (gray takes the mean of RGB).
    func colour(_ rgb: [UInt8]) -> [UInt8] {
        channels == 3 ? rgb : [UInt8((Int(rgb[0]) + Int(rgb[1]) + Int(rgb[2])) / 3)]
    }

    /// Fills with a linear gradient from `from` to `to` along `angle` (radians).
    public mutating func drawGradient(from c0: [UInt8], to c1: [UInt8], angle: Double) throws {
        let (a, b) = (colour(c0), colour(c1))
        try withNative { cv_draw_gradient($0, $1, $2, $3, a, b, angle) }
    }

    /// Adds uniform noise in ±amplitude from a seeded stream.
    public mutating func addNoise(seed: UInt64, amplitude: Double) throws {
        try withNative { cv_draw_noise($0, $1, $2, $3, seed, amplitude) }
    }

    public mutating func drawLine(_ p: Point, _ q: Point, colour rgb: [UInt8], thickness: Int = 1) throws {
        let c = colour(rgb)
        try withNative { cv_draw_line($0, $1, $2, $3, p.x, p.y, q.x, q.y, c, Int32(thickness)) }
    }

    /// A circle; filled when thickness is nil.
    public mutating func drawCircle(center: Point, radius: Double, colour rgb: [UInt8], thickness: Int? = nil) throws {
        let c = colour(rgb)
        try withNative { cv_draw_circle($0, $1, $2, $3, center.x, center.y, radius, c, Int32(thickness ?? -1)) }
    }

    /// A polygon outline, or filled when thickness is nil.
    public mutating func drawPolygon(_ polygon: Polygon, colour rgb: [UInt8], thickness: Int? = nil) throws {
        let c = colour(rgb), flat = polygon.flat, n = Int32(polygon.points.count)
        try withNative { cv_draw_polygon($0, $1, $2, $3, flat, n, c, Int32(thickness ?? -1)) }
    }

    public mutating func blur(sigma: Double) throws {
        try withNative { cv_gaussian_blur($0, $1, $2, $3, sigma) }
    }

    /// Blends `colour` through a one-channel alpha mask mapped into this image by `homography`.
    public mutating func composite(mask: Image, homography: Homography, colour rgb: [UInt8]) throws {
        precondition(mask.channels == 1, "mask must be one channel")
        let c = colour(rgb), m = homography.m
        try mask.pixels.withUnsafeBufferPointer { alpha in
            try withNative { ab_composite_mask($0, $1, $2, $3, alpha.baseAddress, Int32(mask.height), Int32(mask.width), m, c) }
        }
    }

    /// Mean colour (per channel) over the clamped rectangle.
    func meanColour(x0: Int, y0: Int, x1: Int, y1: Int) -> [Double] {
        let (ax, ay, bx, by) = (max(0, x0), max(0, y0), min(width, x1), min(height, y1))
        var sums = [Double](repeating: 0, count: channels)
        guard bx > ax, by > ay else { return sums }
        for y in ay..<by {
            for x in ax..<bx { for k in 0..<channels { sums[k] += Double(pixels[(y * width + x) * channels + k]) } }
        }
        return sums.map { $0 / Double((bx - ax) * (by - ay)) }
    }
}
