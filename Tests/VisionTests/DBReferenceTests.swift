import Foundation
import Testing
@testable import Vision

/// DBNet labels and post-processing against the Python reference (numpy, OpenCV, pyclipper,
/// shapely) in Tests/Reference/db_reference.py.
@Suite("DBNet against the Python reference", .enabled(if: Reference.available, Reference.note))
struct DBReferenceTests {
    static func decode(_ base64: String) throws -> [Float] {
        let data = try #require(Data(base64Encoded: base64))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    /// Random integer quads (rotated boxes), some ###, some tiny, some partly outside the image.
    static func scenes(count: Int, width: Int, height: Int, seed: UInt64) -> [[TextInstance]] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            (0..<rng.int(1...6)).map { _ in
                let (cx, cy) = (rng.uniform(-10, Double(width) + 10), rng.uniform(-10, Double(height) + 10))
                let (w, h, a) = (rng.uniform(4, 120), rng.uniform(4, 40), rng.uniform(-0.6, 0.6))
                let pts = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)].map { dx, dy in
                    Point((cx + dx * cos(a) - dy * sin(a)).rounded(), (cy + dx * sin(a) + dy * cos(a)).rounded())
                }
                return TextInstance(polygon: Polygon(pts), text: rng.chance(0.15) ? "###" : "w")
            }
        }
    }

    @Test("labels: shrink map, masks and threshold map equal the reference's")
    func labels() throws {
        let (width, height) = (160, 120)
        let scenes = Self.scenes(count: 40, width: width, height: height, seed: 3)
        let payload = scenes.map { scene -> [String: Any] in
            ["width": width, "height": height, "polygons": scene.map { $0.polygon.points.map { [$0.x, $0.y] } },
             "ignore": scene.map(\.ignore)]
        }
        let out = try Reference.run("db_reference.py", arguments: ["labels"], input: JSONSerialization.data(withJSONObject: payload))
        let reference = try #require(try JSONSerialization.jsonObject(with: out) as? [[String]])
        var maxDiff: Float = 0, sumDiff: Float = 0, borderPixels = 0
        for (scene, ref) in zip(scenes, reference) {
            let labels = try DBLabelMaker().make(width: width, height: height, instances: scene)
            #expect(labels.probability.values == (try Self.decode(ref[0])))
            #expect(labels.probabilityMask.values == (try Self.decode(ref[1])))
            #expect(labels.thresholdMask.values == (try Self.decode(ref[3])))
            for (a, b) in zip(labels.threshold.values, try Self.decode(ref[2])) {
                maxDiff = max(maxDiff, abs(a - b))
                sumDiff += abs(a - b)
                if a > 0.3 { borderPixels += 1 }
            }
        }
        #expect(borderPixels > 10_000)
        #expect(maxDiff < 1e-5, "max |threshold - reference| = \(maxDiff), mean \(sumDiff / Float(40 * width * height))")
    }

    @Test("post-processing: the same boxes and scores as the reference on noisy maps")
    func boxes() throws {
        let (width, height) = (160, 120)
        let scenes = Self.scenes(count: 30, width: width, height: height, seed: 4)
        var rng = SeededRandom(seed: 9)
        var maps: [FloatMap] = []
        for scene in scenes {
            var map = try DBLabelMaker().make(width: width, height: height, instances: scene).probability
            // A soft, noisy prediction: kernels at 0.5...1, speckle elsewhere.
            for i in map.values.indices {
                map.values[i] = map.values[i] > 0 ? Float(rng.uniform(0.5, 1)) : (rng.chance(0.02) ? Float(rng.uniform(0, 0.9)) : 0)
            }
            maps.append(map)
        }
        let payload = maps.map { map -> [String: Any] in
            ["width": width, "height": height, "dest_width": width * 2, "dest_height": height * 2,
             "map": map.values.withUnsafeBytes { Data($0).base64EncodedString() }]
        }
        let out = try Reference.run("db_reference.py", arguments: ["boxes"], input: JSONSerialization.data(withJSONObject: payload))
        let reference = try #require(try JSONSerialization.jsonObject(with: out) as? [[[String: Any]]])
        var total = 0
        for (map, ref) in zip(maps, reference) {
            let ours = try DBPostProcessor().boxes(probability: map, originalWidth: width * 2, originalHeight: height * 2)
            #expect(ours.count == ref.count)
            for (a, b) in zip(ours, ref) {
                total += 1
                #expect(a.polygon.flat == (b["points"] as! [Double]))
                #expect(abs(a.score! - (b["score"] as! Double)) < 1e-5)
            }
        }
        #expect(total > 15)
    }
}
