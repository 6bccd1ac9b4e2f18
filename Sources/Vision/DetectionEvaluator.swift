import Foundation

/// Per-image counts of the ICDAR-2015 protocol, summed over a set before scoring.
public struct DetectionCounts: Sendable, Equatable {
    /// Ground truth that is not don't care.
    public var gtCare: Int
    /// Detections that are not don't care.
    public var detCare: Int
    /// One-to-one matches.
    public var matched: Int

    public init(gtCare: Int = 0, detCare: Int = 0, matched: Int = 0) {
        self.gtCare = gtCare
        self.detCare = detCare
        self.matched = matched
    }

    public static func + (l: DetectionCounts, r: DetectionCounts) -> DetectionCounts {
        DetectionCounts(gtCare: l.gtCare + r.gtCare, detCare: l.detCare + r.detCare, matched: l.matched + r.matched)
    }

    /// Precision, recall and hmean from summed counts (micro-averaged; 0 where undefined).
    public var score: DetectionScore {
        let recall = gtCare == 0 ? 0 : Double(matched) / Double(gtCare)
        let precision = detCare == 0 ? 0 : Double(matched) / Double(detCare)
        let hmean = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return DetectionScore(precision: precision, recall: recall, hmean: hmean)
    }
}

/// Precision, recall and their harmonic mean.
public struct DetectionScore: Sendable, Equatable, Codable {
    public var precision: Double
    public var recall: Double
    public var hmean: Double

    public init(precision: Double, recall: Double, hmean: Double) {
        self.precision = precision
        self.recall = recall
        self.hmean = hmean
    }
}

/// The ICDAR-2015 IoU protocol as PaddleOCR's DetectionIoUEvaluator implements it: invalid or
/// self-intersecting polygons are dropped; `###` ground truth is don't care; a detection is don't
/// care when more than `areaPrecision` of its area lies in one don't-care region; ground truth and
/// detections are then matched greedily one to one, in order, at IoU strictly above `iou`.
/// Polygon areas come from Clipper.
public struct DetectionEvaluator: Sendable {
    public var iou: Double
    public var areaPrecision: Double

    public init(iou: Double = 0.5, areaPrecision: Double = 0.5) {
        self.iou = iou
        self.areaPrecision = areaPrecision
    }

    /// Counts for one image.
    public func evaluate(groundTruth: [TextInstance], detections: [Polygon]) throws -> DetectionCounts {
        var gts: [Polygon] = [], gtDontCare = Set<Int>()
        for instance in groundTruth where instance.polygon.isValidSimple {
            if instance.ignore { gtDontCare.insert(gts.count) }
            gts.append(instance.polygon)
        }
        var dets: [Polygon] = [], detDontCare = Set<Int>()
        for polygon in detections where polygon.isValidSimple {
            let area = polygon.area
            for index in gtDontCare.sorted() {
                let inter = try polygon.overlap(with: gts[index]).intersection
                if area > 0 && inter / area > areaPrecision {
                    detDontCare.insert(dets.count)
                    break
                }
            }
            dets.append(polygon)
        }
        var matched = 0
        if !gts.isEmpty && !dets.isEmpty {
            var gtTaken = [Bool](repeating: false, count: gts.count)
            var detTaken = [Bool](repeating: false, count: dets.count)
            for g in gts.indices where !gtDontCare.contains(g) {
                for d in dets.indices where !detTaken[d] && !detDontCare.contains(d) && !gtTaken[g] {
                    let (inter, union) = try dets[d].overlap(with: gts[g])
                    if union > 0 && inter / union > iou {
                        gtTaken[g] = true
                        detTaken[d] = true
                        matched += 1
                    }
                }
            }
        }
        return DetectionCounts(gtCare: gts.count - gtDontCare.count, detCare: dets.count - detDontCare.count,
                               matched: matched)
    }

    /// Scores a set: counts per image summed, then precision, recall and hmean.
    public func score(_ images: [(groundTruth: [TextInstance], detections: [Polygon])]) throws -> DetectionScore {
        try images.reduce(DetectionCounts()) { $0 + (try evaluate(groundTruth: $1.groundTruth, detections: $1.detections)) }.score
    }

    /// Scores a folder of `res_<name>.txt` against a folder of `gt_<name>.txt`. A ground-truth
    /// file without predictions counts as no detections; predictions without ground truth are an error.
    public func score(groundTruthDirectory gtDir: URL, predictionDirectory predDir: URL) throws -> DetectionScore {
        let gtFiles = try Self.files(in: gtDir, prefix: "gt_", what: "ground-truth folder")
        let predFiles = try Self.files(in: predDir, prefix: "res_", what: "prediction folder")
        if gtFiles.isEmpty {
            throw VisionError.invalidArgument("No gt_<name>.txt files in '\(gtDir.path)': point --gt at a folder of ICDAR-2015 ground truth.")
        }
        if let stray = predFiles.keys.sorted().first(where: { gtFiles[$0] == nil }) {
            throw VisionError.invalidArgument("'\(predFiles[stray]!.path)' has no ground truth: expected '\(gtDir.appendingPathComponent("gt_\(stray).txt").path)'; remove it or add the ground truth.")
        }
        var total = DetectionCounts()
        for name in gtFiles.keys.sorted() {
            let gt = try ICDARFormat.readGroundTruth(gtFiles[name]!)
            let dets = try predFiles[name].map { try ICDARFormat.readPredictions($0).map(\.polygon) } ?? []
            total = total + (try evaluate(groundTruth: gt, detections: dets))
        }
        return total.score
    }

    /// `<prefix><name>.txt` files of a folder by name.
    static func files(in dir: URL, prefix: String, what: String) throws -> [String: URL] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw VisionError.missingPath(dir.path, what: what)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        var out: [String: URL] = [:]
        for file in names where file.hasPrefix(prefix) && file.hasSuffix(".txt") {
            out[String(file.dropFirst(prefix.count).dropLast(4))] = dir.appendingPathComponent(file)
        }
        return out
    }
}
