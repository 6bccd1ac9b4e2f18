import CVision

/// DBNet's training targets for one image.
public struct DBLabels: Sendable, Equatable {
    /// 1 inside the shrunk text kernels.
    public var probability: FloatMap
    /// 0 over don't-care, tiny and degenerate text (excluded from the probability and binary losses).
    public var probabilityMask: FloatMap
    /// Threshold map in [thresholdMin, thresholdMax], highest on text borders.
    public var threshold: FloatMap
    /// 1 inside the dilated text polygons (where the threshold loss applies).
    public var thresholdMask: FloatMap
}

/// Makes DBNet's labels as MhLiao's MakeSegDetectionData and MakeBorderMap do: polygons clipped to
/// the image; each polygon shrunk by the Vatti offset D = A(1 - r²)/L (round joins, through
/// Clipper) and filled into the probability map; `###`, degenerate (area < 1), tiny (shorter side
/// of the bounding box below `minTextSize`) or vanishing polygons masked out instead; the threshold
/// map 1 - clip(d/D, 0, 1) over each polygon dilated by D (d the distance to the polygon's
/// border), rescaled to [thresholdMin, thresholdMax].
public struct DBLabelMaker: Sendable {
    public var shrinkRatio = 0.4
    public var minTextSize = 8.0
    public var thresholdMin: Float = 0.3
    public var thresholdMax: Float = 0.7

    public init(shrinkRatio: Double = 0.4, minTextSize: Double = 8, thresholdMin: Float = 0.3, thresholdMax: Float = 0.7) {
        self.shrinkRatio = shrinkRatio
        self.minTextSize = minTextSize
        self.thresholdMin = thresholdMin
        self.thresholdMax = thresholdMax
    }

    /// The offset distance for a polygon: A(1 - r²)/L.
    public func shrinkDistance(_ polygon: Polygon) -> Double {
        let length = polygon.perimeter
        return length > 0 ? polygon.area * (1 - shrinkRatio * shrinkRatio) / length : 0
    }

    public func make(width: Int, height: Int, instances: [TextInstance]) throws -> DBLabels {
        var probability = FloatMap(width: width, height: height)
        var mask = FloatMap(width: width, height: height, fill: 1)
        var canvas = FloatMap(width: width, height: height)
        var thresholdMask = FloatMap(width: width, height: height)
        for instance in instances {
            let polygon = Polygon(instance.polygon.points.map {
                Point(min(max($0.x, 0), Double(width - 1)), min(max($0.y, 0), Double(height - 1)))
            })
            let b = polygon.bounds
            var ignore = instance.ignore || polygon.area < 1 || min(b.maxX - b.minX, b.maxY - b.minY) < minTextSize
            let distance = shrinkDistance(polygon)
            if !ignore {
                let shrunk = try polygon.offset(by: -distance)
                if let kernel = shrunk.first { try fill(&probability, [kernel], 1) } else { ignore = true }
            }
            if ignore {
                try fill(&mask, [polygon], 0)
                continue
            }
            guard let padded = try polygon.offset(by: distance).first else { continue }
            try canvas.values.withUnsafeMutableBufferPointer { c in
                try thresholdMask.values.withUnsafeMutableBufferPointer { m in
                    try check(ab_border_map(c.baseAddress, m.baseAddress, Int32(height), Int32(width), polygon.flat,
                                            Int32(polygon.points.count), padded.flat, Int32(padded.points.count), distance))
                }
            }
        }
        let span = thresholdMax - thresholdMin
        canvas.values = canvas.values.map { $0 * span + thresholdMin }
        return DBLabels(probability: probability, probabilityMask: mask, threshold: canvas, thresholdMask: thresholdMask)
    }
}

/// Fills polygons into a map (cv::fillPoly on truncated integer points).
func fill(_ map: inout FloatMap, _ polygons: [Polygon], _ value: Float) throws {
    let flat = polygons.flatMap(\.flat), counts = polygons.map { Int32($0.points.count) }
    let (h, w) = (Int32(map.height), Int32(map.width))
    try map.values.withUnsafeMutableBufferPointer {
        try check(ab_fill_polygons($0.baseAddress, h, w, flat, counts, Int32(counts.count), value))
    }
}
