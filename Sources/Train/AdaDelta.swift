import Torch

/// AdaDelta as `torch.optim.Adadelta`: `s = ρ·s + (1-ρ)·g²; δ = √(u+ε)/√(s+ε)·g;
/// u = ρ·u + (1-ρ)·δ²; p -= lr·δ`.
public final class AdaDelta: Optimizer {
    public var groups: [ParameterGroup]
    public var state: [[[String: Tensor]]] = []
    public var stepCounts: [[Int]] = []
    public let rho: Double, eps: Double, weightDecayMode: WeightDecayMode

    public init(_ groups: [ParameterGroup], rho: Double = 0.9, eps: Double = 1e-6,
                weightDecayMode: WeightDecayMode = .coupled) {
        self.groups = groups; self.rho = rho; self.eps = eps; self.weightDecayMode = weightDecayMode
    }

    public func step() throws {
        try withNoGrad {
            try forEachParameter { group, g, i, p, gradient in
                let lr = group.learningRate, wd = group.weightDecay
                var grad = gradient
                if wd != 0 {
                    if weightDecayMode == .coupled { grad = try grad.adding(p, alpha: wd) } else { try p.mul_(1 - lr * wd) }
                }
                let squareAvg = try state[g][i]["square_avg"] ?? p.zerosLike()
                let accDelta = try state[g][i]["acc_delta"] ?? p.zerosLike()
                state[g][i]["square_avg"] = squareAvg
                state[g][i]["acc_delta"] = accDelta
                try squareAvg.mul_(rho)
                try squareAvg.addcmul_(grad, grad, value: 1 - rho)
                let std = try squareAvg + eps
                try std.sqrt_()
                let delta = try accDelta + eps
                try delta.sqrt_()
                try delta.div_(std)
                try delta.mul_(grad)
                try accDelta.mul_(rho)
                try accDelta.addcmul_(delta, delta, value: 1 - rho)
                try p.add_(delta, alpha: -lr)
            }
        }
    }
}
