import CVision

/// A 3x3 projective map (row-major), for perspective-warped text and CRAFT labels.
public struct Homography: Sendable, Equatable {
    public var m: [Double]

    public init(_ m: [Double]) {
        precondition(m.count == 9, "a homography has 9 entries")
        self.m = m
    }

    /// The map taking each of the four `from` points onto the matching `to` point.
    public init(from: [Point], to: [Point]) throws {
        precondition(from.count == 4 && to.count == 4, "four point pairs")
        var out = [Double](repeating: 0, count: 9)
        try check(ab_perspective_transform(from.flatMap { [$0.x, $0.y] }, to.flatMap { [$0.x, $0.y] }, &out))
        m = out
    }

    public func apply(_ p: Point) -> Point {
        let w = m[6] * p.x + m[7] * p.y + m[8]
        return Point((m[0] * p.x + m[1] * p.y + m[2]) / w, (m[3] * p.x + m[4] * p.y + m[5]) / w)
    }

    public func apply(_ polygon: Polygon) -> Polygon { Polygon(polygon.points.map(apply)) }
}
