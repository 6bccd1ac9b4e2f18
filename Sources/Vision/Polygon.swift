import CVision
import Foundation

/// A point in image pixels (x right, y down).
public struct Point: Sendable, Equatable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A closed polygon given by its vertices in order (a quad for ICDAR-2015).
public struct Polygon: Sendable, Equatable, Hashable, Codable {
    public var points: [Point]

    public init(_ points: [Point]) { self.points = points }

    /// From x,y pairs.
    public init(flat: [Double]) {
        precondition(flat.count % 2 == 0, "odd coordinate count")
        points = stride(from: 0, to: flat.count, by: 2).map { Point(flat[$0], flat[$0 + 1]) }
    }

    /// The axis-aligned rectangle x0..x1, y0..y1, clockwise from top-left.
    public static func rectangle(x0: Double, y0: Double, x1: Double, y1: Double) -> Polygon {
        Polygon([Point(x0, y0), Point(x1, y0), Point(x1, y1), Point(x0, y1)])
    }

    public var flat: [Double] { points.flatMap { [$0.x, $0.y] } }

    /// Signed shoelace area (positive when clockwise in image coordinates, y down).
    public var signedArea: Double {
        guard points.count >= 3 else { return 0 }
        var sum = 0.0
        for i in points.indices {
            let p = points[i], q = points[(i + 1) % points.count]
            sum += p.x * q.y - q.x * p.y
        }
        return sum / 2
    }

    public var area: Double { abs(signedArea) }

    /// Perimeter (closed).
    public var perimeter: Double {
        guard points.count >= 2 else { return 0 }
        var sum = 0.0
        for i in points.indices {
            let p = points[i], q = points[(i + 1) % points.count]
            sum += ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot()
        }
        return sum
    }

    /// Bounding box (minX, minY, maxX, maxY).
    public var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        var b = (minX: Double.infinity, minY: Double.infinity, maxX: -Double.infinity, maxY: -Double.infinity)
        for p in points {
            b.minX = min(b.minX, p.x)
            b.minY = min(b.minY, p.y)
            b.maxX = max(b.maxX, p.x)
            b.maxY = max(b.maxY, p.y)
        }
        return b
    }

    /// A valid simple polygon, as shapely (GEOS) reads a ring and PaddleOCR's evaluator asks
    /// (`is_valid and is_simple`): repeated consecutive vertices, and a last vertex repeating the
    /// first, count once; then at least three vertices, non-zero area, no two non-adjacent edges
    /// touching or crossing, and no edge folding back over the one before it. Concave rings and
    /// collinear vertices are valid.
    public var isValidSimple: Bool {
        var ring: [Point] = []
        for point in points where ring.last != point { ring.append(point) }
        while ring.count > 1, ring.first == ring.last { ring.removeLast() }
        let n = ring.count
        guard n >= 3, Polygon(ring).area > 0 else { return false }
        for i in 0..<n {
            let a = ring[i], b = ring[(i + 1) % n]
            for j in (i + 1)..<n {
                let c = ring[j], d = ring[(j + 1) % n]
                if j == i + 1 || (i == 0 && j == n - 1) {
                    // Adjacent edges share a vertex: they may meet there only, not run back along each other.
                    let (shared, p, q) = j == i + 1 ? (b, a, d) : (a, b, c)
                    if Polygon.orient(p, shared, q) == 0
                        && (p.x - shared.x) * (q.x - shared.x) + (p.y - shared.y) * (q.y - shared.y) > 0 { return false }
                    continue
                }
                if Polygon.segmentsTouch(a, b, c, d) { return false }
            }
        }
        return true
    }

    private static func orient(_ a: Point, _ b: Point, _ c: Point) -> Double {
        (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    }

    private static func onSegment(_ a: Point, _ b: Point, _ p: Point) -> Bool {
        min(a.x, b.x) <= p.x && p.x <= max(a.x, b.x) && min(a.y, b.y) <= p.y && p.y <= max(a.y, b.y)
    }

    static func segmentsTouch(_ a: Point, _ b: Point, _ c: Point, _ d: Point) -> Bool {
        let o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b)
        if ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)) { return true }
        if o1 == 0 && onSegment(a, b, c) { return true }
        if o2 == 0 && onSegment(a, b, d) { return true }
        if o3 == 0 && onSegment(c, d, a) { return true }
        if o4 == 0 && onSegment(c, d, b) { return true }
        return false
    }

    /// Areas of self ∩ other and self ∪ other, through Clipper.
    public func overlap(with other: Polygon) throws -> (intersection: Double, union: Double) {
        var inter = 0.0, uni = 0.0
        try check(ab_poly_overlap(flat, Int32(points.count), other.flat, Int32(other.points.count), &inter, &uni))
        return (inter, uni)
    }

    /// Vatti offset with round joins on the integer pixel grid (coordinates truncated, as pyclipper
    /// does): a negative delta shrinks. Returns every resulting polygon (none when it vanishes).
    public func offset(by delta: Double) throws -> [Polygon] {
        var pts: UnsafeMutablePointer<Double>?
        var counts: UnsafeMutablePointer<Int32>?
        var paths: Int32 = 0
        try check(ab_poly_offset(flat, Int32(points.count), delta, &pts, &counts, &paths))
        defer {
            cv_free(pts)
            cv_free(counts)
        }
        return Polygon.unpack(pts, counts, Int(paths))
    }

    /// Polygons from a flat point buffer and per-polygon counts.
    static func unpack(_ pts: UnsafeMutablePointer<Double>?, _ counts: UnsafeMutablePointer<Int32>?, _ n: Int) -> [Polygon] {
        guard let pts, let counts else { return [] }
        var out: [Polygon] = []
        var offset = 0
        for i in 0..<n {
            let k = Int(counts[i])
            out.append(Polygon((0..<k).map { Point(pts[2 * (offset + $0)], pts[2 * (offset + $0) + 1]) }))
            offset += k
        }
        return out
    }
}

/// A 2-D affine map p' = (a x + b y + tx, c x + d y + ty).
public struct AffineTransform: Sendable, Equatable {
    public var a, b, tx, c, d, ty: Double

    public init(a: Double, b: Double, tx: Double, c: Double, d: Double, ty: Double) {
        (self.a, self.b, self.tx, self.c, self.d, self.ty) = (a, b, tx, c, d, ty)
    }

    public static let identity = AffineTransform(a: 1, b: 0, tx: 0, c: 0, d: 1, ty: 0)

    public static func translation(_ x: Double, _ y: Double) -> AffineTransform {
        AffineTransform(a: 1, b: 0, tx: x, c: 0, d: 1, ty: y)
    }

    public static func scale(_ sx: Double, _ sy: Double) -> AffineTransform {
        AffineTransform(a: sx, b: 0, tx: 0, c: 0, d: sy, ty: 0)
    }

    /// Rotation by `radians` (clockwise on screen, since y points down) about the origin.
    public static func rotation(_ radians: Double) -> AffineTransform {
        let (s, c) = (sin(radians), cos(radians))
        return AffineTransform(a: c, b: -s, tx: 0, c: s, d: c, ty: 0)
    }

    /// self applied after `first`.
    public func concatenating(after first: AffineTransform) -> AffineTransform {
        AffineTransform(a: a * first.a + b * first.c, b: a * first.b + b * first.d, tx: a * first.tx + b * first.ty + tx,
                        c: c * first.a + d * first.c, d: c * first.b + d * first.d, ty: c * first.tx + d * first.ty + ty)
    }

    public func apply(_ p: Point) -> Point { Point(a * p.x + b * p.y + tx, c * p.x + d * p.y + ty) }

    public func apply(_ polygon: Polygon) -> Polygon { Polygon(polygon.points.map(apply)) }
}
