import CVision
import Foundation

/// Settings of detection augmentation (DBNet's IC15 recipe by default: flip, rotate ±10°,
/// resize 0.5-3x, random crop that keeps text to the training size).
public struct DetectionAugmentOptions: Sendable, Equatable {
    /// Training size (width, height): crops are resized to fit and padded.
    public var width = 640
    public var height = 640
    public var scale: ClosedRange<Double> = 0.5...3.0
    /// Largest rotation, degrees.
    public var maxRotation = 10.0
    public var flipProbability = 0.5
    public var cropMaxTries = 10
    /// A crop side must be at least this share of the image side.
    public var minCropSideRatio = 0.1
    /// Colour jitter: brightness delta (0-255 units), contrast and saturation factors 1±x.
    public var brightness = 32.0
    public var contrast = 0.3
    public var saturation = 0.3
    public var jitterProbability = 0.5

    public init() {}
}

/// Augments a detection sample keeping its polygons (and character boxes) in sync with the pixels.
/// Deterministic given the generator's state.
public struct DetectionAugmenter: Sendable {
    public var options: DetectionAugmentOptions

    public init(options: DetectionAugmentOptions = DetectionAugmentOptions()) { self.options = options }

    /// Random scale, rotation and flip (one warp), a random crop that keeps text, resize and pad to
    /// the training size, then colour jitter.
    public func augment(_ image: Image, _ annotations: [TextInstance], rng: inout SeededRandom) throws
        -> (image: Image, annotations: [TextInstance]) {
        let s = rng.uniform(options.scale.lowerBound, options.scale.upperBound)
        let angle = rng.uniform(-options.maxRotation, options.maxRotation) * .pi / 180
        let flip = rng.chance(options.flipProbability)
        // The crop is chosen from the moved polygons alone, so the pixels are warped once, from the
        // source straight to the training size (one interpolation, no large intermediate canvas).
        let (m, canvasWidth, canvasHeight) = placement(width: image.width, height: image.height, scale: s, rotation: angle, flip: flip)
        let moved = Self.apply(m, to: annotations, flip: flip)
        let crop = cropArea(width: canvasWidth, height: canvasHeight, polygons: moved.filter { !$0.ignore }.map(\.polygon), rng: &rng)
        let fit = min(Double(options.width) / Double(crop.width), Double(options.height) / Double(crop.height))
        let toOutput = AffineTransform.scale(fit, fit).concatenating(after: .translation(-Double(crop.x), -Double(crop.y)))
        var out = try image.warpedAffine(toOutput.concatenating(after: m), width: options.width, height: options.height)
        let items = Self.apply(toOutput, to: Self.kept(moved, in: crop), flip: false)
        if rng.chance(options.jitterProbability) {
            let b = Float(rng.uniform(-options.brightness, options.brightness))
            let c = Float(rng.uniform(1 - options.contrast, 1 + options.contrast))
            let sat = Float(rng.uniform(1 - options.saturation, 1 + options.saturation))
            try out.withNative { cv_color_jitter($0, $1, $2, $3, b, c, sat) }
        }
        return (out, items)
    }

    /// Scales by `scale`, rotates by `rotation` radians about the centre and optionally mirrors,
    /// onto a canvas just large enough to hold the whole result.
    public func transform(_ image: Image, _ annotations: [TextInstance], scale: Double, rotation: Double, flip: Bool) throws
        -> (image: Image, annotations: [TextInstance]) {
        let (m, w, h) = placement(width: image.width, height: image.height, scale: scale, rotation: rotation, flip: flip)
        return (try image.warpedAffine(m, width: w, height: h), Self.apply(m, to: annotations, flip: flip))
    }

    /// The map of `transform` and the size of its canvas.
    func placement(width: Int, height: Int, scale: Double, rotation: Double, flip: Bool) -> (AffineTransform, Int, Int) {
        // Pixel centres sit on integer coordinates (OpenCV's convention): the last pixel is at w - 1.
        let (w, h) = (Double(width - 1), Double(height - 1))
        var m = AffineTransform.translation(-w / 2, -h / 2)
        if flip { m = AffineTransform.scale(-1, 1).concatenating(after: m) }
        m = AffineTransform.rotation(rotation).concatenating(after: AffineTransform.scale(scale, scale).concatenating(after: m))
        let corners = [Point(0, 0), Point(w, 0), Point(w, h), Point(0, h)].map(m.apply)
        let (minX, minY) = (corners.map(\.x).min()!, corners.map(\.y).min()!)
        let outW = max(1, Int((corners.map(\.x).max()! - minX - 1e-9).rounded(.up)) + 1)
        let outH = max(1, Int((corners.map(\.y).max()! - minY - 1e-9).rounded(.up)) + 1)
        return (AffineTransform.translation(-minX, -minY).concatenating(after: m), outW, outH)
    }

    /// Annotations moved by m; a mirror keeps quads clockwise and characters in reading order.
    static func apply(_ m: AffineTransform, to annotations: [TextInstance], flip: Bool) -> [TextInstance] {
        annotations.map { a -> TextInstance in
            var t = a
            t.polygon = reorderedAfterFlip(m.apply(a.polygon), flip)
            t.characters = a.characters.map { reorderedAfterFlip(m.apply($0), flip) }
            if flip { t.characters.reverse() }
            return t
        }
    }

    /// Annotations not entirely outside the crop.
    static func kept(_ annotations: [TextInstance], in crop: (x: Int, y: Int, width: Int, height: Int)) -> [TextInstance] {
        annotations.filter { a in
            let b = a.polygon.bounds
            return !(b.maxX < Double(crop.x) || b.minX > Double(crop.x + crop.width)
                || b.maxY < Double(crop.y) || b.minY > Double(crop.y + crop.height))
        }
    }

    /// A mirrored quad keeps its clockwise-from-top-left order: [p1, p0, p3, p2]; other polygons reverse.
    static func reorderedAfterFlip(_ p: Polygon, _ flip: Bool) -> Polygon {
        guard flip else { return p }
        let q = p.points
        return q.count == 4 ? Polygon([q[1], q[0], q[3], q[2]]) : Polygon(q.reversed())
    }

    /// DBNet's crop selection: crop edges fall in rows and columns free of text, so no text is cut;
    /// up to `cropMaxTries` draws, each needing some text inside; else the whole image.
    public func cropArea(width: Int, height: Int, polygons: [Polygon], rng: inout SeededRandom)
        -> (x: Int, y: Int, width: Int, height: Int) {
        var cols = [Bool](repeating: false, count: width), rows = [Bool](repeating: false, count: height)
        for p in polygons {
            let b = p.bounds
            let (x0, x1) = (max(0, Int(b.minX.rounded())), min(width, Int(b.maxX.rounded())))
            let (y0, y1) = (max(0, Int(b.minY.rounded())), min(height, Int(b.maxY.rounded())))
            if x0 < x1 { for x in x0..<x1 { cols[x] = true } }
            if y0 < y1 { for y in y0..<y1 { rows[y] = true } }
        }
        let freeX = cols.indices.filter { !cols[$0] }, freeY = rows.indices.filter { !rows[$0] }
        guard !freeX.isEmpty, !freeY.isEmpty else { return (0, 0, width, height) }
        let regionsX = Self.runs(freeX), regionsY = Self.runs(freeY)
        for _ in 0..<options.cropMaxTries {
            let (x0, x1) = Self.select(regionsX, freeX, limit: width, &rng)
            let (y0, y1) = Self.select(regionsY, freeY, limit: height, &rng)
            if Double(x1 - x0) < options.minCropSideRatio * Double(width) || Double(y1 - y0) < options.minCropSideRatio * Double(height) {
                continue
            }
            let hasText = polygons.contains { p in
                let b = p.bounds
                return !(b.maxX < Double(x0) || b.minX > Double(x1) || b.maxY < Double(y0) || b.minY > Double(y1))
            }
            if hasText { return (x0, y0, x1 - x0, y1 - y0) }
        }
        return (0, 0, width, height)
    }

    /// Maximal runs of consecutive values.
    static func runs(_ axis: [Int]) -> [[Int]] {
        var out: [[Int]] = [[axis[0]]]
        for v in axis.dropFirst() {
            if v == out[out.count - 1].last! + 1 { out[out.count - 1].append(v) } else { out.append([v]) }
        }
        return out
    }

    /// Two cut positions: from two different free runs when there are several, else two free positions.
    static func select(_ regions: [[Int]], _ axis: [Int], limit: Int, _ rng: inout SeededRandom) -> (Int, Int) {
        let a: Int, b: Int
        if regions.count > 1 {
            let i = rng.int(0...(regions.count - 1))
            var j = rng.int(0...(regions.count - 2))
            if j >= i { j += 1 }
            a = regions[i][rng.int(0...(regions[i].count - 1))]
            b = regions[j][rng.int(0...(regions[j].count - 1))]
        } else {
            a = axis[rng.int(0...(axis.count - 1))]
            b = axis[rng.int(0...(axis.count - 1))]
        }
        return (min(max(min(a, b), 0), limit - 1), min(max(max(a, b), 0), limit - 1))
    }

    /// Crops, resizes to fit width x height keeping the aspect ratio, pads right and bottom with 0.
    /// Polygons outside the crop are dropped. Returns the scale applied.
    public func cropResizePad(_ image: Image, _ annotations: [TextInstance], crop: (x: Int, y: Int, width: Int, height: Int),
                              width: Int, height: Int) throws -> (image: Image, annotations: [TextInstance], scale: Double) {
        let s = min(Double(width) / Double(crop.width), Double(height) / Double(crop.height))
        let m = AffineTransform.scale(s, s).concatenating(after: .translation(-Double(crop.x), -Double(crop.y)))
        // A warp samples only the crop and writes the padded canvas in one pass.
        let out = try image.warpedAffine(m, width: width, height: height)
        return (out, Self.apply(m, to: Self.kept(annotations, in: crop), flip: false), s)
    }

    /// Resizes the whole image to fit width x height (aspect kept) and pads: evaluation's input.
    public func resizeAndPad(_ image: Image, _ annotations: [TextInstance], width: Int, height: Int) throws
        -> (image: Image, annotations: [TextInstance], scale: Double) {
        try cropResizePad(image, annotations, crop: (0, 0, image.width, image.height), width: width, height: height)
    }
}

/// Normalisation to a network's float input.
public enum ImageNormalization {
    public static let imageNetMean: [Float] = [0.485, 0.456, 0.406]
    public static let imageNetStd: [Float] = [0.229, 0.224, 0.225]

    /// (pixel / 255 - mean) / std per channel, channel-major (C x H x W).
    public static func chw(_ image: Image, mean: [Float] = imageNetMean, std: [Float] = imageNetStd) throws -> [Float] {
        precondition(mean.count == image.channels && std.count == image.channels, "one mean and std per channel")
        var out = [Float](repeating: 0, count: image.width * image.height * image.channels)
        try image.pixels.withUnsafeBufferPointer { px in
            try out.withUnsafeMutableBufferPointer {
                try check(cv_normalize_chw(px.baseAddress, Int32(image.height), Int32(image.width), Int32(image.channels), mean, std, $0.baseAddress))
            }
        }
        return out
    }
}
