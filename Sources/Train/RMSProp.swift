import Torch

/// RMSProp as `torch.optim.RMSprop`: `s = α·s + (1-α)·g²`; centered: `a = α·a + (1-α)·g`,
/// `d = √(s - a²) + ε`, else `d = √s + ε`; with momentum `b = μ·b + g/d, p -= lr·b`,
/// else `p -= lr·g/d`.
public final class RMSProp: Optimizer {
    public var groups: [ParameterGroup]
    public var state: [[[String: Tensor]]] = []
    public var stepCounts: [[Int]] = []
    public let alpha: Double, eps: Double, momentum: Double, centered: Bool, weightDecayMode: WeightDecayMode

    public init(_ groups: [ParameterGroup], alpha: Double = 0.99, eps: Double = 1e-8, momentum: Double = 0,
                centered: Bool = false, weightDecayMode: WeightDecayMode = .coupled) {
        self.groups = groups; self.alpha = alpha; self.eps = eps; self.momentum = momentum
        self.centered = centered; self.weightDecayMode = weightDecayMode
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
                state[g][i]["square_avg"] = squareAvg
                try squareAvg.mul_(alpha)
                try squareAvg.addcmul_(grad, grad, value: 1 - alpha)
                let avg: Tensor
                if centered {
                    let gradAvg = try state[g][i]["grad_avg"] ?? p.zerosLike()
                    state[g][i]["grad_avg"] = gradAvg
                    try gradAvg.mul_(alpha)
                    try gradAvg.add_(grad, alpha: 1 - alpha)
                    avg = try squareAvg.clone()
                    try avg.addcmul_(gradAvg, gradAvg, value: -1)
                    try avg.sqrt_()
                } else {
                    avg = try squareAvg.sqrt()
                }
                try avg.add_(eps)
                if momentum > 0 {
                    let buffer = try state[g][i]["momentum_buffer"] ?? p.zerosLike()
                    state[g][i]["momentum_buffer"] = buffer
                    try buffer.mul_(momentum)
                    try buffer.addcdiv_(grad, avg)
                    try p.add_(buffer, alpha: -lr)
                } else {
                    try p.addcdiv_(grad, avg, value: -lr)
                }
            }
        }
    }
}
