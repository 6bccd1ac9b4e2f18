/// Hide-and-Seek (Singh and Lee 2017): with probability `probability`, the image is cut into a
/// grid of `gridSize` squares (one of `gridSizes`, drawn uniformly; 0 hides nothing) and each
/// square is hidden with probability `hide`, set to 0 in the normalised image (the dataset's
/// mean colour, as the paper fills it). Without `gridSizes`, PaddleClas's [0, 16, 32, 44, 56]
/// px of a 224-px image scaled to the image's shorter side.
///
/// PaddleClas's `HideAndSeek` indexes its HWC array as CHW, so it hides column bands of the
/// wrong axis; this one hides squares of every channel.
public struct HideAndSeek: Sendable, Equatable {
    public var probability: Double
    public var gridSizes: [Int]?
    public var hide: Double

    public init(probability: Double = 0, gridSizes: [Int]? = nil, hide: Double = 0.5) {
        self.probability = probability
        self.gridSizes = gridSizes
        self.hide = hide
    }

    public var isEnabled: Bool { probability > 0 && gridSizes?.isEmpty != true }

    /// The grid sizes drawn from on an image of `height` x `width`.
    public func sizes(height: Int, width: Int) -> [Int] {
        gridSizes ?? [0, 16, 32, 44, 56].map { scaledFrom224($0, side: Swift.min(height, width)) }
    }

    /// The squares to hide, row by row.
    public func sample(height: Int, width: Int, using random: inout SeededRandom) -> [PixelBox] {
        guard isEnabled, random.chance(probability) else { return [] }
        let sizes = sizes(height: height, width: width)
        let size = sizes[random.int(0...(sizes.count - 1))]
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
