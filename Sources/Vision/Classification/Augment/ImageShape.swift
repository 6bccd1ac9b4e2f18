/// The shape of one image held channel-major (`channels` planes of `height` rows of `width`).
public struct ImageShape: Sendable, Equatable {
    public var channels: Int, height: Int, width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    public var plane: Int { height * width }
    public var count: Int { channels * plane }
}

/// A rectangle of pixels: rows `top..<top+height`, columns `left..<left+width`.
public struct PixelBox: Sendable, Equatable, Codable {
    public var top: Int, left: Int, height: Int, width: Int

    public init(top: Int, left: Int, height: Int, width: Int) {
        self.top = top
        self.left = left
        self.height = height
        self.width = width
    }

    public var area: Int { height * width }

    /// The box from rows `y0..<y1` and columns `x0..<x1`, each clipped to `0...limit`.
    public static func clipped(y0: Int, y1: Int, x0: Int, x1: Int, height: Int, width: Int) -> PixelBox {
        let top = Swift.min(Swift.max(y0, 0), height), bottom = Swift.min(Swift.max(y1, 0), height)
        let left = Swift.min(Swift.max(x0, 0), width), right = Swift.min(Swift.max(x1, 0), width)
        return PixelBox(top: top, left: left, height: bottom - top, width: right - left)
    }

    /// Sets the box's pixels of every channel of `image` to `value` (a normalised image's 0 is
    /// the dataset's mean colour), or to `values[c][row * width + column]` when given.
    public func fill(_ image: UnsafeMutableBufferPointer<Float>, shape: ImageShape, value: Float = 0, values: [[Float]]? = nil) {
        for c in 0..<shape.channels {
            for y in top..<(top + height) {
                let row = c * shape.plane + y * shape.width
                for x in left..<(left + width) {
                    image[row + x] = values.map { $0[c][(y - top) * width + (x - left)] } ?? value
                }
            }
        }
    }
}

/// A pixel size given for 224-px images (PaddleClas's configs) scaled to an image side of
/// `side`, rounded half to even: the rule for every size default of the augmentations.
public func scaledFrom224(_ pixels: Int, side: Int) -> Int {
    Int((Double(pixels * side) / 224).rounded(.toNearestOrEven))
}
