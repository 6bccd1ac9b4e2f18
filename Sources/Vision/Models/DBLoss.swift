import Torch
import Train

/// DBNet's training targets as tensors (N, 1, H, W each).
public struct DBTargets {
    public var probability: Tensor
    public var probabilityMask: Tensor
    public var threshold: Tensor
    public var thresholdMask: Tensor

    public init(probability: Tensor, probabilityMask: Tensor, threshold: Tensor, thresholdMask: Tensor) {
        self.probability = probability
        self.probabilityMask = probabilityMask
        self.threshold = threshold
        self.thresholdMask = thresholdMask
    }
}

/// DBNet's loss (MhLiao/DB `L1BalanceCELoss`):
/// `probWeight · BalancedBCE(P) + threshWeight · L1(T) + binaryWeight · Dice(B̂)`.
///
/// Balanced BCE keeps every positive pixel of the probability map and the `ohemRatio` times as
/// many hardest negatives (all negatives when there are fewer), both inside the mask, and
/// divides their summed BCE by their count. L1 is averaged over the dilated text region, dice
/// is taken over the masked binary map. Without a threshold branch the dice term uses P.
public struct DBLoss: Sendable, Equatable {
    public var probWeight = 5.0
    public var threshWeight = 10.0
    public var binaryWeight = 1.0
    public var ohemRatio = 3.0
    public var eps = 1e-6

    public init(probWeight: Double = 5, threshWeight: Double = 10, binaryWeight: Double = 1, ohemRatio: Double = 3) {
        self.probWeight = probWeight
        self.threshWeight = threshWeight
        self.binaryWeight = binaryWeight
        self.ohemRatio = ohemRatio
    }

    /// The loss of a DBNet training output (N, 3 or 1, H, W; channel 0 holds logits).
    public func callAsFunction(_ output: Tensor, _ targets: DBTargets) throws -> LossTerms {
        let logits = try output.slice(dim: 1, start: 0, end: 1)
        let bce = try balancedBCE(logits: logits, target: targets.probability, mask: targets.probabilityMask)
        var total = try bce * probWeight
        var parts = ["loss_prob": try bce.item() * probWeight]
        let binary: Tensor
        if output.shape[1] >= 3 {
            let threshold = try output.slice(dim: 1, start: 1, end: 2)
            binary = try output.slice(dim: 1, start: 2, end: 3)
            let l1 = try maskedL1(threshold, targets.threshold, mask: targets.thresholdMask)
            total = try total + l1 * threshWeight
            parts["loss_thresh"] = try l1.item() * threshWeight
        } else {
            binary = try logits.sigmoid()
        }
        let dice = try binary.diceLoss(targets.probability, mask: targets.probabilityMask, eps: eps)
        total = try total + dice * binaryWeight
        parts["loss_binary"] = try dice.item() * binaryWeight
        return LossTerms(total: total, parts: parts)
    }

    /// BCE over all positives and the hardest `ohemRatio`× as many negatives, averaged.
    public func balancedBCE(logits: Tensor, target: Tensor, mask: Tensor) throws -> Tensor {
        let positive = try target * mask
        let negative = try (1.0 - target) * mask
        let positiveCount = Int(try positive.sum().item())
        let negativeCount = Swift.min(Int(try negative.sum().item()), Int(Double(positiveCount) * ohemRatio))
        let loss = try logits.bceWithLogits(target, reduction: .none)
        let positiveLoss = try (loss * positive).sum()
        let negativeLoss = try HardNegativeMining.topKSum(loss * negative, k: negativeCount)
        return try (positiveLoss + negativeLoss) / (Double(positiveCount + negativeCount) + eps)
    }

    /// Mean absolute error inside the mask (0 when the mask is empty).
    public func maskedL1(_ prediction: Tensor, _ target: Tensor, mask: Tensor) throws -> Tensor {
        let area = try mask.sum().item()
        guard area > 0 else { return try (prediction * 0.0).sum() }
        return try ((prediction - target).abs() * mask).sum() / area
    }
}
