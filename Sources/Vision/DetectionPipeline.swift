/// One model-ready detection example.
public struct DetectionExample: Sendable {
    /// Normalised pixels, channel-major 3 x height x width.
    public var input: [Float]
    public var width: Int
    public var height: Int
    /// Annotations in input coordinates (after augmentation or resizing).
    public var annotations: [TextInstance]
    /// Annotations in the original image, for scoring (evaluation examples).
    public var originalAnnotations: [TextInstance]
    public var originalWidth: Int
    public var originalHeight: Int
    /// Input pixels per original pixel (evaluation examples; 1 when augmented).
    public var scale: Double
    public var db: DBLabels?
    public var craft: CRAFTLabels?
}

/// Turns dataset samples into model inputs and labels. Training examples are augmented with a
/// generator derived from (seed, epoch, index), so a run is reproducible and each epoch differs;
/// evaluation examples are resized to fit and padded, with the scale kept for post-processing.
public struct DetectionPipeline {
    public var dataset: any DetectionDataset
    public var augmenter: DetectionAugmenter
    public var training: Bool
    public var seed: UInt64
    public var db: DBLabelMaker?
    public var craft: CRAFTLabelMaker?

    public init(dataset: any DetectionDataset, augmenter: DetectionAugmenter, training: Bool, seed: UInt64,
                db: DBLabelMaker? = DBLabelMaker(), craft: CRAFTLabelMaker? = nil) {
        self.dataset = dataset
        self.augmenter = augmenter
        self.training = training
        self.seed = seed
        self.db = db
        self.craft = craft
    }

    public var count: Int { dataset.count }

    public func example(_ index: Int, epoch: Int = 0) throws -> DetectionExample {
        let (original, annotations) = try dataset.sample(index)
        let (width, height) = (augmenter.options.width, augmenter.options.height)
        var image: Image, moved: [TextInstance], scale = 1.0
        if training {
            var rng = SeededRandom(seed: seed).fork(UInt64(epoch)).fork(UInt64(index))
            (image, moved) = try augmenter.augment(original, annotations, rng: &rng)
        } else {
            (image, moved, scale) = try augmenter.resizeAndPad(original, annotations, width: width, height: height)
        }
        if image.channels == 1 {
            image = Image(width: image.width, height: image.height, channels: 3, pixels: image.pixels.flatMap { [$0, $0, $0] })
        }
        return DetectionExample(
            input: try ImageNormalization.chw(image), width: image.width, height: image.height, annotations: moved,
            originalAnnotations: annotations, originalWidth: original.width, originalHeight: original.height, scale: scale,
            db: try db?.make(width: image.width, height: image.height, instances: moved),
            craft: try craft?.make(width: image.width, height: image.height, instances: moved))
    }
}

extension DetectionScore {
    /// `<prefix>precision`, `<prefix>recall`, `<prefix>hmean` for metrics.jsonl (prefix "val/" by default).
    public func metrics(prefix: String = "val/") -> [String: Double] {
        ["\(prefix)precision": precision, "\(prefix)recall": recall, "\(prefix)hmean": hmean]
    }
}
