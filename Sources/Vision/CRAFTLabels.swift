import CVision

/// CRAFT's training targets for one image.
public struct CRAFTLabels: Sendable, Equatable {
    /// Character region score: a Gaussian per character box.
    public var region: FloatMap
    /// Affinity score: a Gaussian per pair of neighbouring characters.
    public var affinity: FloatMap
    /// 0 over don't-care words.
    public var mask: FloatMap
}

/// Makes CRAFT's region and affinity heatmaps from character boxes: an isotropic Gaussian (peak 1,
/// box edge at 2σ) warped by perspective onto each box, maxed where boxes meet. An affinity box
/// joins two neighbours: the centres of the top and bottom triangles of each character box (each
/// formed with the box centre). Words without character boxes (real data) are split into equal
/// cells along their length. Maps are made at `scale` of the image (CRAFT predicts at 1/2).
public struct CRAFTLabelMaker: Sendable {
    public var scale: Double

    public init(scale: Double = 0.5) { self.scale = scale }

    public func make(width: Int, height: Int, instances: [TextInstance]) throws -> CRAFTLabels {
        let (w, h) = (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
        var region = FloatMap(width: w, height: h), affinity = FloatMap(width: w, height: h)
        var mask = FloatMap(width: w, height: h, fill: 1)
        var regionQuads: [Polygon] = [], affinityQuads: [Polygon] = []
        for instance in instances {
            let word = scaled(instance.polygon)
            if instance.ignore {
                try fill(&mask, [word], 0)
                continue
            }
            let chars = instance.characters.isEmpty
                ? Self.split(word, into: max(1, instance.text.count)) : instance.characters.map(scaled)
            regionQuads += chars
            affinityQuads += Self.affinityBoxes(chars)
        }
        try Self.gaussians(&region, regionQuads)
        try Self.gaussians(&affinity, affinityQuads)
        return CRAFTLabels(region: region, affinity: affinity, mask: mask)
    }

    private func scaled(_ p: Polygon) -> Polygon { Polygon(p.points.map { Point($0.x * scale, $0.y * scale) }) }

    /// Affinity quads between consecutive character quads (clockwise from top-left).
    public static func affinityBoxes(_ chars: [Polygon]) -> [Polygon] {
        guard chars.count >= 2 else { return [] }
        func centre(_ pts: [Point]) -> Point {
            Point(pts.map(\.x).reduce(0, +) / Double(pts.count), pts.map(\.y).reduce(0, +) / Double(pts.count))
        }
        let tops = chars.map { c -> (Point, Point) in
            let p = c.points, mid = centre(p)
            return (centre([p[0], p[1], mid]), centre([p[2], p[3], mid]))
        }
        return (0..<(chars.count - 1)).map { i in
            Polygon([tops[i].0, tops[i + 1].0, tops[i + 1].1, tops[i].1])
        }
    }

    /// Splits a word quad into n equal cells from its left edge (p0-p3) to its right edge (p1-p2).
    public static func split(_ word: Polygon, into n: Int) -> [Polygon] {
        let p = word.points
        guard p.count == 4 else { return [word] }
        func lerp(_ a: Point, _ b: Point, _ t: Double) -> Point { Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t) }
        return (0..<n).map { i in
            let (t0, t1) = (Double(i) / Double(n), Double(i + 1) / Double(n))
            return Polygon([lerp(p[0], p[1], t0), lerp(p[0], p[1], t1), lerp(p[3], p[2], t1), lerp(p[3], p[2], t0)])
        }
    }

    static func gaussians(_ map: inout FloatMap, _ quads: [Polygon]) throws {
        let flat = quads.filter { $0.points.count == 4 }.flatMap(\.flat)
        let (h, w) = (Int32(map.height), Int32(map.width))
        try map.values.withUnsafeMutableBufferPointer {
            try check(ab_gaussian_quads($0.baseAddress, h, w, flat, Int32(flat.count / 8)))
        }
    }
}
