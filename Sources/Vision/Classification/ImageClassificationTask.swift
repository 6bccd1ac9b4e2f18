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
    /// Prepares training batches ahead on `data.num_workers` threads (nil: on the training thread).
    private let prefetcher: BatchPrefetcher<([Float], [Int])>?

    /// Loads the dataset and splits it (`data.val_samples` by `data.split_seed`).
    public init(config: ClassificationConfig) throws {
        self.config = config
        let d = config.data
        let started = Date()
        let root = URL(fileURLWithPath: d.root)
        var official: ImageClassificationSet
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
        let allClassNames = official.classNames
        if let classes = d.classes {
            if let bad = classes.first(where: { $0 >= official.classNames.count }) {
                throw TrainError.config(key: "data.classes", message: "class \(bad) does not exist: the dataset has \(official.classNames.count) "
                    + "classes, 0-\(official.classNames.count - 1) (\(official.classNames.joined(separator: ", ")))")
            }
            official = official.selecting(classes: classes)
            separateValidation = separateValidation?.selecting(classes: classes)
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
        var trainIndices = Array(split.train.prefix(d.trainSamples ?? split.train.count))
        if let perClass = d.trainSamplesPerClass {
            var taken = [Int](repeating: 0, count: official.classNames.count)
            trainIndices = trainIndices.filter { i in
                taken[official.labels[i]] += 1
                return taken[official.labels[i]] <= perClass
            }
        }
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
            var test = try FashionMNIST.load(.test, root: root)
            if let classes = d.classes { test = test.selecting(classes: classes) }
            testSet = limit.map { test.subset(Array(0..<Swift.min($0, test.count))) } ?? test
        case (.imageFolder, let limit):
            var test = try ImageFolder.load(root: URL(fileURLWithPath: d.testRoot!), size: d.imageSize, channels: d.channels,
                                            classes: allClassNames)
            if let classes = d.classes { test = test.selecting(classes: classes) }
            testSet = limit.map { test.subset(Array(0..<Swift.min($0, test.count))) } ?? test
        }
        if d.normalization == "dataset" {
            (mean, std) = trainSet.channelStatistics()
        } else {
            mean = Array(repeating: 0, count: trainSet.channels)
            std = Array(repeating: 1, count: trainSet.channels)
        }
        if d.numWorkers > 0 {
            let maker = ClassificationBatchMaker(set: trainSet, augment: d.augment, mean: mean, std: std)
            prefetcher = BatchPrefetcher(workers: d.numWorkers) { indices, seed in maker.images(indices, augmentSeed: seed) }
        } else {
            prefetcher = nil
        }
        let stats = zip(mean, std).map { String(format: "%.4f/%.4f", $0, $1) }.joined(separator: ", ")
        let validationSource = separateValidation != nil ? "from \(d.valRoot!)" : "split seed \(d.splitSeed)"
        dataSummary = "\(d.dataset.rawValue) from \(d.root): \(trainSet.count) training, \(validationSet.count) validation "
            + "(\(validationSource)), \(testSet?.count ?? 0) test images of \(trainSet.channels)x\(trainSet.height)x"
            + "\(trainSet.width), \(trainSet.classNames.count) classes; mean/std \(stats); "
            + "loaded in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
            + (d.numWorkers > 0 ? "; \(d.numWorkers) workers prepare training batches ahead" : "")
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
        let m = config.train.model
        return "data: \(dataSummary); model: \(m.architecture) x\(m.widthMultiplier) (\(m.stem.rawValue) stem), \(parameters) "
            + "parameters; augmentation: \(config.data.augment.summary)"
    }

    /// Augments the samples (seeded by the run seed, epoch and sample index; Mixup and CutMix by
    /// the batch) and returns their cross entropy, against soft targets when the batch was mixed.
    public func loss(of model: any Module, samples indices: [Int], epoch: Int) throws -> LossTerms {
        let (images, labels, mix) = trainingBatch(indices, epoch: epoch, prepared: prefetcher?.take(indices))
        let shape = trainSet.shape, smoothing = config.train.train.labelSmoothing
        let logits = try model(try Tensor(images, shape: [indices.count, shape.channels, shape.height, shape.width]))
        guard let mix else {
            return LossTerms(total: try logits.crossEntropy(try Tensor(labels.map(Int64.init)), labelSmoothing: smoothing))
        }
        let classes = trainSet.classNames.count
        let targets = mixedTargets(labels: labels, classes: classes, lambda: mix.lambda, permutation: mix.permutation,
                                   smoothing: smoothing)
        return LossTerms(total: try logits.crossEntropy(probabilities: try Tensor(targets, shape: [indices.count, classes])))
    }

    /// The training samples at `indices` in `epoch` as the loss sees them: each augmented by its
    /// own stream (or `prepared` ahead by a worker from the same streams), then the batch mixed
    /// by Mixup or CutMix when the batch's draw says so (returned, for the soft targets).
    func trainingBatch(_ indices: [Int], epoch: Int, prepared: ([Float], [Int])? = nil)
        -> (images: [Float], labels: [Int], mix: ClassificationAugment.BatchDraw?) {
        let seed = augmentSeed(epoch: epoch)
        var (images, labels) = prepared ?? augmentedImages(of: trainSet, indices: indices, augmentSeed: seed)
        var batchRandom = SeededRandom(seed: seed).fork(Self.batchStream(indices))
        let mix = config.data.augment.sampleBatch(indices.count, shape: trainSet.shape, using: &batchRandom)
        if let mix { ClassificationAugment.apply(mix, to: &images, shape: trainSet.shape) }
        return (images, labels, mix)
    }

    public func willTrain(epoch: Int, batches: [[Int]]) {
        prefetcher?.start(batches: batches, seed: augmentSeed(epoch: epoch))
    }

    /// The stream of a batch's Mixup/CutMix draw: its first sample and size (batches of an epoch
    /// never share both).
    static func batchStream(_ indices: [Int]) -> UInt64 {
        0xB47C_0000_0000_0000 ^ (UInt64(indices.first ?? 0) << 20) ^ UInt64(indices.count)
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
                let (images, labels) = try batch(of: set, indices: indices)
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

    /// The normalised images [N, C, H, W] and int64 labels at `indices`, as they are (eval transforms).
    func batch(of set: ImageClassificationSet, indices: [Int]) throws -> (Tensor, Tensor) {
        let (floats, labels) = augmentedImages(of: set, indices: indices, augmentSeed: nil)
        return (try Tensor(floats, shape: [indices.count, set.channels, set.height, set.width]), try Tensor(labels.map(Int64.init)))
    }

    /// The normalised pixels of the images at `indices` (one after another) and their labels;
    /// augmented, each sample by its own stream, when `augmentSeed` is given.
    func augmentedImages(of set: ImageClassificationSet, indices: [Int], augmentSeed: UInt64?) -> ([Float], [Int]) {
        ClassificationBatchMaker(set: set, augment: config.data.augment, mean: mean, std: std).images(indices, augmentSeed: augmentSeed)
    }
}

/// Makes batches of one image set: normalised, augmented per sample when given a seed. A value,
/// so background workers (`data.num_workers`) make the same batches as the training thread.
struct ClassificationBatchMaker: Sendable {
    let set: ImageClassificationSet
    let augment: ClassificationAugment
    let mean: [Double], std: [Double]

    func images(_ indices: [Int], augmentSeed: UInt64?) -> ([Float], [Int]) {
        let shape = set.shape, size = shape.count, plane = shape.plane
        var floats = [Float](repeating: 0, count: indices.count * size)
        var scratch = [UInt8](repeating: 0, count: size)
        let scale = (0..<set.channels).map { Float(1 / (255 * std[$0])) }
        let shift = (0..<set.channels).map { Float(mean[$0] / std[$0]) }
        set.pixels.withUnsafeBufferPointer { pixels in
            scratch.withUnsafeMutableBufferPointer { out in
                floats.withUnsafeMutableBufferPointer { floats in
                    for (row, index) in indices.enumerated() {
                        let source = UnsafeBufferPointer(rebasing: pixels[(index * size)..<((index + 1) * size)])
                        var draw: ClassificationAugment.Draw?
                        let image: UnsafeBufferPointer<UInt8>
                        if let augmentSeed {
                            var random = SeededRandom(seed: augmentSeed).fork(UInt64(index))
                            draw = augment.sample(shape, using: &random)
                            augment.applyToBytes(draw!, source: source, shape: shape, output: out)
                            image = UnsafeBufferPointer(out)
                        } else {
                            image = source
                        }
                        for c in 0..<set.channels {
                            let base = row * size + c * plane
                            for k in 0..<plane { floats[base + k] = Float(image[c * plane + k]) * scale[c] - shift[c] }
                        }
                        if let draw {
                            augment.applyErasing(draw, to: UnsafeMutableBufferPointer(rebasing: floats[(row * size)..<((row + 1) * size)]),
                                                 shape: shape)
                        }
                    }
                }
            }
        }
        return (floats, indices.map { set.labels[$0] })
    }
}
