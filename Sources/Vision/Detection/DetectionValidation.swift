import Foundation
import Torch
import Train

/// Scores a detection model on a validation set with the ICDAR-2015 protocol: each image is
/// resized to fit the evaluation size and padded, the model's maps go through the
/// architecture's post-processing (DBNet: binarize, contours, box score, unclip; CRAFT: region
/// and affinity components), boxes are mapped back to the original image and matched against
/// its ground truth; counts are summed over the set.
public final class DetectionValidation {
    public let source: any DetectionSource
    public let settings: DetectionModelSettings
    public let size: Int
    public var batchSize = 8
    /// Ground truth, scale and original size of each image.
    private var items: [(annotations: [TextInstance], scale: Double, width: Int, height: Int)] = []
    private var inputs: [[Float]] = []

    public init(source: any DetectionSource, model settings: DetectionModelSettings, size: Int,
                normalization: InputNormalization = .imagenet) throws {
        self.source = source
        self.settings = settings
        self.size = size
        let augmenter = DetectionAugmenter()
        for i in 0..<source.count {
            let (image, annotations) = try source.load(i)
            let (padded, _, scale) = try augmenter.resizeAndPad(image, [], width: size, height: size)
            inputs.append(try normalization.input(padded))
            items.append((annotations, scale, image.width, image.height))
        }
    }

    /// The detections of every validation image, in original-image pixels.
    public func detect(_ model: any Module) throws -> [[Detection]] {
        var out: [[Detection]] = []
        try withNoGrad {
            for start in stride(from: 0, to: inputs.count, by: batchSize) {
                let end = Swift.min(inputs.count, start + batchSize)
                let x = try Tensor(Array(inputs[start..<end].joined()), shape: [end - start, 3, size, size])
                let y = try model(x)
                for (offset, i) in (start..<end).enumerated() {
                    out.append(try boxes(try y.select(dim: 0, index: offset), item: items[i]))
                }
            }
        }
        return out
    }

    private func boxes(_ maps: Tensor, item: (annotations: [TextInstance], scale: Double, width: Int, height: Int)) throws -> [Detection] {
        let (h, w) = (maps.shape[1], maps.shape[2])
        func map(_ channel: Int) throws -> FloatMap {
            FloatMap(width: w, height: h, values: try maps.select(dim: 0, index: channel).contiguous().toArray(Float.self))
        }
        switch settings.architecture {
        case .dbnet, .dbnetpp:
            return try settings.dbPostProcess.boxes(probability: map(0), originalWidth: item.width, originalHeight: item.height,
                                                    scale: item.scale)
        case .craft:
            let ratio = Double(size) / Double(w) / item.scale
            let found = try settings.craftPostProcess.boxes(region: map(0), affinity: map(1), scaleX: ratio, scaleY: ratio)
            return Array(found.sorted { ($0.score ?? 0) > ($1.score ?? 0) }.prefix(settings.maxCandidates))
        }
    }

    /// Scores the model; with `visualizations`, draws the first `limit` images with their true
    /// (green; don't care grey) and predicted (red) boxes into that folder.
    public func evaluate(_ model: any Module, visualizations: (folder: URL, limit: Int)? = nil) throws -> DetectionScore {
        let detections = try detect(model)
        let evaluator = DetectionEvaluator()
        let score = try evaluator.score(zip(items, detections).map { ($0.annotations, $1.map(\.polygon)) })
        if let (folder, limit) = visualizations, limit > 0 {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for i in 0..<Swift.min(limit, items.count) {
                var (image, annotations) = try source.load(i)
                for a in annotations {
                    try image.drawPolygon(a.polygon, colour: a.ignore ? [128, 128, 128] : [0, 200, 0], thickness: 1)
                }
                for d in detections[i] { try image.drawPolygon(d.polygon, colour: [230, 0, 0], thickness: 1) }
                try image.write(to: folder.appendingPathComponent("\(source.name(i)).png"))
            }
        }
        return score
    }
}
