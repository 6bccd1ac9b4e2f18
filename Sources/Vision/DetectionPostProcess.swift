import CVision

/// DBNet's post-processing: probability map to text boxes.
///
/// Binarize at `threshold`; find contours (OpenCV); per contour (at most `maxCandidates`) take the
/// min-area rectangle (or, with `usePolygon`, an approxPolyDP polygon at 0.2% of the perimeter);
/// drop it when its shorter side is under `minSize` or its score, the mean probability inside it
/// over its bounding box (DBNet's box_score_fast), is under `boxThreshold`; unclip it through
/// Clipper by D = A * unclipRatio / L; drop it when the expanded box's shorter side is under
/// `minSize + 2`; scale to the original image.
public struct DBPostProcessor: Sendable, Equatable {
    public var threshold: Float = 0.3
    public var boxThreshold: Float = 0.6
    public var unclipRatio: Float = 1.5
    public var maxCandidates = 1000
    public var minSize = 3
    public var usePolygon = false

    public init(threshold: Float = 0.3, boxThreshold: Float = 0.6, unclipRatio: Float = 1.5, maxCandidates: Int = 1000,
                minSize: Int = 3, usePolygon: Bool = false) {
        self.threshold = threshold
        self.boxThreshold = boxThreshold
        self.unclipRatio = unclipRatio
        self.maxCandidates = maxCandidates
        self.minSize = minSize
        self.usePolygon = usePolygon
    }

    /// Boxes in original-image pixels. Without `scale` the map spans the whole original image
    /// (a plain resize); with it, the map is the original resized by `scale` and padded right and
    /// bottom (DetectionAugmenter.resizeAndPad), and boxes are clipped to the original.
    public func boxes(probability map: FloatMap, originalWidth: Int, originalHeight: Int, scale: Double? = nil) throws -> [Detection] {
        let destW = scale.map { Int((Double(map.width) / $0).rounded()) } ?? originalWidth
        let destH = scale.map { Int((Double(map.height) / $0).rounded()) } ?? originalHeight
        var pts: UnsafeMutablePointer<Double>?, counts: UnsafeMutablePointer<Int32>?, scores: UnsafeMutablePointer<Float>?
        var n: Int32 = 0
        try map.values.withUnsafeBufferPointer {
            try check(ab_db_boxes($0.baseAddress, Int32(map.height), Int32(map.width), threshold, boxThreshold, unclipRatio,
                                  Int32(maxCandidates), Int32(minSize), usePolygon ? 1 : 0, Int32(destW), Int32(destH),
                                  &pts, &counts, &scores, &n))
        }
        defer {
            cv_free(pts)
            cv_free(counts)
            cv_free(scores)
        }
        let (maxX, maxY) = (Double(originalWidth), Double(originalHeight))
        return Polygon.unpack(pts, counts, Int(n)).enumerated().map { i, polygon in
            Detection(polygon: Polygon(polygon.points.map { Point(min($0.x, maxX), min($0.y, maxY)) }), score: Double(scores![i]))
        }
    }
}

/// CRAFT's post-processing: region and affinity maps to word boxes.
///
/// Threshold the region map at `lowText` and the affinity map at `linkThreshold`; take 4-connected
/// components of their union (OpenCV's connectedComponentsWithStats); drop components under 10
/// pixels or whose peak region score is under `textThreshold`; remove link-only pixels, dilate by
/// the component's size, and take the min-area rectangle (an axis-aligned box for near-square
/// ones), clockwise from the corner nearest the origin.
public struct CRAFTPostProcessor: Sendable, Equatable {
    public var textThreshold: Float = 0.7
    public var linkThreshold: Float = 0.4
    public var lowText: Float = 0.4

    public init(textThreshold: Float = 0.7, linkThreshold: Float = 0.4, lowText: Float = 0.4) {
        self.textThreshold = textThreshold
        self.linkThreshold = linkThreshold
        self.lowText = lowText
    }

    /// Boxes in original-image pixels: map coordinates times `scaleX`, `scaleY` (2 for CRAFT's
    /// half-resolution maps of an unresized image).
    public func boxes(region: FloatMap, affinity: FloatMap, scaleX: Double = 2, scaleY: Double = 2) throws -> [Detection] {
        guard region.width == affinity.width, region.height == affinity.height else {
            throw VisionError.invalidArgument("CRAFT post-processing: region map is \(region.width)x\(region.height) but affinity map is \(affinity.width)x\(affinity.height).")
        }
        var quads: UnsafeMutablePointer<Double>?, scores: UnsafeMutablePointer<Float>?
        var n: Int32 = 0
        try region.values.withUnsafeBufferPointer { r in
            try affinity.values.withUnsafeBufferPointer { a in
                try check(ab_craft_boxes(r.baseAddress, a.baseAddress, Int32(region.height), Int32(region.width), textThreshold,
                                         linkThreshold, lowText, scaleX, scaleY, &quads, &scores, &n))
            }
        }
        defer {
            cv_free(quads)
            cv_free(scores)
        }
        return (0..<Int(n)).map { i in
            Detection(polygon: Polygon(flat: (0..<8).map { quads![8 * i + $0] }), score: Double(scores![i]))
        }
    }
}
