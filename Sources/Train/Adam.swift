import Foundation
import Torch

/// Adam, and AdamW when weight decay is decoupled, as `torch.optim.Adam`/`AdamW`:
/// `m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; p -= lr/(1-β1^t) · m / (√v/√(1-β2^t) + ε)`.
/// Coupled decay adds `wd·p` to g; decoupled decay first scales `p *= 1 - lr·wd`.
public final class Adam: Optimizer {
    public var groups: [ParameterGroup]
    public var state: [[[String: Tensor]]] = []
    public var stepCounts: [[Int]] = []
    public let beta1: Double, beta2: Double, eps: Double, weightDecayMode: WeightDecayMode

    public init(_ groups: [ParameterGroup], beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8,
                weightDecayMode: WeightDecayMode = .coupled) {
        self.groups = groups; self.beta1 = beta1; self.beta2 = beta2; self.eps = eps
        self.weightDecayMode = weightDecayMode
    }

    /// AdamW: Adam with decoupled weight decay.
    public static func adamW(_ groups: [ParameterGroup], beta1: Double = 0.9, beta2: Double = 0.999,
                             eps: Double = 1e-8) -> Adam {
        Adam(groups, beta1: beta1, beta2: beta2, eps: eps, weightDecayMode: .decoupled)
    }

    public func step() throws {
        try withNoGrad {
            try forEachParameter { group, g, i, p, gradient in
                let lr = group.learningRate, wd = group.weightDecay
                var grad = gradient
                if wd != 0 {
                    if weightDecayMode == .coupled { grad = try grad.adding(p, alpha: wd) } else { try p.mul_(1 - lr * wd) }
                }
                let m = try state[g][i]["exp_avg"] ?? p.zerosLike()
                let v = try state[g][i]["exp_avg_sq"] ?? p.zerosLike()
                state[g][i]["exp_avg"] = m
                state[g][i]["exp_avg_sq"] = v
                try m.mul_(beta1)
                try m.add_(grad, alpha: 1 - beta1)
                try v.mul_(beta2)
                try v.addcmul_(grad, grad, value: 1 - beta2)
                let t = Double(stepCounts[g][i])
                let stepSize = lr / (1 - Foundation.pow(beta1, t))
                let correction2 = (1 - Foundation.pow(beta2, t)).squareRoot()
                let denominator = try v.sqrt() / correction2
                try denominator.add_(eps)
                try p.addcdiv_(m, denominator, value: -stepSize)
            }
        }
    }
}
