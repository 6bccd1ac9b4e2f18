import Config
import Train

/// The training augmentation of image classification (`data.augment`), in PaddleClas's order:
/// a crop (a padded random crop, or a random resized crop), a horizontal flip, AutoAugment and
/// RandAugment on the image's bytes, then on the normalised image Cutout, Random Erasing, Hide-and-Seek and GridMask, then on the batch Mixup or
/// CutMix (soft targets). Every operation draws its parameters (`sample`) apart from applying
/// them, from a stream seeded per sample (per batch for Mixup and CutMix), and an operation that
/// is off draws nothing, so turning one on leaves the others' draws as they were.
public struct ClassificationAugment: Sendable, Equatable {
    public enum Crop: String, Sendable, CaseIterable { case pad, resized }

    public var crop = Crop.pad
    /// The padded crop and the flip (`crop_padding`, `flip`).
    public var cropFlip = CropFlip(padding: 4, flipProbability: 0.5)
    public var resizedCrop = RandomResizedCrop()
    public var autoAugment = AutoAugment()
    public var randAugment = RandAugment()
    public var cutout = Cutout()
    public var erasing = RandomErasing()
    public var hideAndSeek = HideAndSeek()
    public var gridMask = GridMask()
    public var mixup = Mixup()
    public var cutmix = CutMix()
    /// When Mixup and CutMix are both on: the share of batches given CutMix (timm's `switch_prob`).
    public var cutmixShare = 0.5

    public init() {}

    /// One sample's draws.
    public struct Draw: Sendable, Equatable {
        public var padded: CropFlip.Parameters?
        public var resized: PixelBox?
        public var flip = false
        /// AutoAugment's then RandAugment's operations.
        public var operations: [AutoAugment.Step] = []
        public var cutout: [PixelBox] = []
        public var erasing: RandomErasing.Parameters?
        public var hidden: [PixelBox] = []
        public var grid: GridMask.Parameters?
    }

    /// One batch's draw: Mixup or CutMix, or neither.
    public enum BatchDraw: Sendable, Equatable {
        case mixup(Mixup.Parameters)
        case cutmix(CutMix.Parameters)

        public var lambda: Double {
            switch self {
            case let .mixup(p): p.lambda
            case let .cutmix(p): p.lambda
            }
        }

        public var permutation: [Int] {
            switch self {
            case let .mixup(p): p.permutation
            case let .cutmix(p): p.permutation
            }
        }
    }

    public var mixesBatches: Bool { mixup.isEnabled || cutmix.isEnabled }

    public func sample(_ shape: ImageShape, using random: inout SeededRandom) -> Draw {
        var draw = Draw()
        switch crop {
        case .pad:
            let p = cropFlip.sample(using: &random)
            draw.padded = p
            draw.flip = p.flip
        case .resized:
            draw.resized = resizedCrop.sample(height: shape.height, width: shape.width, using: &random)
            draw.flip = cropFlip.flipProbability > 0 && random.chance(cropFlip.flipProbability)
        }
        draw.operations = autoAugment.sample(shape, using: &random) + randAugment.sample(shape, using: &random)
        draw.cutout = cutout.sample(height: shape.height, width: shape.width, using: &random)
        draw.erasing = erasing.sample(shape, using: &random)
        draw.hidden = hideAndSeek.sample(height: shape.height, width: shape.width, using: &random)
        draw.grid = gridMask.sample(height: shape.height, width: shape.width, using: &random)
        return draw
    }

    /// The crop, flip, AutoAugment and RandAugment of `draw`, from `source` into `output` (bytes,
    /// before normalising).
    public func applyToBytes(_ draw: Draw, source: UnsafeBufferPointer<UInt8>, shape: ImageShape,
                             output: UnsafeMutableBufferPointer<UInt8>) {
        applyGeometry(draw, source: source, shape: shape, output: output)
        guard !draw.operations.isEmpty else { return }
        var bytes = Array(output)
        AutoAugment.apply(draw.operations, to: &bytes, shape: shape)
        for i in bytes.indices { output[i] = bytes[i] }
    }

    func applyGeometry(_ draw: Draw, source: UnsafeBufferPointer<UInt8>, shape: ImageShape,
                       output: UnsafeMutableBufferPointer<UInt8>) {
        if let padded = draw.padded {
            cropFlip.apply(padded, source: source, channels: shape.channels, height: shape.height, width: shape.width, output: output)
            return
        }
        guard let box = draw.resized else { return }
        RandomResizedCrop.apply(box, source: source, shape: shape, output: output)
        if draw.flip {
            for c in 0..<shape.channels {
                for y in 0..<shape.height {
                    let row = c * shape.plane + y * shape.width
                    for x in 0..<(shape.width / 2) { output.swapAt(row + x, row + shape.width - 1 - x) }
                }
            }
        }
    }

    /// The erasing operations of `draw`, on the normalised image.
    public func applyErasing(_ draw: Draw, to image: UnsafeMutableBufferPointer<Float>, shape: ImageShape) {
        Cutout.apply(draw.cutout, to: image, shape: shape)
        RandomErasing.apply(draw.erasing, to: image, shape: shape)
        HideAndSeek.apply(draw.hidden, to: image, shape: shape)
        gridMask.apply(draw.grid, to: image, shape: shape)
    }

    /// Draws Mixup or CutMix for a batch of `batch` images (nil: this batch is left as it is).
    public func sampleBatch(_ batch: Int, shape: ImageShape, using random: inout SeededRandom) -> BatchDraw? {
        guard mixesBatches else { return nil }
        let useCutmix = cutmix.isEnabled && (!mixup.isEnabled || random.chance(cutmixShare))
        if useCutmix {
            guard random.chance(cutmix.probability) else { return nil }
            return .cutmix(cutmix.sample(batch: batch, height: shape.height, width: shape.width, using: &random))
        }
        guard random.chance(mixup.probability) else { return nil }
        return .mixup(mixup.sample(batch: batch, using: &random))
    }

    public static func apply(_ draw: BatchDraw, to images: inout [Float], shape: ImageShape) {
        switch draw {
        case let .mixup(p): Mixup.apply(p, to: &images, shape: shape)
        case let .cutmix(p): CutMix.apply(p, to: &images, shape: shape)
        }
    }

    /// A one-line account of what is on, for the run's log.
    public var summary: String {
        var parts = [crop == .pad ? "crop padding \(cropFlip.padding)"
            : "random resized crop scale \(resizedCrop.scale) ratio \(resizedCrop.ratio) (\(resizedCrop.semantics.rawValue))",
            "flip \(cropFlip.flipProbability)"]
        if autoAugment.isEnabled { parts.append("autoaugment (ImageNet policy) p \(autoAugment.probability)") }
        if randAugment.isEnabled {
            parts.append("randaugment \(randAugment.layers) layers magnitude \(randAugment.magnitude)/\(randAugment.bins) std \(randAugment.magnitudeStd) p \(randAugment.probability)")
        }
        if cutout.isEnabled { parts.append("cutout p \(cutout.probability) length \(cutout.length.map(String.init) ?? "1/2 of the side")") }
        if erasing.isEnabled { parts.append("random erasing p \(erasing.probability) (\(erasing.fill.rawValue))") }
        if hideAndSeek.isEnabled {
            parts.append("hide-and-seek p \(hideAndSeek.probability) grids \(hideAndSeek.gridSizes.map { "\($0)" } ?? "[0, 16, 32, 44, 56]/224 of the side")")
        }
        if gridMask.isEnabled {
            let d = gridMask.dMin.map(String.init) ?? "96/224", e = gridMask.dMax.map(String.init) ?? "224/224 of the side"
            parts.append("gridmask p \(gridMask.probability) d \(d)..<\(e) mode \(gridMask.mode)")
        }
        if mixup.isEnabled { parts.append("mixup alpha \(mixup.alpha)") }
        if cutmix.isEnabled { parts.append("cutmix alpha \(cutmix.alpha)") }
        return parts.joined(separator: ", ")
    }
}

extension ClassificationAugment {
    /// Reads `data.augment` strictly (unknown keys, wrong types and out-of-range values are
    /// errors naming the dotted key).
    init(reading a: inout ConfigReader) throws {
        self.init()
        crop = Crop(rawValue: try a.choice("crop", crop.rawValue, Crop.allCases.map(\.rawValue)))!
        cropFlip.padding = try a.int("crop_padding", cropFlip.padding, min: 0)
        cropFlip.flipProbability = try Self.probability(&a, "flip", cropFlip.flipProbability)

        var r = try a.section("resized_crop")
        resizedCrop.scale = try r.range("scale", resizedCrop.scale)
        resizedCrop.ratio = try r.range("ratio", resizedCrop.ratio)
        guard resizedCrop.scale.lowerBound > 0, resizedCrop.scale.upperBound <= 1 else {
            throw TrainError.config(key: r.key("scale"), message: "area fractions must lie in (0, 1], got \(resizedCrop.scale)")
        }
        guard resizedCrop.ratio.lowerBound > 0 else {
            throw TrainError.config(key: r.key("ratio"), message: "aspect ratios must be positive, got \(resizedCrop.ratio)")
        }
        resizedCrop.semantics = .init(rawValue: try r.choice("semantics", resizedCrop.semantics.rawValue,
                                                             RandomResizedCrop.Semantics.allCases.map(\.rawValue)))!
        try r.finish()

        var au = try a.section("auto_augment")
        autoAugment.probability = try Self.probability(&au, "p", autoAugment.probability)
        _ = try au.choice("policy", "imagenet", ["imagenet"])
        try au.finish()

        var ra = try a.section("rand_augment")
        randAugment.enabled = try ra.bool("enabled", randAugment.enabled)
        randAugment.layers = try ra.int("num_layers", randAugment.layers, min: 1)
        randAugment.bins = try ra.int("bins", randAugment.bins, min: 2)
        randAugment.magnitude = try ra.double("magnitude", randAugment.magnitude)
        guard (0...Double(randAugment.bins - 1)).contains(randAugment.magnitude) else {
            throw TrainError.config(key: ra.key("magnitude"), message: "must be a bin in [0, \(randAugment.bins - 1)] (bins - 1), got \(randAugment.magnitude)")
        }
        randAugment.magnitudeStd = try Self.nonNegative(&ra, "magnitude_std", randAugment.magnitudeStd)
        randAugment.probability = try Self.probability(&ra, "p", randAugment.probability)
        try ra.finish()

        var c = try a.section("cutout")
        cutout.probability = try Self.probability(&c, "p", cutout.probability)
        cutout.length = try c.has("length") ? try c.int("length", 1, min: 1) : nil
        cutout.holes = try c.int("holes", cutout.holes, min: 1)
        try c.finish()

        var e = try a.section("random_erasing")
        erasing.probability = try Self.probability(&e, "p", erasing.probability)
        erasing.scale = try e.range("scale", erasing.scale)
        erasing.ratio = try e.range("ratio", erasing.ratio)
        guard erasing.scale.lowerBound > 0, erasing.scale.upperBound < 1, erasing.ratio.lowerBound > 0 else {
            throw TrainError.config(key: e.key("scale"), message: "expected area fractions in (0, 1) and positive ratios, got "
                + "scale \(erasing.scale), ratio \(erasing.ratio)")
        }
        erasing.fill = .init(rawValue: try e.choice("fill", erasing.fill.rawValue, RandomErasing.Fill.allCases.map(\.rawValue)))!
        try e.finish()

        var h = try a.section("hide_and_seek")
        hideAndSeek.probability = try Self.probability(&h, "p", hideAndSeek.probability)
        if let sizes = try h.numbers("grid_sizes") {
            guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 0 && $0 == $0.rounded() }) else {
                throw TrainError.config(key: h.key("grid_sizes"), message: "expected a list of whole pixel sizes (0: hide nothing), got \(sizes)")
            }
            hideAndSeek.gridSizes = sizes.map { Int($0) }
        }
        hideAndSeek.hide = try Self.probability(&h, "hide", hideAndSeek.hide)
        try h.finish()

        var g = try a.section("grid_mask")
        gridMask.probability = try Self.probability(&g, "p", gridMask.probability)
        gridMask.dMin = try g.has("d_min") ? try g.int("d_min", 1, min: 1) : nil
        gridMask.dMax = try g.has("d_max") ? try g.int("d_max", 2, min: 2) : nil
        if let low = gridMask.dMin, let high = gridMask.dMax, low >= high {
            throw TrainError.config(key: g.key("d_min"), message: "must be below d_max (\(high)), got \(low)")
        }
        gridMask.ratio = try Self.probability(&g, "ratio", gridMask.ratio)
        gridMask.mode = try g.int("mode", gridMask.mode, min: 0)
        guard gridMask.mode <= 1 else {
            throw TrainError.config(key: g.key("mode"), message: "must be 0 (drop the bands) or 1 (drop the squares), got \(gridMask.mode)")
        }
        try g.finish()

        var m = try a.section("mixup")
        mixup.alpha = try Self.nonNegative(&m, "alpha", mixup.alpha)
        mixup.probability = try Self.probability(&m, "p", mixup.probability)
        try m.finish()
        var x = try a.section("cutmix")
        cutmix.alpha = try Self.nonNegative(&x, "alpha", cutmix.alpha)
        cutmix.probability = try Self.probability(&x, "p", cutmix.probability)
        try x.finish()
        cutmixShare = try Self.probability(&a, "cutmix_share", cutmixShare)
    }

    static func probability(_ r: inout ConfigReader, _ name: String, _ fallback: Double) throws -> Double {
        let value = try r.double(name, fallback)
        guard (0...1).contains(value) else {
            throw TrainError.config(key: r.key(name), message: "must be in [0, 1], got \(value)")
        }
        return value
    }

    static func nonNegative(_ r: inout ConfigReader, _ name: String, _ fallback: Double) throws -> Double {
        let value = try r.double(name, fallback)
        guard value >= 0 else { throw TrainError.config(key: r.key(name), message: "must be at least 0 (0: off), got \(value)") }
        return value
    }
}
