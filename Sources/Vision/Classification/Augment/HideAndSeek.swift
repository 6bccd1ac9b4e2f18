/// Hide-and-Seek (Singh and Lee 2017): with probability `probability`, the image is cut into a
/// grid of `gridSize` squares (one of `gridSizes`, drawn uniformly; 0 hides nothing) and each
/// square is hidden with probability `hide`, set to 0 in the normalised image (the dataset's
/// mean colour, as the paper fills it).
///
/// PaddleClas's `HideAndSeek` indexes its HWC array as CHW, so it hides column bands of the
/// wrong axis; this one hides squares of every channel.
public struct HideAndSeek: Sendable, Equatable {
    public var probability: Double
    public var gridSizes: [Int]
    public var hide: Double

    public init(probability: Double = 0, gridSizes: [Int] = [0, 4, 7, 14], hide: Double = 0.5) {
        self.probability = probability
        self.gridSizes = gridSizes
        self.hide = hide
    }

    public var isEnabled: Bool { probability > 0 && !gridSizes.isEmpty }

    /// The squares to hide, row by row.
    public func sample(height: Int, width: Int, using random: inout SeededRandom) -> [PixelBox] {
        guard isEnabled, random.chance(probability) else { return [] }
        let size = gridSizes[random.int(0...(gridSizes.count - 1))]
        guard size > 0 else { return [] }
        var hidden: [PixelBox] = []
        for y in stride(from: 0, to: height, by: size) {
            for x in stride(from: 0, to: width, by: size) where random.chance(hide) {
                hidden.append(.clipped(y0: y, y1: y + size, x0: x, x1: x + size, height: height, width: width))
            }
        }
        return hidden
    }

    public static func apply(_ boxes: [PixelBox], to image: UnsafeMutableBufferPointer<Float>, shape: ImageShape) {
        for box in boxes { box.fill(image, shape: shape) }
    }
}
