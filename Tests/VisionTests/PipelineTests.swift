import Foundation
import Testing
@testable import Vision

/// The data, label, post-processing and evaluation halves agree: a perfect prediction (the
/// training labels themselves) decoded by post-processing scores near 1 against the ground truth.
@Suite("Detection pipeline end to end")
struct PipelineTests {
    @Test("synthetic sample -> augmentation -> DB labels -> post-processing -> hmean")
    func dbRoundTrip() throws {
        var options = SyntheticTextOptions()
        options.width = 320
        options.height = 240
        options.seed = 11
        let generator = try SyntheticTextGenerator(options: options)
        var augmentOptions = DetectionAugmentOptions()
        augmentOptions.width = 320
        augmentOptions.height = 320
        augmentOptions.scale = 0.8...1.5
        let augmenter = DetectionAugmenter(options: augmentOptions)
        let maker = DBLabelMaker(), post = DBPostProcessor()
        var total = DetectionCounts()
        for index in 0..<12 {
            var (image, annotations) = try generator.sample(index)
            var rng = SeededRandom(seed: UInt64(index))
            (image, annotations) = try augmenter.augment(image, annotations, rng: &rng)
            let labels = try maker.make(width: image.width, height: image.height, instances: annotations)
            let boxes = try post.boxes(probability: labels.probability, originalWidth: image.width, originalHeight: image.height)
            // Text the labels mask out (tiny, ###) counts as don't care for scoring, as it does for training.
            let truth = annotations.map { a -> TextInstance in
                var t = a
                let b = a.polygon.bounds
                if min(b.maxX - b.minX, b.maxY - b.minY) < maker.minTextSize { t.ignore = true }
                return t
            }
            total = total + (try DetectionEvaluator().evaluate(groundTruth: truth, detections: boxes.map(\.polygon)))
        }
        #expect(total.gtCare > 20)
        #expect(total.score.hmean > 0.9, "\(total)")
    }

    @Test("synthetic sample -> CRAFT labels -> post-processing -> hmean")
    func craftRoundTrip() throws {
        var options = SyntheticTextOptions()
        options.width = 320
        options.height = 240
        options.seed = 12
        options.maxRotation = 5
        let generator = try SyntheticTextGenerator(options: options)
        var total = DetectionCounts()
        for index in 0..<12 {
            let (image, annotations) = try generator.sample(index)
            let labels = try CRAFTLabelMaker(scale: 0.5).make(width: image.width, height: image.height, instances: annotations)
            let boxes = try CRAFTPostProcessor().boxes(region: labels.region, affinity: labels.affinity)
            total = total + (try DetectionEvaluator().evaluate(groundTruth: annotations, detections: boxes.map(\.polygon)))
        }
        #expect(total.gtCare > 20)
        #expect(total.score.hmean > 0.8, "\(total)")
    }
}
