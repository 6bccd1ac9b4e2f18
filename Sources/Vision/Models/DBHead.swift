import Torch
import Train

/// DBNet's head on the fused neck map (at 1/4 of the input): a probability branch and, when
/// adaptive, a threshold branch, each a 3x3 convolution to `channels / 4` with batch norm and
/// ReLU, then two stride-2 transposed convolutions back to the input resolution. The
/// probability branch returns logits; the threshold branch ends in a sigmoid.
public final class DBHead: Module {
    let probability: Sequential
    let threshold: Sequential?
    /// Steepness of the differentiable binarization 1/(1+exp(-k(P-T))).
    public let k: Double
    public var isTraining = true

    public init(channels: Int, k: Double = 50, adaptive: Bool = true) throws {
        func branch(sigmoid: Bool) throws -> Sequential {
            let quarter = channels / 4
            var layers: [any Module] = [
                try Conv2d(channels, quarter, kernel: 3, padding: 1, bias: false), try BatchNorm2d(quarter), ReLU(),
                try ConvTranspose2d(quarter, quarter, kernel: 2, stride: 2), try BatchNorm2d(quarter), ReLU(),
                try ConvTranspose2d(quarter, 1, kernel: 2, stride: 2),
            ]
            if sigmoid { layers.append(Sigmoid()) }
            return Sequential(layers)
        }
        self.k = k
        probability = try branch(sigmoid: false)
        threshold = adaptive ? try branch(sigmoid: true) : nil
        try heInitialise(self)
    }

    public var children: [(name: String, module: any Module)] {
        [("binarize", probability)] + (threshold.map { [("thresh", $0 as any Module)] } ?? [])
    }

    /// The probability logits (N, 1, 4H, 4W) of a fused map (N, C, H, W).
    public func probabilityLogits(_ fused: Tensor) throws -> Tensor { try probability.forward(fused) }

    /// The threshold map, or nil when the head is not adaptive.
    public func thresholdMap(_ fused: Tensor) throws -> Tensor? { try threshold?.forward(fused) }

    /// The approximate binary map 1/(1+exp(-k(P-T))).
    public func binarize(probability p: Tensor, threshold t: Tensor) throws -> Tensor {
        try ((p - t) * k).sigmoid()
    }

    /// Training: (N, 3, 4H, 4W) holding probability logits, threshold map and approximate binary
    /// map (N, 1, ...) without a threshold branch. Evaluation: the probability map (N, 1, 4H, 4W).
    public func forward(_ fused: Tensor) throws -> Tensor {
        let logits = try probabilityLogits(fused)
        guard isTraining, let t = try thresholdMap(fused) else {
            return isTraining ? logits : try logits.sigmoid()
        }
        return try Tensor.cat([logits, t, try binarize(probability: logits.sigmoid(), threshold: t)], dim: 1)
    }
}
