import Torch
import Train

/// CRAFT's targets as tensors at the output resolution: region and affinity heatmaps (N, H, W)
/// and the don't-care mask.
public struct CRAFTTargets {
    public var region: Tensor
    public var affinity: Tensor
    public var mask: Tensor

    public init(region: Tensor, affinity: Tensor, mask: Tensor) {
        self.region = region
        self.affinity = affinity
        self.mask = mask
    }
}

/// CRAFT's loss: squared error on the region and affinity maps with online hard-negative mining,
/// per image and per map (as the reference training code's `Maploss`): pixels whose target is
/// at least `positiveThreshold` are positives and their mean error is taken; among the rest,
/// the `negativeRatio` × positives hardest (all when fewer) are averaged, or the
/// `negativesWithoutText` hardest when the image has no positives. Masked pixels count for
/// nothing. Region and affinity terms are summed and averaged over the batch.
public struct CRAFTLoss: Sendable, Equatable {
    public var positiveThreshold: Float = 0.1
    public var negativeRatio = 3
    public var negativesWithoutText = 500

    public init(positiveThreshold: Float = 0.1, negativeRatio: Int = 3, negativesWithoutText: Int = 500) {
        self.positiveThreshold = positiveThreshold
        self.negativeRatio = negativeRatio
        self.negativesWithoutText = negativesWithoutText
    }

    /// The loss of a CRAFT output (N, 2, H, W).
    public func callAsFunction(_ output: Tensor, _ targets: CRAFTTargets) throws -> LossTerms {
        let region = try mined(output.select(dim: 1, index: 0), targets.region, mask: targets.mask)
        let affinity = try mined(output.select(dim: 1, index: 1), targets.affinity, mask: targets.mask)
        return LossTerms(total: try region + affinity,
                         parts: ["loss_region": try region.item(), "loss_affinity": try affinity.item()])
    }

    /// Mean over the batch of the mined squared error of one map (N, H, W).
    public func mined(_ prediction: Tensor, _ target: Tensor, mask: Tensor) throws -> Tensor {
        let n = prediction.shape[0]
        let error = try (prediction - target).square() * mask
        let positive = try target.ge(Double(positiveThreshold)).to(.float32) * mask
        let negative = try target.lt(Double(positiveThreshold)).to(.float32) * mask
        var total: Tensor?
        for i in 0..<n {
            let e = try error.select(dim: 0, index: i), p = try positive.select(dim: 0, index: i)
            let q = try negative.select(dim: 0, index: i)
            let positives = Int(try p.sum().item()), negatives = Int(try q.sum().item())
            var term: Tensor
            if positives > 0 {
                term = try (e * p).sum() / Double(positives)
                let k = Swift.min(negatives, negativeRatio * positives)
                if k > 0 { term = try term + HardNegativeMining.topKSum(e * q, k: k) / Double(k) }
            } else {
                let k = Swift.min(negatives, negativesWithoutText)
                term = k > 0 ? try HardNegativeMining.topKSum(e * q, k: k) / Double(k) : try (e * 0.0).sum()
            }
            total = try total.map { try $0 + term } ?? term
        }
        return try total! / Double(n)
    }
}
