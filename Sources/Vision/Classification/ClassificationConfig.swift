import Config
import Foundation
import Train

/// The image datasets the classification task reads (`data.dataset`).
public enum ClassificationDataset: String, Sendable, CaseIterable {
    case fashionMNIST = "fashion_mnist"
    /// A folder of class subfolders of images (torchvision's ImageFolder layout).
    case imageFolder = "image_folder"
}

/// Settings of image classification on a real dataset: `data.*` and `model.*` are read strictly
/// here; the loop's sections (`trainer`, `optimizer`, `scheduler`, `train`) by `TrainConfig`.
public struct ClassificationConfig: Sendable {
    public struct DataSettings: Sendable, Equatable {
        public var dataset: ClassificationDataset = .fashionMNIST
        /// The folder holding the dataset's files (image_folder: the training images' class folders).
        public var root = FashionMNIST.defaultRoot
        /// image_folder: a folder of validation images in the same class folders (nil: split off
        /// the training images), and one of test images (nil: no test set).
        public var valRoot: String?
        public var testRoot: String?
        /// image_folder: the side images are resized to, and 1 (grey) or 3 (RGB) channels.
        public var imageSize = 32
        public var channels = 3
        /// Validation images split off the official training set, by `splitSeed`.
        public var valSamples = 10_000
        public var splitSeed: UInt64 = 0
        /// The classes kept, by index in the dataset's class list, relabelled 0, 1, ... in this
        /// order (a subset for pretraining and fine-tuning); nil: all.
        public var classes: [Int]?
        /// Training images kept per class (the first of each class in the training part); nil: all.
        public var trainSamplesPerClass: Int?
        /// Training images used (the first of the training part); nil: all of it.
        public var trainSamples: Int?
        /// Training images evaluated with eval transforms for `train/top1`; nil: as many as validation.
        public var trainEvalSamples: Int?
        /// Test images of the final evaluation; nil: all; 0: no final evaluation.
        public var testSamples: Int?
        public var batchSize = 128
        public var evalBatchSize = 1000
        public var shuffle = true
        /// Threads preparing training batches ahead of the loop (0: the training thread).
        public var numWorkers = 0
        /// `dataset`: each channel by the training part's mean and standard deviation; `none`: pixels / 255.
        public var normalization = "dataset"
        public var augment = ClassificationAugment()
    }

    public var data = DataSettings()
    /// The loop's settings (and `model.architecture`, `width_multiplier`, `stem`, ...).
    public var train: TrainConfig

    /// Decodes a composed config. A detection model group (`model.architecture_name`) with a
    /// classification dataset is an error saying how to drop it.
    public init(_ root: ConfigValue) throws {
        train = try TrainConfig(root)
        var d = try ConfigReader(root, "data")
        let datasets = ClassificationDataset.allCases.map(\.rawValue)
        data.dataset = ClassificationDataset(rawValue: try d.choice("dataset", data.dataset.rawValue, datasets))!
        data.root = try d.string("root", data.root) ?? data.root
        if data.dataset == .imageFolder {
            data.valRoot = try d.string("val_root", nil)
            data.testRoot = try d.string("test_root", nil)
            data.imageSize = try d.int("image_size", data.imageSize, min: 4)
            data.channels = try d.int("channels", data.channels, min: 1)
            guard [1, 3].contains(data.channels) else {
                throw TrainError.config(key: "data.channels", message: "must be 1 (grey) or 3 (RGB), got \(data.channels)")
            }
        }
        if let classes = try d.numbers("classes") {
            guard classes.count >= 2, classes.allSatisfy({ $0 >= 0 && $0 == $0.rounded() }), Set(classes).count == classes.count else {
                throw TrainError.config(key: "data.classes", message: "expected at least two distinct class indices (0-based), got \(classes)")
            }
            data.classes = classes.map { Int($0) }
        }
        data.trainSamplesPerClass = try d.has("train_samples_per_class") ? try d.int("train_samples_per_class", 0, min: 1) : nil
        data.valSamples = try d.int("val_samples", data.valSamples, min: 0)
        data.splitSeed = UInt64(try d.int("split_seed", 0, min: 0))
        data.trainSamples = try d.has("train_samples") ? try d.int("train_samples", 0, min: 1) : nil
        data.trainEvalSamples = try d.has("train_eval_samples") ? try d.int("train_eval_samples", 0, min: 0) : nil
        data.testSamples = try d.has("test_samples") ? try d.int("test_samples", 0, min: 0) : nil
        data.batchSize = try d.int("batch_size", data.batchSize, min: 1)
        data.evalBatchSize = try d.int("eval_batch_size", data.evalBatchSize, min: 1)
        data.shuffle = try d.bool("shuffle", true)
        data.numWorkers = try d.int("num_workers", data.numWorkers, min: 0)
        data.normalization = try d.choice("normalization", data.normalization, ["dataset", "none"])
        var a = try d.section("augment")
        data.augment = try ClassificationAugment(reading: &a)
        try a.finish()
        try d.finish()
        train.data.batchSize = data.batchSize
        train.data.shuffle = data.shuffle

        var m = try ConfigReader(root, "model")
        if try m.has("architecture_name") {
            throw TrainError.config(key: "model.architecture_name", message: "a detection architecture does not train on the "
                + "classification dataset '\(data.dataset.rawValue)'; drop the detection groups with ~model/architectures "
                + "~model/encoder, or start from +experiment=fmnist_baseline")
        }
        // Read (and checked) by TrainConfig.
        m.allow("architecture", "width", "width_multiplier", "stem", "pretrained", "pretrained_exclude", "resume")
        try m.finish()
    }

    /// Whether a composed config asks for classification on a real dataset (`data.dataset` names one).
    public static func isClassification(_ root: ConfigValue) -> Bool {
        guard let name = root.value(at: "data.dataset")?.stringValue else { return false }
        return ClassificationDataset(rawValue: name) != nil
    }
}
