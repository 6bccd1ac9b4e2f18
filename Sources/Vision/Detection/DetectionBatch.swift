import Foundation
import Torch

/// One sample turned into network input and targets (plain arrays, built on any thread).
public struct PreparedSample: Sendable {
    /// Normalised image, C x H x W.
    public var image: [Float]
    /// Target maps in the order the architecture's loss expects: DBNet probability, its mask,
    /// threshold, its mask (H x W each); CRAFT region, affinity, mask (H/2 x W/2 each).
    public var maps: [[Float]]
}

/// A training batch as tensors.
public struct DetectionBatch {
    public var images: Tensor
    public var db: DBTargets?
    public var craft: CRAFTTargets?
    public var count: Int { images.shape[0] }
}

/// Turns annotated images into training samples: augmentation (random scale, rotation, flip,
/// text-keeping crop, resize and pad to the training size, colour jitter), the architecture's
/// labels, and normalisation; then stacks samples into a batch.
public struct DetectionSamplePreparer: Sendable {
    public var architecture: DetectionArchitecture
    public var size: Int
    public var augmenter: DetectionAugmenter
    public var dbLabels: DBLabelMaker
    public var craftLabels = CRAFTLabelMaker(scale: 0.5)
    public var normalization: InputNormalization

    public init(architecture: DetectionArchitecture, size: Int, augment: DetectionAugmentOptions, dbLabels: DBLabelMaker,
                normalization: InputNormalization = .imagenet) {
        self.normalization = normalization
        self.architecture = architecture
        self.size = size
        var options = augment
        options.width = size
        options.height = size
        augmenter = DetectionAugmenter(options: options)
        self.dbLabels = dbLabels
    }

    /// An augmented training sample.
    public func prepare(_ image: Image, _ annotations: [TextInstance], rng: inout SeededRandom) throws -> PreparedSample {
        let (augmented, items) = try augmenter.augment(image, annotations, rng: &rng)
        return try targets(for: augmented, items)
    }

    /// Input and targets of an image already at the training size.
    public func targets(for image: Image, _ annotations: [TextInstance]) throws -> PreparedSample {
        precondition(image.width == size && image.height == size, "targets(for:) expects a \(size)x\(size) image")
        let input = try normalization.input(image)
        switch architecture {
        case .dbnet, .dbnetpp:
            let l = try dbLabels.make(width: size, height: size, instances: annotations)
            return PreparedSample(image: input, maps: [l.probability.values, l.probabilityMask.values, l.threshold.values, l.thresholdMask.values])
        case .craft:
            let l = try craftLabels.make(width: size, height: size, instances: annotations)
            return PreparedSample(image: input, maps: [l.region.values, l.affinity.values, l.mask.values])
        }
    }

    /// Stacks samples into tensors.
    public func batch(_ samples: [PreparedSample]) throws -> DetectionBatch {
        let n = samples.count
        let images = try Tensor(samples.flatMap(\.image), shape: [n, 3, size, size])
        func stacked(_ k: Int, _ shape: [Int]) throws -> Tensor { try Tensor(samples.flatMap { $0.maps[k] }, shape: shape) }
        switch architecture {
        case .dbnet, .dbnetpp:
            let s = [n, 1, size, size]
            return DetectionBatch(images: images, db: DBTargets(probability: try stacked(0, s), probabilityMask: try stacked(1, s),
                                                                 threshold: try stacked(2, s), thresholdMask: try stacked(3, s)))
        case .craft:
            let half = size / 2, s = [n, half, half]
            return DetectionBatch(images: images, craft: CRAFTTargets(region: try stacked(0, s), affinity: try stacked(1, s), mask: try stacked(2, s)))
        }
    }

    /// Prepares samples `indices` of `source` on up to `threads` threads; sample i of epoch e
    /// draws its augmentation from a stream fixed by (seed, e, i), so batches are reproducible
    /// and a resumed run sees the same ones.
    public func prepare(_ indices: [Int], of source: any DetectionSource, seed: UInt64, epoch: Int, threads: Int) throws -> [PreparedSample] {
        let slots = SampleSlots<Result<PreparedSample, Error>>(count: indices.count)
        let workers = Swift.max(1, Swift.min(threads, indices.count))
        let base = SeededRandom(seed: seed).fork(UInt64(epoch))
        let work: @Sendable (Int) -> Void = { position in
            slots.set(position, Result {
                let (image, annotations) = try source.load(indices[position])
                var rng = base.fork(UInt64(indices[position]))
                return try self.prepare(image, annotations, rng: &rng)
            })
        }
        if workers == 1 {
            for position in indices.indices { work(position) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for position in stride(from: worker, to: indices.count, by: workers) { work(position) }
            }
        }
        return try slots.values().map { try $0.get() }
    }
}
