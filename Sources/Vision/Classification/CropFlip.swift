/// The baseline training augmentation for small images: a random crop of the image's own size
/// from the image padded with `padding` zero pixels on every side (torchvision's
/// `RandomCrop(size, padding)`), then a horizontal flip with probability `flipProbability`
/// (`RandomHorizontalFlip`). Parameters are drawn (`sample`) apart from applying them (`apply`),
/// so a draw can be recorded and replayed.
public struct CropFlip: Sendable, Equatable {
    public var padding: Int
    public var flipProbability: Double

    public init(padding: Int, flipProbability: Double) {
        self.padding = padding
        self.flipProbability = flipProbability
    }

    /// One draw: the crop's top-left corner in the padded image (each in 0...2*padding) and
    /// whether to flip.
    public struct Parameters: Sendable, Equatable {
        public var left: Int, top: Int, flip: Bool
        public init(left: Int, top: Int, flip: Bool) { self.left = left; self.top = top; self.flip = flip }
    }

    /// Draws the crop corner (left, then top, uniformly) and the flip, in that order.
    public func sample(using random: inout SeededRandom) -> Parameters {
        let left = padding > 0 ? random.int(0...(2 * padding)) : padding
        let top = padding > 0 ? random.int(0...(2 * padding)) : padding
        let flip = flipProbability > 0 && random.chance(flipProbability)
        return Parameters(left: left, top: top, flip: flip)
    }

    /// Writes the augmented `channels`x`height`x`width` image `source` into `output`: output
    /// pixel (y, x) is the padded image's (y + top, x' + left), with x' = width - 1 - x when
    /// flipped, and 0 outside the image.
    public func apply(_ p: Parameters, source: UnsafeBufferPointer<UInt8>, channels: Int, height: Int, width: Int,
                      output: UnsafeMutableBufferPointer<UInt8>) {
        let dy = p.top - padding, dx = p.left - padding
        for c in 0..<channels {
            let plane = c * height * width
            for y in 0..<height {
                let sy = y + dy
                for x in 0..<width {
                    let sx = (p.flip ? width - 1 - x : x) + dx
                    output[plane + y * width + x] = sy >= 0 && sy < height && sx >= 0 && sx < width
                        ? source[plane + sy * width + sx] : 0
                }
            }
        }
    }
}
