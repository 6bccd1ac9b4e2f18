import Foundation
import Testing
@testable import Vision

@Suite("Detection data pipeline")
struct DetectionPipelineTests {
    func pipeline(training: Bool) throws -> DetectionPipeline {
        var options = SyntheticTextOptions()
        options.width = 200
        options.height = 150
        options.seed = 3
        let dataset = SyntheticTextDataset(generator: try SyntheticTextGenerator(options: options), indices: 10..<14)
        var aug = DetectionAugmentOptions()
        aug.width = 128
        aug.height = 128
        return DetectionPipeline(dataset: dataset, augmenter: DetectionAugmenter(options: aug), training: training, seed: 1,
                                 craft: CRAFTLabelMaker())
    }

    @Test("training examples: model-sized input and labels, reproducible per (epoch, index), different across epochs")
    func training() throws {
        let p = try pipeline(training: true)
        #expect(p.count == 4)
        let a = try p.example(2, epoch: 0), b = try p.example(2, epoch: 0), c = try p.example(2, epoch: 1)
        #expect(a.input.count == 3 * 128 * 128 && a.width == 128 && a.height == 128)
        #expect(a.db!.probability.width == 128 && a.craft!.region.width == 64)
        #expect(a.input == b.input && a.annotations == b.annotations)
        #expect(a.input != c.input)
        // The synthetic range starts at index 10.
        let direct = try p.dataset.sample(2), generated = try SyntheticTextGenerator(options: (p.dataset as! SyntheticTextDataset).generator.options).sample(12)
        #expect(direct.image == generated.image)
    }

    @Test("evaluation examples: resized and padded, scale kept, originals kept for scoring")
    func evaluation() throws {
        let e = try pipeline(training: false).example(0)
        #expect(e.scale == 128.0 / 200.0)
        #expect(e.originalWidth == 200 && e.originalHeight == 150)
        for (moved, original) in zip(e.annotations, e.originalAnnotations) {
            #expect(abs(moved.polygon.points[0].x - original.polygon.points[0].x * e.scale) < 1e-9)
        }
        #expect(DetectionScore(precision: 0.5, recall: 1, hmean: 2.0 / 3).metrics() == ["val/precision": 0.5, "val/recall": 1, "val/hmean": 2.0 / 3])
    }

    @Test("evaluation round trip: an oracle map decoded with the example's scale scores against the original annotations")
    func oracleScale() throws {
        let p = try pipeline(training: false)
        var total = DetectionCounts()
        for i in 0..<p.count {
            let e = try p.example(i)
            let boxes = try DBPostProcessor().boxes(probability: e.db!.probability, originalWidth: e.originalWidth,
                                                    originalHeight: e.originalHeight, scale: e.scale)
            for box in boxes { #expect(box.polygon.points.allSatisfy { $0.x <= 200 && $0.y <= 150 }) }
            let truth = e.originalAnnotations.map { a -> TextInstance in
                var t = a
                let b = a.polygon.bounds
                if min(b.maxX - b.minX, b.maxY - b.minY) * e.scale < 8 { t.ignore = true } // too small to label at this scale
                return t
            }
            total = total + (try DetectionEvaluator().evaluate(groundTruth: truth, detections: boxes.map(\.polygon)))
        }
        #expect(total.gtCare >= 5)
        #expect(total.score.hmean > 0.85, "\(total)")
    }
}
