import Config
import Foundation
import Train

/// The detection architectures `model.architecture_name` selects.
public enum DetectionArchitecture: String, Sendable, CaseIterable {
    case dbnet, dbnetpp, craft

    /// DBNet and DBNet++ share targets, loss and post-processing.
    public var isDB: Bool { self != .craft }
}

/// The detection model: encoder, neck/head sizes, loss, label and post-processing settings
/// (`model.*`, with the head from `model/architectures/<name>.yaml`).
public struct DetectionModelSettings: Sendable {
    public var architecture: DetectionArchitecture = .dbnet
    /// resnet18 or resnet50.
    public var encoder = "resnet18"
    /// Scales the encoder's widths and the neck/head channels (0.25 for CPU-scale runs).
    public var widthMultiplier = 1.0
    /// DBNet: FPN channels before scaling (256).
    public var innerChannels = 256
    public var k = 50.0
    public var adaptive = true
    /// DBNet++'s adaptive scale fusion, with its attention channels before scaling.
    public var asf = false
    public var asfAttentionChannels = 64
    /// CRAFT: decoder channels before scaling, deepest first.
    public var decoderChannels = [256, 128, 64, 32]
    public var dbLoss = DBLoss()
    public var craftLoss = CRAFTLoss()
    public var labels = DBLabelMaker()
    public var dbPostProcess = DBPostProcessor()
    public var craftPostProcess = CRAFTPostProcessor()
    /// CRAFT: at most this many boxes per image, by score.
    public var maxCandidates = 1000

    public init() {}

    /// Neck channels after the width multiplier (a multiple of 4, at least 16).
    public var scaledInnerChannels: Int { Swift.max(16, Int((Double(innerChannels) * widthMultiplier / 4).rounded()) * 4) }

    /// Builds the network (its initial weights drawn from the current generator).
    public func makeModel() throws -> any Module {
        let resnet: ResNet
        switch encoder {
        case "resnet50": resnet = try ResNet.resnet50(widthMultiplier: widthMultiplier)
        default: resnet = try ResNet.resnet18(widthMultiplier: widthMultiplier)
        }
        switch architecture {
        case .dbnet, .dbnetpp:
            let attention = asf ? AdaptiveScaleFusion.Settings(attentionChannels: scaledChannels(asfAttentionChannels, widthMultiplier)) : nil
            return try DBNet(encoder: resnet, innerChannels: scaledInnerChannels, k: k, adaptive: adaptive, adaptiveScaleFusion: attention)
        case .craft:
            return try CRAFT(encoder: resnet, decoderChannels: decoderChannels.map { scaledChannels($0, widthMultiplier) })
        }
    }
}

/// Where detection data comes from and how it is prepared (`data.*`).
public struct DetectionDataSettings: Sendable, Equatable {
    public enum Source: String, Sendable { case syntheticText = "synthetic_text", icdar2015 }
    public var source: Source = .syntheticText
    /// Square training and evaluation size (a multiple of 32).
    public var imageSize = 256
    public var batchSize = 8
    /// Threads preparing samples (augmentation, labels); 0 prepares them on the training thread.
    public var numWorkers = 0
    // Synthetic text (data.train_samples, data.val_samples).
    public var numTrain = 512, numVal = 128
    /// Seeds the synthetic images (fixed by default, so every run sees the same data).
    public var seed: UInt64 = 0
    public var words: String?
    public var fonts: [String]?
    public var fontSizes: ClosedRange<Int> = 10...48
    public var wordsPerImage: ClosedRange<Int> = 2...7
    public var textRotation = 25.0
    // ICDAR 2015 folder.
    public var root = "data/icdar2015"
    public var augment = DetectionAugmentOptions()
    public var normalization: InputNormalization = .imagenet

    public init() {}
}

/// Evaluation extras (`eval.*`).
public struct DetectionEvalSettings: Sendable, Equatable {
    /// Save validation images with predicted (red) and true (green; don't care grey) boxes.
    public var saveVisualizations = false
    /// How many validation images to draw per evaluation.
    public var maxVisualizations = 8

    public init() {}
}

/// Everything a detection run reads: the training core's settings (optimizer, schedule,
/// accumulation, clipping, EMA, checkpoints, seed, epochs) plus the detection sections.
public struct DetectionConfig: Sendable {
    public var train: TrainConfig
    public var model = DetectionModelSettings()
    public var data = DetectionDataSettings()
    public var eval = DetectionEvalSettings()

    public init(train: TrainConfig = TrainConfig()) { self.train = train }

    /// The architecture named by `model.architecture_name`, or nil when the config has none
    /// (a classification run).
    public static func architecture(in root: ConfigValue) throws -> DetectionArchitecture? {
        guard let value = root.value(at: "model.architecture_name"), !value.isNull else { return nil }
        guard let name = value.stringValue, let architecture = DetectionArchitecture(rawValue: name) else {
            throw TrainError.config(key: "model.architecture_name", message: "\(ConfigReader.describe(value)) is not one of "
                + DetectionArchitecture.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return architecture
    }

    /// Decodes a composed config; unknown keys in the detection sections are errors.
    public init(_ root: ConfigValue) throws {
        train = try TrainConfig(root)
        try decodeModel(root)
        try decodeData(root)
        // The loop batches (and scales the learning rate) by the detection batch size and default.
        train.data.batchSize = data.batchSize
        var e = try ConfigReader(root, "eval")
        eval.saveVisualizations = try e.bool("save_visualizations", false)
        eval.maxVisualizations = try e.int("max_visualizations", 8, min: 0)
        try e.finish()
    }

    private mutating func decodeModel(_ root: ConfigValue) throws {
        var m = try ConfigReader(root, "model")
        let name = try m.choice("architecture_name", "dbnet", DetectionArchitecture.allCases.map(\.rawValue))
        model.architecture = DetectionArchitecture(rawValue: name)!
        model.widthMultiplier = try m.double("width_multiplier", 1)
        guard model.widthMultiplier > 0 else { throw TrainError.config(key: "model.width_multiplier", message: "must be positive") }
        m.allow("pretrained", "pretrained_exclude", "resume")  // read by the training core
        var enc = try m.section("encoder")
        model.encoder = try enc.choice("model_name", "resnet18", ["resnet18", "resnet50"])
        enc.allow("channels")  // informational: the widths follow from model_name and width_multiplier
        if try enc.bool("deformable", false) {
            throw TrainError.config(key: "model.encoder.deformable", message: "deformable convolutions are not available; set it to false")
        }
        try enc.finish()
        var h = try m.section("head")
        h.allow("name")
        if model.architecture.isDB {
            model.innerChannels = try h.int("inner_channels", 256, min: 16)
            model.k = try h.double("k", 50)
            model.adaptive = try h.bool("adaptive", true)
            model.asf = try h.bool("asf", model.architecture == .dbnetpp)
            model.asfAttentionChannels = try h.int("asf_attention_channels", 64, min: 4)
            _ = try h.choice("asf_attention_type", "scale_spatial", ["scale_spatial"])
            var l = try h.section("loss")
            model.dbLoss = DBLoss(probWeight: try l.double("prob_weight", 5), threshWeight: try l.double("thresh_weight", 10),
                                  binaryWeight: try l.double("binary_weight", 1), ohemRatio: try l.double("ohem_ratio", 3))
            try l.finish()
            var lab = try h.section("labels")
            model.labels = DBLabelMaker(shrinkRatio: try lab.double("shrink_ratio", 0.4), minTextSize: try lab.double("min_text_size", 8),
                                        thresholdMin: Float(try lab.double("thresh_min", 0.3)),
                                        thresholdMax: Float(try lab.double("thresh_max", 0.7)))
            try lab.finish()
            var p = try h.section("postprocess")
            model.dbPostProcess = DBPostProcessor(
                threshold: Float(try p.double("thresh", 0.3)), boxThreshold: Float(try p.double("box_thresh", 0.6)),
                unclipRatio: Float(try p.double("unclip_ratio", 1.5)), maxCandidates: try p.int("max_candidates", 1000, min: 1),
                minSize: try p.int("min_size", 3, min: 0), usePolygon: try p.bool("use_polygon", false))
            try p.finish()
        } else {
            if let channels = try h.numbers("upconv_channels", count: 4) {
                model.decoderChannels = channels.map { Int($0) }
            }
            if try h.int("out_channels", 2) != 2 {
                throw TrainError.config(key: "model.head.out_channels", message: "CRAFT predicts exactly 2 maps (region and affinity); set it to 2")
            }
            var l = try h.section("loss")
            model.craftLoss = CRAFTLoss(positiveThreshold: Float(try l.double("positive_threshold", 0.1)),
                                        negativeRatio: try l.int("ohem_ratio", 3, min: 0),
                                        negativesWithoutText: try l.int("negatives_without_text", 500, min: 0))
            try l.finish()
            var p = try h.section("postprocess")
            model.craftPostProcess = CRAFTPostProcessor(textThreshold: Float(try p.double("text_threshold", 0.7)),
                                                        linkThreshold: Float(try p.double("link_threshold", 0.4)),
                                                        lowText: Float(try p.double("low_text", 0.4)))
            model.maxCandidates = try p.int("max_candidates", 1000, min: 1)
            if try p.bool("use_polygon", false) {
                throw TrainError.config(key: "model.head.postprocess.use_polygon", message: "CRAFT's post-processing gives quadrilaterals only; set it to false")
            }
            try p.finish()
        }
        try h.finish()
        try m.finish()
    }

    private mutating func decodeData(_ root: ConfigValue) throws {
        var d = try ConfigReader(root, "data")
        data.source = DetectionDataSettings.Source(rawValue: try d.choice("dataset", "synthetic_text", ["synthetic_text", "icdar2015"]))!
        data.imageSize = try d.int("image_size", 256, min: 32)
        guard data.imageSize % 32 == 0 else {
            throw TrainError.config(key: "data.image_size", message: "must be a multiple of 32 (the encoder's stride), got \(data.imageSize)")
        }
        data.batchSize = try d.int("batch_size", 8, min: 1)
        data.numWorkers = try d.int("num_workers", 0, min: 0)
        data.normalization = InputNormalization(rawValue: try d.choice("normalization", "imagenet", InputNormalization.allCases.map(\.rawValue)))!
        switch data.source {
        case .syntheticText:
            data.numTrain = try d.int("train_samples", 512, min: 1)
            data.numVal = try d.int("val_samples", 128, min: 1)
            data.seed = UInt64(try d.int("seed", 0, min: 0))
            data.words = try d.string("words", nil)
            data.fonts = try d.strings("fonts")
            let sizes = try d.range("font_sizes", 10...48)
            guard sizes.lowerBound >= 4 else { throw TrainError.config(key: "data.font_sizes", message: "sizes must be at least 4 px") }
            data.fontSizes = Int(sizes.lowerBound)...Int(sizes.upperBound)
            let words = try d.range("words_per_image", 2...7)
            data.wordsPerImage = Swift.max(0, Int(words.lowerBound))...Int(words.upperBound)
            data.textRotation = try d.double("text_rotation", 25)
        case .icdar2015:
            data.root = try d.string("root", data.root) ?? data.root
        }
        var a = try d.section("augment")
        data.augment.width = data.imageSize
        data.augment.height = data.imageSize
        data.augment.scale = try a.range("scale", data.augment.scale)
        data.augment.maxRotation = try a.double("rotation", data.augment.maxRotation)
        data.augment.flipProbability = try a.double("flip", data.augment.flipProbability)
        data.augment.jitterProbability = try a.double("color_jitter", data.augment.jitterProbability)
        try a.finish()
        // Keys the classification task reads from the same section.
        d.allow("num_classes", "channels", "shuffle")
        try d.finish()
    }
}
