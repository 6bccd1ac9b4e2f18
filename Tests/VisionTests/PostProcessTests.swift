import Foundation
import Testing
@testable import Vision

@Suite("Detection post-processing")
struct PostProcessTests {
    static let original = Polygon.rectangle(x0: 50, y0: 50, x1: 150, y1: 90)

    /// A probability map holding `value` over the polygons' shrunk kernels, as DBNet is trained to predict.
    func kernelMap(_ polygons: [Polygon], value: Float = 0.9, width: Int = 200, height: Int = 120) throws -> FloatMap {
        let labels = try DBLabelMaker().make(width: width, height: height, instances: polygons.map { TextInstance(polygon: $0, text: "w") })
        return FloatMap(width: width, height: height, values: labels.probability.values.map { $0 * value })
    }

    func iou(_ a: Polygon, _ b: Polygon) throws -> Double {
        let o = try a.overlap(with: b)
        return o.intersection / o.union
    }

    @Test("a shrunk rectangle comes back as its original box, scored by its mean probability")
    func rectangle() throws {
        let boxes = try DBPostProcessor().boxes(probability: kernelMap([Self.original]), originalWidth: 200, originalHeight: 120)
        let box = try #require(boxes.first)
        #expect(boxes.count == 1)
        #expect(box.polygon.points.count == 4)
        #expect(abs(box.score! - 0.9) < 1e-5)
        // Kernel pixels 62...138 x 62...78 (76 x 16): D = 1216 * 1.5 / 184 = 9.9, so about 52...148 x 52...88.
        let b = box.polygon.bounds
        #expect(abs(b.minX - 52) <= 1 && abs(b.maxX - 148) <= 1 && abs(b.minY - 52) <= 1 && abs(b.maxY - 88) <= 1)
        #expect(try iou(box.polygon, Self.original) > 0.8)
        // Top-left first, clockwise.
        #expect(box.polygon.points[0].x < box.polygon.points[1].x && box.polygon.points[1].y < box.polygon.points[2].y)
    }

    @Test("a rotated quad comes back rotated; boxes scale to the original size")
    func rotatedAndScaled() throws {
        let quad = Polygon(flat: [40, 60, 140, 20, 152, 50, 52, 90])
        let map = try kernelMap([quad])
        let boxes = try DBPostProcessor().boxes(probability: map, originalWidth: 400, originalHeight: 240)
        let box = try #require(boxes.first)
        let doubled = Polygon(quad.points.map { Point($0.x * 2, $0.y * 2) })
        #expect(try iou(box.polygon, doubled) > 0.75)
        let padded = try DBPostProcessor().boxes(probability: map, originalWidth: 150, originalHeight: 100, scale: 0.5)
        #expect(padded.first!.polygon.points.allSatisfy { $0.x <= 150 && $0.y <= 100 })
    }

    @Test("low-score, tiny and excess candidates are dropped")
    func filters() throws {
        let weak = try DBPostProcessor().boxes(probability: kernelMap([Self.original], value: 0.5), originalWidth: 200, originalHeight: 120)
        #expect(weak.isEmpty) // 0.5 passes the 0.3 binarization but not box_thresh 0.6
        #expect(try DBPostProcessor(boxThreshold: 0.4).boxes(probability: kernelMap([Self.original], value: 0.5), originalWidth: 200, originalHeight: 120).count == 1)

        var thin = FloatMap(width: 100, height: 60)
        for x in 10..<60 { for y in 20..<22 { thin[x, y] = 1 } } // 2 px tall: under min size 3
        #expect(try DBPostProcessor().boxes(probability: thin, originalWidth: 100, originalHeight: 60).isEmpty)

        let many = (0..<5).map { Polygon.rectangle(x0: 10 + Double($0) * 38, y0: 20, x1: 40 + Double($0) * 38, y1: 60) }
        let map = try kernelMap(many)
        #expect(try DBPostProcessor().boxes(probability: map, originalWidth: 200, originalHeight: 120).count == 5)
        #expect(try DBPostProcessor(maxCandidates: 2).boxes(probability: map, originalWidth: 200, originalHeight: 120).count == 2)
    }

    @Test("polygon mode follows a non-convex region that a quad cannot")
    func polygons() throws {
        // An L-shaped region, which a quad cannot fit.
        let shape = Polygon(flat: [20, 20, 160, 20, 160, 50, 60, 50, 60, 100, 20, 100])
        var map = FloatMap(width: 200, height: 120)
        try fill(&map, [shape], 0.9)
        let poly = try #require(try DBPostProcessor(unclipRatio: 0.05, usePolygon: true).boxes(probability: map, originalWidth: 200, originalHeight: 120).first)
        #expect(poly.polygon.points.count >= 6)
        #expect(try iou(poly.polygon, shape) > 0.9)
        // A quad over the L scores 0.9 * 6200 / 11200 = 0.5: under box_thresh 0.6, so dropped; kept at 0.4, loosely.
        #expect(try DBPostProcessor(unclipRatio: 0.05).boxes(probability: map, originalWidth: 200, originalHeight: 120).isEmpty)
        let quad = try #require(try DBPostProcessor(boxThreshold: 0.4, unclipRatio: 0.05).boxes(probability: map, originalWidth: 200, originalHeight: 120).first)
        #expect(quad.polygon.points.count == 4)
        #expect(try iou(quad.polygon, shape) < 0.8)
    }

    @Test("CRAFT: characters joined by affinity form one word; separate words stay apart")
    func craft() throws {
        let word1 = TextInstance(polygon: .rectangle(x0: 20, y0: 20, x1: 140, y1: 60), text: "abc")
        let word2 = TextInstance(polygon: .rectangle(x0: 40, y0: 100, x1: 120, y1: 140), text: "de")
        let labels = try CRAFTLabelMaker(scale: 0.5).make(width: 200, height: 160, instances: [word1, word2])
        let boxes = try CRAFTPostProcessor().boxes(region: labels.region, affinity: labels.affinity)
        #expect(boxes.count == 2)
        let matched = try DetectionEvaluator().evaluate(groundTruth: [word1, word2], detections: boxes.map(\.polygon))
        #expect(matched == DetectionCounts(gtCare: 2, detCare: 2, matched: 2))
        // Without links each character is its own component.
        let empty = FloatMap(width: labels.affinity.width, height: labels.affinity.height)
        #expect(try CRAFTPostProcessor().boxes(region: labels.region, affinity: empty).count == 5)
    }
}
