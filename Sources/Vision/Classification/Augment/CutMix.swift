import Foundation

/// CutMix (Yun et al. 2019), a batch operation: with probability `probability`, λ ~ Beta(alpha,
/// alpha) and a permutation of the batch; a box of sides √(1-λ) times the image's (truncated),
/// centred on a pixel drawn uniformly and clipped at the border, is pasted from x[perm] into
/// every image; the target weight of the pasted image is the box's share of the image after
/// clipping (λ is corrected to 1 - box area / image area), as PaddleClas and timm do.
public struct CutMix: Sendable, Equatable {
    public var probability: Double
    public var alpha: Double

    public init(probability: Double = 1, alpha: Double = 0) {
        self.probability = probability
        self.alpha = alpha
    }

    public var isEnabled: Bool { probability > 0 && alpha > 0 }

    public struct Parameters: Sendable, Equatable {
        public var box: PixelBox
        public var permutation: [Int]
        /// The weight of each sample's own target: 1 - box area / image area.
        public var lambda: Double
    }

    public func sample(batch: Int, height: Int, width: Int, using random: inout SeededRandom) -> Parameters {
        let drawn = random.beta(alpha, alpha)
        let cut = (1 - drawn).squareRoot()
        let cutH = Int(Double(height) * cut), cutW = Int(Double(width) * cut)
        let cy = random.int(0...(height - 1)), cx = random.int(0...(width - 1))
        let box = PixelBox.clipped(y0: cy - cutH / 2, y1: cy + cutH / 2, x0: cx - cutW / 2, x1: cx + cutW / 2,
                                   height: height, width: width)
        return Parameters(box: box, permutation: Array(0..<batch).shuffled(using: &random),
                          lambda: 1 - Double(box.area) / Double(height * width))
    }

    /// Pastes the box from each sample's partner, in place.
    public static func apply(_ p: Parameters, to images: inout [Float], shape: ImageShape) {
        let original = images, size = shape.count, b = p.box
        for (i, j) in p.permutation.enumerated() {
            for c in 0..<shape.channels {
                for y in b.top..<(b.top + b.height) {
                    let row = c * shape.plane + y * shape.width
                    for x in b.left..<(b.left + b.width) { images[i * size + row + x] = original[j * size + row + x] }
                }
            }
        }
    }
}

/// Soft targets of a batch: `labels` one-hot over `classes`, mixed with their partners' by
/// `lambda` (1: unmixed), then smoothed as `(1 - smoothing) * t + smoothing / classes` (the
/// same target PyTorch's cross entropy builds from probabilities with `label_smoothing`).
public func mixedTargets(labels: [Int], classes: Int, lambda: Double = 1, permutation: [Int]? = nil,
                         smoothing: Double = 0) -> [Float] {
    var targets = [Float](repeating: Float(smoothing / Double(classes)), count: labels.count * classes)
    let keep = 1 - smoothing
    for (i, label) in labels.enumerated() {
        targets[i * classes + label] += Float(keep * lambda)
        if let permutation { targets[i * classes + labels[permutation[i]]] += Float(keep * (1 - lambda)) }
    }
    return targets
}
