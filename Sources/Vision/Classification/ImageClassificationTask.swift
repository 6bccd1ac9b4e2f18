import Foundation
import Torch
import Train

/// Image classification on a real dataset as a `TrainingTask`: a seeded train/val split of the
/// official training images, augmented (crop with padding, flip) training batches under cross
/// entropy with `train.label_smoothing`, and at each evaluation `val/loss`, `val/top1`,
/// `val/top5` and `train/top1`, the clean accuracy of a fixed training subset under eval
/// transforms (comparable with val, unlike a running accuracy on augmented batches). The test
/// images are kept apart for the final evaluation (`test/loss`, `test/top1`, `test/top5`).
public final class ImageClassificationTask: TrainingTask {
    public let config: ClassificationConfig
    public let trainSet: ImageClassificationSet
    public let validationSet: ImageClassificationSet
    /// The fixed training subset of `train/top1` (the training part's first images).
    public let trainEvalSet: ImageClassificationSet
    public let testSet: ImageClassificationSet?
    /// Per-channel normalisation of pixels in [0, 1].
    public let mean: [Double], std: [Double]
    private let dataSummary: String

    /// Loads the dataset and splits it (`data.val_samples` by `data.split_seed`).
    public init(config: ClassificationConfig) throws {
        self.config = config
        let d = config.data
        let started = Date()
        let root = URL(fileURLWithPath: d.root)
        let official: ImageClassificationSet
        var separateValidation: ImageClassificationSet?
        switch d.dataset {
        case .fashionMNIST:
            official = try FashionMNIST.load(.train, root: root)
        case .imageFolder:
            official = try ImageFolder.load(root: root, size: d.imageSize, channels: d.channels)
            separateValidation = try d.valRoot.map {
                try ImageFolder.load(root: URL(fileURLWithPath: $0), size: d.imageSize, channels: d.channels, classes: official.classNames)
            }
        }
        let split: TrainValidationSplit
        if separateValidation != nil {
            // A validation folder: every training image trains.
            split = TrainValidationSplit(count: official.count, validationCount: 0, seed: d.splitSeed)
        } else {
            guard d.valSamples < official.count else {
                throw TrainError.config(key: "data.val_samples", message: "\(d.valSamples) leaves no training images of \(official.count); lower it")
            }
            split = TrainValidationSplit(count: official.count, validationCount: d.valSamples, seed: d.splitSeed)
        }
        if let n = d.trainSamples, n > split.train.count {
            throw TrainError.config(key: "data.train_samples", message: "\(n) is more than the \(split.train.count) training images "
                + "left after data.val_samples=\(d.valSamples); lower it or set it to null (all)")
        }
        let trainIndices = Array(split.train.prefix(d.trainSamples ?? split.train.count))
        trainSet = official.subset(trainIndices)
        validationSet = separateValidation ?? official.subset(split.validation)
        guard validationSet.count > 0 else {
            throw TrainError.config(key: "data.val_samples", message: "no validation images: set data.val_samples above 0"
                + (d.dataset == .imageFolder ? " or data.val_root to a folder of validation images" : ""))
        }
        trainEvalSet = trainSet.subset(Array(0..<Swift.min(trainSet.count, d.trainEvalSamples ?? Swift.max(1, validationSet.count))))
        switch (d.dataset, d.testSamples) {
        case (_, 0?), (.imageFolder, _) where d.testRoot == nil:
            testSet = nil
        case (.fashionMNIST, let limit):
            let test = try FashionMNIST.load(.test, root: root)
            testSet = limit.map { test.subset(Array(0..<Swift.min($0, test.count))) } ?? test
        case (.imageFolder, let limit):
            let test = try ImageFolder.load(root: URL(fileURLWithPath: d.testRoot!), size: d.imageSize, channels: d.channels,
                                            classes: official.classNames)
            testSet = limit.map { test.subset(Array(0..<Swift.min($0, test.count))) } ?? test
        }
        if d.normalization == "dataset" {
            (mean, std) = trainSet.channelStatistics()
        } else {
            mean = Array(repeating: 0, count: trainSet.channels)
            std = Array(repeating: 1, count: trainSet.channels)
        }
        let stats = zip(mean, std).map { String(format: "%.4f/%.4f", $0, $1) }.joined(separator: ", ")
        let validationSource = separateValidation != nil ? "from \(d.valRoot!)" : "split seed \(d.splitSeed)"
        dataSummary = "\(d.dataset.rawValue) from \(d.root): \(trainSet.count) training, \(validationSet.count) validation "
            + "(\(validationSource)), \(testSet?.count ?? 0) test images of \(trainSet.channels)x\(trainSet.height)x"
            + "\(trainSet.width), \(trainSet.classNames.count) classes; mean/std \(stats); "
            + "loaded in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
    }

    public var trainingSampleCount: Int { trainSet.count }
    public var defaultMonitor: Monitor { Monitor(metric: "val/top1", maximize: true) }

    /// The configured classifier for the dataset's channels and classes.
    public func makeModel() throws -> any Module {
        var settings = config.train
        settings.data.channels = trainSet.channels
        settings.data.numClasses = trainSet.classNames.count
        settings.data.imageSize = trainSet.height
        return try settings.makeModel()
    }

    public func describe(model: any Module) -> String {
        let parameters = model.parameters.reduce(0) { $0 + $1.count }
        let m = config.train.model, a = config.data.augment
        return "data: \(dataSummary); model: \(m.architecture) x\(m.widthMultiplier) (\(m.stem.rawValue) stem), \(parameters) "
            + "parameters; augmentation: crop padding \(a.padding), flip \(a.flipProbability)"
    }

    /// Augments the samples (seeded by the run seed, epoch and sample index) and returns their
    /// cross entropy.
    public func loss(of model: any Module, samples indices: [Int], epoch: Int) throws -> LossTerms {
        let (images, labels) = try batch(of: trainSet, indices: indices, augmentSeed: augmentSeed(epoch: epoch))
        return LossTerms(total: try model(images).crossEntropy(labels, labelSmoothing: config.train.train.labelSmoothing))
    }

    public func evaluate(_ model: any Module, epoch: Int) throws -> [String: Double] {
        let val = try measure(model, on: validationSet)
        var metrics = ["val/loss": val.meanLoss, "val/top1": val.accuracies[0], "val/top5": val.accuracies[1]]
        if trainEvalSet.count > 0 { metrics["train/top1"] = try measure(model, on: trainEvalSet).accuracies[0] }
        return metrics
    }

    public func finalEvaluation(_ model: any Module) throws -> [String: Double] {
        guard let testSet else { return [:] }
        let test = try measure(model, on: testSet)
        return ["test/loss": test.meanLoss, "test/top1": test.accuracies[0], "test/top5": test.accuracies[1]]
    }

    /// Top-1 and top-5 accuracy and mean cross entropy of `set` under eval transforms.
    func measure(_ model: any Module, on set: ImageClassificationSet) throws -> TopKAccuracy {
        try withNoGrad {
            var accuracy = TopKAccuracy(ks: [1, 5])
            for start in stride(from: 0, to: set.count, by: config.data.evalBatchSize) {
                let indices = Array(start..<Swift.min(set.count, start + config.data.evalBatchSize))
                let (images, labels) = try batch(of: set, indices: indices, augmentSeed: nil)
                try accuracy.add(logits: try model(images), labels: indices.map { set.labels[$0] }, labelTensor: labels)
            }
            return accuracy
        }
    }

    /// The seed of one epoch's augmentation draws (each sample forks it by its index).
    func augmentSeed(epoch: Int) -> UInt64 {
        var random = SeededRandom(seed: config.train.seed ^ 0xA5A5_0000_0000_0000).fork(UInt64(epoch))
        return random.next()
    }

    /// The normalised images [N, C, H, W] and int64 labels at `indices`; augmented when
    /// `augmentSeed` is given, else as they are (eval transforms).
    func batch(of set: ImageClassificationSet, indices: [Int], augmentSeed: UInt64?) throws -> (Tensor, Tensor) {
        let size = set.imageSize, plane = set.height * set.width
        var floats = [Float](repeating: 0, count: indices.count * size)
        var scratch = [UInt8](repeating: 0, count: size)
        let scale = (0..<set.channels).map { Float(1 / (255 * std[$0])) }
        let shift = (0..<set.channels).map { Float(mean[$0] / std[$0]) }
        set.pixels.withUnsafeBufferPointer { pixels in
            scratch.withUnsafeMutableBufferPointer { out in
                for (row, index) in indices.enumerated() {
                    let source = UnsafeBufferPointer(rebasing: pixels[(index * size)..<((index + 1) * size)])
                    let image: UnsafeBufferPointer<UInt8>
                    if let augmentSeed {
                        var random = SeededRandom(seed: augmentSeed).fork(UInt64(index))
                        let augment = config.data.augment
                        augment.apply(augment.sample(using: &random), source: source, channels: set.channels, height: set.height,
                                      width: set.width, output: out)
                        image = UnsafeBufferPointer(out)
                    } else {
                        image = source
                    }
                    for c in 0..<set.channels {
                        let base = row * size + c * plane
                        for k in 0..<plane { floats[base + k] = Float(image[c * plane + k]) * scale[c] - shift[c] }
                    }
                }
            }
        }
        return (try Tensor(floats, shape: [indices.count, set.channels, set.height, set.width]),
                try Tensor(indices.map { Int64(set.labels[$0]) }))
    }
}
