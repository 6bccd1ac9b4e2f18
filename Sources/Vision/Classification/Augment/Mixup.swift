/// Mixup (Zhang et al. 2018), a batch operation: with probability `probability`, a weight
/// λ ~ Beta(alpha, alpha) and a permutation of the batch (PaddleClas's `MixupOperator`; timm
/// pairs each sample with the batch reversed instead); each image becomes λ·x + (1-λ)·x[perm],
/// its target λ·y + (1-λ)·y[perm] (soft targets).
public struct Mixup: Sendable, Equatable {
    public var probability: Double
    public var alpha: Double

    public init(probability: Double = 1, alpha: Double = 0) {
        self.probability = probability
        self.alpha = alpha
    }

    public var isEnabled: Bool { probability > 0 && alpha > 0 }

    public struct Parameters: Sendable, Equatable {
        public var lambda: Double
        public var permutation: [Int]
    }

    public func sample(batch: Int, using random: inout SeededRandom) -> Parameters {
        let lambda = random.beta(alpha, alpha)
        return Parameters(lambda: lambda, permutation: Array(0..<batch).shuffled(using: &random))
    }

    /// Mixes `images` (`batch` images of `shape`, one after another) in place.
    public static func apply(_ p: Parameters, to images: inout [Float], shape: ImageShape) {
        let original = images, size = shape.count, lambda = Float(p.lambda)
        for (i, j) in p.permutation.enumerated() {
            for k in 0..<size { images[i * size + k] = lambda * original[i * size + k] + (1 - lambda) * original[j * size + k] }
        }
    }
}
