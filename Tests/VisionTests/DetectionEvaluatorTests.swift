import Foundation
import Testing
import TestSupport
@testable import Vision

@Suite("ICDAR-2015 evaluator")
struct DetectionEvaluatorTests {
    let evaluator = DetectionEvaluator()
    static let square = Polygon.rectangle(x0: 0, y0: 0, x1: 10, y1: 10)

    func gt(_ p: Polygon, _ text: String = "word") -> TextInstance { TextInstance(polygon: p, text: text) }

    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let gt: [TextInstance]
        let dets: [Polygon]
        let counts: DetectionCounts
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "exact match", gt: [TextInstance(polygon: square, text: "a")], dets: [square],
             counts: DetectionCounts(gtCare: 1, detCare: 1, matched: 1)),
        // IoU = 50/100 = 0.5 exactly: the protocol needs IoU > 0.5.
        Case(id: "IoU exactly 0.5 does not match", gt: [TextInstance(polygon: square, text: "a")],
             dets: [.rectangle(x0: 0, y0: 0, x1: 10, y1: 5)], counts: DetectionCounts(gtCare: 1, detCare: 1, matched: 0)),
        // IoU = 60/100.
        Case(id: "IoU 0.6 matches", gt: [TextInstance(polygon: square, text: "a")],
             dets: [.rectangle(x0: 0, y0: 0, x1: 10, y1: 6)], counts: DetectionCounts(gtCare: 1, detCare: 1, matched: 1)),
        // IoU = 50 / (100 + 100 - 50) = 1/3 for a shifted square.
        Case(id: "half-shifted square misses", gt: [TextInstance(polygon: square, text: "a")],
             dets: [.rectangle(x0: 5, y0: 0, x1: 15, y1: 10)], counts: DetectionCounts(gtCare: 1, detCare: 1, matched: 0)),
        Case(id: "one-to-one: a second detection of the same word is a false positive",
             gt: [TextInstance(polygon: square, text: "a")], dets: [square, .rectangle(x0: 0, y0: 0, x1: 10, y1: 9)],
             counts: DetectionCounts(gtCare: 1, detCare: 2, matched: 1)),
        // det 0 has IoU 0.7 with gt 0 and 0.93 with gt 1; det 1 has 0.7 with gt 0 and 0.45 with gt 1.
        // Greedy in gt order pairs gt 0 with det 0 and leaves gt 1 unmatched (an optimal assignment would match both).
        Case(id: "greedy in order, first match not best",
             gt: [TextInstance(polygon: .rectangle(x0: 0, y0: 0, x1: 10, y1: 10), text: "a"),
                  TextInstance(polygon: .rectangle(x0: 0, y0: 0, x1: 10, y1: 7.5), text: "b")],
             dets: [.rectangle(x0: 0, y0: 0, x1: 10, y1: 7), .rectangle(x0: 0, y0: 3, x1: 10, y1: 10)],
             counts: DetectionCounts(gtCare: 2, detCare: 2, matched: 1)),
        Case(id: "### ground truth and a detection inside it are don't care",
             gt: [TextInstance(polygon: square, text: "###")], dets: [.rectangle(x0: 1, y0: 1, x1: 9, y1: 9)],
             counts: DetectionCounts(gtCare: 0, detCare: 0, matched: 0)),
        // exactly half of the detection lies in the don't-care region: not more than half, so it counts.
        Case(id: "detection exactly half inside don't care still counts",
             gt: [TextInstance(polygon: square, text: "###")], dets: [.rectangle(x0: 5, y0: 0, x1: 15, y1: 10)],
             counts: DetectionCounts(gtCare: 0, detCare: 1, matched: 0)),
        Case(id: "self-intersecting detection is dropped",
             gt: [TextInstance(polygon: square, text: "a")], dets: [Polygon(flat: [0, 0, 10, 10, 10, 0, 0, 10]), square],
             counts: DetectionCounts(gtCare: 1, detCare: 1, matched: 1)),
        Case(id: "no detections", gt: [TextInstance(polygon: square, text: "a")], dets: [],
             counts: DetectionCounts(gtCare: 1, detCare: 0, matched: 0)),
    ]

    @Test("hand-computed cases", arguments: cases)
    func handComputed(_ c: Case) throws {
        #expect(try evaluator.evaluate(groundTruth: c.gt, detections: c.dets) == c.counts)
    }

    @Test("counts are summed over images before P, R, H")
    func microAverage() throws {
        let score = try evaluator.score([
            (groundTruth: [gt(Self.square)], detections: [Self.square]),
            (groundTruth: [gt(.rectangle(x0: 0, y0: 0, x1: 5, y1: 5)), gt(.rectangle(x0: 20, y0: 0, x1: 25, y1: 5)),
                           gt(.rectangle(x0: 40, y0: 0, x1: 45, y1: 5))], detections: []),
        ])
        // matched 1, gtCare 4, detCare 1: R = 0.25, P = 1, H = 2*0.25/1.25 = 0.4 (a per-image mean would give R 0.5).
        #expect(score == DetectionScore(precision: 1, recall: 0.25, hmean: 0.4))
    }

    @Test("folders: missing predictions count as none, stray predictions and bad lines are errors")
    func folders() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let gtDir = root.appendingPathComponent("gt"), predDir = root.appendingPathComponent("pred")
        try FileManager.default.createDirectory(at: gtDir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: predDir, withIntermediateDirectories: true)
        try "0,0,10,0,10,10,0,10,a\n".write(to: gtDir.appendingPathComponent("gt_img_1.txt"), atomically: true, encoding: .utf8)
        try "0,0,10,0,10,10,0,10,b\n".write(to: gtDir.appendingPathComponent("gt_img_2.txt"), atomically: true, encoding: .utf8)
        try "0,0,10,0,10,9,0,9,0.9\n".write(to: predDir.appendingPathComponent("res_img_1.txt"), atomically: true, encoding: .utf8)
        let score = try evaluator.score(groundTruthDirectory: gtDir, predictionDirectory: predDir)
        #expect(score == DetectionScore(precision: 1, recall: 0.5, hmean: 2 * 0.5 / 1.5))

        let stray = predDir.appendingPathComponent("res_img_9.txt")
        try "1,1,2,1,2,2,1,2\n".write(to: stray, atomically: true, encoding: .utf8)
        #expect(throws: VisionError.invalidArgument("'\(stray.path)' has no ground truth: expected '\(gtDir.path)/gt_img_9.txt'; remove it or add the ground truth.")) {
            try evaluator.score(groundTruthDirectory: gtDir, predictionDirectory: predDir)
        }
        try FileManager.default.removeItem(at: stray)
        let bad = predDir.appendingPathComponent("res_img_2.txt")
        try "1,1,2,1,2,2,1\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: VisionError.malformedLine(file: bad.path, line: 1, reason: "expected 8 coordinates and an optional score (x1,y1,x2,y2,x3,y3,x4,y4[,score]), found 7 field(s)")) {
            try evaluator.score(groundTruthDirectory: gtDir, predictionDirectory: predDir)
        }
        #expect(throws: VisionError.missingPath(root.appendingPathComponent("nope").path, what: "prediction folder")) {
            try evaluator.score(groundTruthDirectory: gtDir, predictionDirectory: root.appendingPathComponent("nope"))
        }
    }

    @Test("matches the shapely reference on 300 random images", .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func differential() throws {
        var rng = SeededRandom(seed: 2015)
        var images: [(groundTruth: [TextInstance], detections: [Polygon])] = []
        func quad(_ cx: Double, _ cy: Double, _ w: Double, _ h: Double, _ angle: Double, _ jitter: Double) -> Polygon {
            let corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
            return Polygon(corners.map { dx, dy in
                Point((cx + dx * cos(angle) - dy * sin(angle) + rng.uniform(-jitter, jitter) * 100).rounded() / 100,
                      (cy + dx * sin(angle) + dy * cos(angle) + rng.uniform(-jitter, jitter) * 100).rounded() / 100)
            })
        }
        for _ in 0..<300 {
            var gts: [TextInstance] = [], dets: [Polygon] = []
            for _ in 0..<rng.int(0...6) {
                let (cx, cy, w, h, a) = (rng.uniform(0, 500), rng.uniform(0, 500), rng.uniform(10, 120), rng.uniform(6, 40), rng.uniform(-0.5, 0.5))
                let g = quad(cx, cy, w, h, a, 0.02)
                gts.append(TextInstance(polygon: g, text: rng.chance(0.2) ? "###" : "w"))
                for _ in 0..<rng.int(0...2) {
                    dets.append(quad(cx + rng.uniform(-8, 8), cy + rng.uniform(-5, 5), w * rng.uniform(0.6, 1.3),
                                     h * rng.uniform(0.6, 1.4), a + rng.uniform(-0.2, 0.2), 0.03))
                }
            }
            for _ in 0..<rng.int(0...2) {
                dets.append(quad(rng.uniform(0, 500), rng.uniform(0, 500), rng.uniform(10, 80), rng.uniform(6, 30), rng.uniform(-1, 1), 0.05))
            }
            if rng.chance(0.1) { dets.append(Polygon(flat: [0, 0, 30, 30, 30, 0, 0, 30])) } // bow-tie
            images.append((gts, dets))
        }
        let (reference, matchedTotal) = try compareWithReference(images)
        #expect(matchedTotal > 100, "the random sets should exercise matching")
        let score = try evaluator.score(images)
        #expect(abs(score.hmean - (reference["hmean"] as! Double)) < 1e-12)
        #expect(abs(score.precision - (reference["precision"] as! Double)) < 1e-12)
        #expect(abs(score.recall - (reference["recall"] as! Double)) < 1e-12)
    }

    /// Shapes the random quadrilaterals never make: concave and many-point polygons (curved text),
    /// repeated, collinear and closing vertices, zero-area, spiked and self-touching rings. Each is
    /// scored as ground truth and as a detection against nearby shapes, and the counts must be
    /// shapely's (PaddleOCR's evaluator drops what shapely calls invalid or not simple).
    @Test("matches the shapely reference on concave, many-point, degenerate and self-touching polygons",
          .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func differentialOnHardShapes() throws {
        func poly(_ points: [(Double, Double)], dx: Double = 0, dy: Double = 0) -> Polygon {
            Polygon(points.map { Point($0.0 + dx, $0.1 + dy) })
        }
        let named: [[(Double, Double)]] = [
            [(0, 0), (10, 5), (0, 10), (3, 5)],                        // concave dart
            [(0, 0), (20, 0), (20, 10), (10, 4), (0, 10)],             // concave pentagon
            [(0, 0), (10, 0), (10, 0), (0, 10)],                       // repeated vertex
            [(0, 0), (0, 0), (10, 0), (10, 10), (0, 10)],              // repeated first vertex
            [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)],              // explicitly closed ring
            [(0, 0), (5, 0), (10, 0), (10, 10), (0, 10)],              // collinear vertex
            [(0, 0), (10, 0), (20, 0), (10, 0), (10, 10), (0, 10)],    // spike
            [(0, 0), (10, 0), (4, 0), (4, 8)],                         // spike folding back on its edge
            [(0, 0), (5, 0), (10, 0)],                                 // zero area
            [(0, 0), (10, 0), (5, 5), (10, 10), (0, 10), (5, 5)],      // touches itself at a vertex
            [(0, 0), (10, 0), (10, 10), (5, 0), (0, 10)],              // a vertex on another edge
            [(0, 0), (10, 10), (10, 0), (0, 10)],                      // bow-tie
            [(1, 1), (1, 1), (1, 1), (1, 1)],                          // one point
        ]
        // A curved word's band: an arc of 7 points outside, 7 inside (concave, 14 vertices).
        func arc(_ cx: Double, _ cy: Double, _ r: Double, _ thickness: Double, _ from: Double, _ to: Double) -> [(Double, Double)] {
            let angles = (0..<7).map { from + (to - from) * Double($0) / 6 }
            return angles.map { (cx + (r + thickness) * cos($0), cy + (r + thickness) * sin($0)) }
                + angles.reversed().map { (cx + r * cos($0), cy + r * sin($0)) }
        }
        var rng = SeededRandom(seed: 15)
        var images: [(groundTruth: [TextInstance], detections: [Polygon])] = []
        for shape in named {
            // As a detection over a square word, as ground truth under a square detection, and against itself.
            let square = Polygon.rectangle(x0: 0, y0: 0, x1: 10, y1: 10)
            images.append(([TextInstance(polygon: square, text: "w")], [poly(shape)]))
            images.append(([TextInstance(polygon: poly(shape), text: "w")], [square]))
            images.append(([TextInstance(polygon: poly(shape), text: "w")], [poly(shape), poly(shape, dx: 1)]))
            images.append(([TextInstance(polygon: poly(shape), text: "###")], [poly(shape, dy: 1)]))
        }
        for _ in 0..<150 {
            var gts: [TextInstance] = [], dets: [Polygon] = []
            for _ in 0..<rng.int(1...4) {
                let (cx, cy) = (rng.uniform(0, 400), rng.uniform(0, 400))
                let band = arc(cx, cy, rng.uniform(20, 60), rng.uniform(6, 15), rng.uniform(-3, 0), rng.uniform(0.3, 2.5))
                gts.append(TextInstance(polygon: poly(band), text: rng.chance(0.15) ? "###" : "w"))
                if rng.chance(0.8) {
                    let rounded = band.map { (($0.0 + rng.uniform(-2, 2)) * 10).rounded() / 10 }
                    dets.append(poly(zip(rounded, band.map { (($0.1 + rng.uniform(-2, 2)) * 10).rounded() / 10 }).map { ($0, $1) }))
                }
                // A concave quadrilateral: a corner pushed inwards, sometimes past the middle (then it crosses itself).
                let (w, h) = (rng.uniform(10, 60), rng.uniform(8, 30))
                var quad = [(cx, cy), (cx + w, cy), (cx + w, cy + h), (cx, cy + h)]
                let corner = rng.int(0...3)
                let push = rng.uniform(0.2, 1.3)
                quad[corner] = (quad[corner].0 + (cx + w / 2 - quad[corner].0) * 2 * push, quad[corner].1 + (cy + h / 2 - quad[corner].1) * 2 * push)
                if rng.chance(0.5) { gts.append(TextInstance(polygon: poly(quad), text: "w")) } else { dets.append(poly(quad, dx: rng.uniform(-3, 3))) }
                if rng.chance(0.2) { dets.append(poly(named[rng.int(0...(named.count - 1))], dx: cx, dy: cy)) }
            }
            images.append((gts, dets))
        }
        let (_, matched) = try compareWithReference(images)
        #expect(matched > 100, "the shapes should exercise matching")
    }

    /// Scores every image with Ablate's evaluator and with the shapely reference
    /// (`Tests/Reference/icdar_eval.py`), expecting the same counts per image; returns the
    /// reference's output and how many matches Ablate counted.
    private func compareWithReference(_ images: [(groundTruth: [TextInstance], detections: [Polygon])]) throws
        -> (reference: [String: Any], matched: Int) {
        let payload = images.map { image -> [String: Any] in
            ["gt": image.groundTruth.map { ["points": $0.polygon.points.map { [$0.x, $0.y] }, "ignore": $0.ignore] },
             "det": image.detections.map { $0.points.map { [$0.x, $0.y] } }]
        }
        let out = try ReferencePython.run("icdar_eval.py", input: JSONSerialization.data(withJSONObject: payload))
        let reference = try #require(JSONSerialization.jsonObject(with: out) as? [String: Any])
        let perImage = try #require(reference["images"] as? [[String: Int]])
        var matched = 0
        for (i, image) in images.enumerated() {
            let counts = try evaluator.evaluate(groundTruth: image.groundTruth, detections: image.detections)
            matched += counts.matched
            #expect(counts == DetectionCounts(gtCare: perImage[i]["gtCare"]!, detCare: perImage[i]["detCare"]!,
                                              matched: perImage[i]["matched"]!),
                    "image \(i): gt \(image.groundTruth.map { $0.polygon.points }), det \(image.detections.map(\.points))")
        }
        return (reference, matched)
    }
}
