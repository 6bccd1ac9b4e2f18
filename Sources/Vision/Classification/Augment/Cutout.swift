/// Cutout (DeVries and Taylor 2017): `holes` squares of side `length`, each centred on a pixel
/// drawn uniformly over the image and clipped at its border, set to 0 in the normalised image
/// (the dataset's mean colour), applied with probability `probability`. Without a `length`,
/// PaddleClas's 112 px of a 224-px image scaled to the image's shorter side (half of it).
///
/// PaddleClas's `Cutout` draws the same way; its default settings crash on its own HWC input
/// (noted in docs/classification.md).
public struct Cutout: Sendable, Equatable {
    public var probability: Double
    public var length: Int?
    public var holes: Int

    public init(probability: Double = 0, length: Int? = nil, holes: Int = 1) {
        self.probability = probability
        self.length = length
        self.holes = holes
    }

    public var isEnabled: Bool { probability > 0 && (length ?? 1) > 0 && holes > 0 }

    /// The side of the squares on an image of `height` x `width`.
    public func side(height: Int, width: Int) -> Int { length ?? scaledFrom224(112, side: Swift.min(height, width)) }

    /// The boxes to clear (none when the draw says not to apply it).
    public func sample(height: Int, width: Int, using random: inout SeededRandom) -> [PixelBox] {
        guard isEnabled, random.chance(probability) else { return [] }
        let length = side(height: height, width: width)
        return (0..<holes).map { _ in
            let y = random.int(0...(height - 1)), x = random.int(0...(width - 1))
            return PixelBox.clipped(y0: y - length / 2, y1: y + length / 2, x0: x - length / 2, x1: x + length / 2,
                                    height: height, width: width)
        }
    }

    public static func apply(_ boxes: [PixelBox], to image: UnsafeMutableBufferPointer<Float>, shape: ImageShape) {
        for box in boxes { box.fill(image, shape: shape) }
    }
}
