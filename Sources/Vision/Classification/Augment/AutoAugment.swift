/// AutoAugment (Cubuk et al. 2019) with its ImageNet policy, as torchvision's `AutoAugment`
/// draws it: one of the 25 sub-policies uniformly, then each of its two operations applied with
/// its probability at its magnitude bin (of 10), negated half the time where the operation is
/// signed. `probability` is the share of images given a sub-policy at all (1 when on).
public struct AutoAugment: Sendable, Equatable {
    public var probability: Double

    public init(probability: Double = 0) { self.probability = probability }

    public var isEnabled: Bool { probability > 0 }

    /// The ImageNet policy of the paper: (operation, probability, magnitude bin) pairs.
    public static let imageNetPolicy: [[(PixelOperation, Double, Int?)]] = [
        [(.posterize, 0.4, 8), (.rotate, 0.6, 9)], [(.solarize, 0.6, 5), (.autoContrast, 0.6, nil)],
        [(.equalize, 0.8, nil), (.equalize, 0.6, nil)], [(.posterize, 0.6, 7), (.posterize, 0.6, 6)],
        [(.equalize, 0.4, nil), (.solarize, 0.2, 4)], [(.equalize, 0.4, nil), (.rotate, 0.8, 8)],
        [(.solarize, 0.6, 3), (.equalize, 0.6, nil)], [(.posterize, 0.8, 5), (.equalize, 1.0, nil)],
        [(.rotate, 0.2, 3), (.solarize, 0.6, 8)], [(.equalize, 0.6, nil), (.posterize, 0.4, 6)],
        [(.rotate, 0.8, 8), (.color, 0.4, 0)], [(.rotate, 0.4, 9), (.equalize, 0.6, nil)],
        [(.equalize, 0.0, nil), (.equalize, 0.8, nil)], [(.invert, 0.6, nil), (.equalize, 1.0, nil)],
        [(.color, 0.6, 4), (.contrast, 1.0, 8)], [(.rotate, 0.8, 8), (.color, 1.0, 2)],
        [(.color, 0.8, 8), (.solarize, 0.8, 7)], [(.sharpness, 0.4, 7), (.invert, 0.6, nil)],
        [(.shearX, 0.6, 5), (.equalize, 1.0, nil)], [(.color, 0.4, 0), (.equalize, 0.6, nil)],
        [(.equalize, 0.4, nil), (.solarize, 0.2, 4)], [(.solarize, 0.6, 5), (.autoContrast, 0.6, nil)],
        [(.invert, 0.6, nil), (.equalize, 1.0, nil)], [(.color, 0.6, 4), (.contrast, 1.0, 8)],
        [(.equalize, 0.8, nil), (.equalize, 0.6, nil)],
    ]

    /// One applied operation and its signed magnitude.
    public struct Step: Sendable, Equatable, Codable {
        public var operation: PixelOperation
        public var magnitude: Double
    }

    /// The operations to apply, in order (empty: the image is left as it is).
    public func sample(_ shape: ImageShape, using random: inout SeededRandom) -> [Step] {
        guard isEnabled, random.chance(probability) else { return [] }
        let policy = Self.imageNetPolicy[random.int(0...(Self.imageNetPolicy.count - 1))]
        var steps: [Step] = []
        for (operation, p, bin) in policy {
            let fires = random.chance(p), negate = random.chance(0.5)
            guard fires else { continue }
            var magnitude = bin.flatMap { operation.magnitude(level: Double($0), bins: 10, shape: shape) } ?? 0
            if operation.isSigned && negate { magnitude = -magnitude }
            steps.append(Step(operation: operation, magnitude: magnitude))
        }
        return steps
    }

    public static func apply(_ steps: [Step], to image: inout [UInt8], shape: ImageShape) {
        for step in steps { step.operation.apply(step.magnitude, to: &image, shape: shape) }
    }
}

/// RandAugment (Cubuk et al. 2020) as torchvision's `RandAugment` draws it, with timm's
/// additions: `layers` operations, each chosen uniformly of the 14 and applied with probability
/// `probability` (torchvision: 1; timm: 0.5) at magnitude bin `magnitude` of `bins` (31),
/// negated half the time where signed. With `magnitudeStd` above 0 each operation's magnitude is
/// drawn from a normal around `magnitude` and clipped to the bins (timm's magnitude noise).
public struct RandAugment: Sendable, Equatable {
    public var enabled: Bool
    public var layers: Int
    public var magnitude: Double
    public var bins: Int
    public var magnitudeStd: Double
    public var probability: Double

    public init(enabled: Bool = false, layers: Int = 2, magnitude: Double = 9, bins: Int = 31, magnitudeStd: Double = 0,
                probability: Double = 1) {
        self.enabled = enabled
        self.layers = layers
        self.magnitude = magnitude
        self.bins = bins
        self.magnitudeStd = magnitudeStd
        self.probability = probability
    }

    public static let operations: [PixelOperation] = [
        .identity, .shearX, .shearY, .translateX, .translateY, .rotate, .brightness, .color, .contrast, .sharpness,
        .posterize, .solarize, .autoContrast, .equalize,
    ]

    public var isEnabled: Bool { enabled && layers > 0 }

    public func sample(_ shape: ImageShape, using random: inout SeededRandom) -> [AutoAugment.Step] {
        guard isEnabled else { return [] }
        var steps: [AutoAugment.Step] = []
        for _ in 0..<layers {
            let operation = Self.operations[random.int(0...(Self.operations.count - 1))]
            let fires = random.chance(probability), negate = random.chance(0.5)
            var level = magnitude
            if magnitudeStd > 0 { level = Swift.min(Double(bins - 1), Swift.max(0, magnitude + magnitudeStd * random.normal())) }
            guard fires else { continue }
            var value = operation.magnitude(level: level, bins: bins, shape: shape) ?? 0
            if operation.isSigned && negate { value = -value }
            steps.append(AutoAugment.Step(operation: operation, magnitude: value))
        }
        return steps
    }
}
