import CTorch

/// How a loss reduces its per-element values.
public enum Reduction: Int32, Sendable {
    case none = 0, mean = 1, sum = 2
}

/// Loss functions, with libtorch's definitions.
extension Tensor {
    /// Binary cross entropy on logits (`self`) against targets in [0, 1].
    public func bceWithLogits(_ target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean) throws -> Tensor {
        try check(ct_bce_with_logits(handle, target.handle, weight?.handle, reduction.rawValue),
                  "binary_cross_entropy_with_logits of \(shape) and \(target.shape)")
    }

    /// Cross entropy of logits (N, C, ...) against int64 class indices; with label smoothing
    /// ε the target is `(1-ε)·onehot + ε/C`.
    public func crossEntropy(_ target: Tensor, labelSmoothing: Double = 0, reduction: Reduction = .mean) throws -> Tensor {
        try check(ct_cross_entropy(handle, target.handle, labelSmoothing, reduction.rawValue),
                  "cross_entropy of \(shape) and \(target.shape)")
    }

    /// Cross entropy of logits (N, C) against probability targets (N, C) (soft labels, as Mixup
    /// and CutMix make): the batch mean of `-Σ target·log_softmax(logits)`. Label smoothing is
    /// part of the targets (PyTorch's `cross_entropy` with probabilities smooths them the same way).
    public func crossEntropy(probabilities target: Tensor) throws -> Tensor {
        try ((target * logSoftmax(dim: 1)).sum(dims: [1]) * -1.0).mean()
    }

    /// Mean (or summed) absolute error.
    public func l1Loss(_ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        try check(ct_l1_loss(handle, target.handle, reduction.rawValue), "l1_loss of \(shape) and \(target.shape)")
    }

    /// Mean (or summed) squared error.
    public func mseLoss(_ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        try check(ct_mse_loss(handle, target.handle, reduction.rawValue), "mse_loss of \(shape) and \(target.shape)")
    }

    /// Dice loss of probabilities (`self`) against targets, optionally masked:
    /// `1 - 2·Σ(p·t·m) / (Σ(p·m) + Σ(t·m) + eps)`, as DBNet uses for its binary map.
    public func diceLoss(_ target: Tensor, mask: Tensor? = nil, eps: Double = 1e-6) throws -> Tensor {
        let p = try mask.map { try self * $0 } ?? self
        let t = try mask.map { try target * $0 } ?? target
        let intersection = try (p * t).sum()
        let union = try (p.sum() + t.sum()) + eps
        return try 1.0 - (intersection * 2.0) / union
    }
}
