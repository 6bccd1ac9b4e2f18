import Torch

/// Stochastic gradient descent with momentum, dampening and Nesterov momentum, as
/// `torch.optim.SGD`: `d = g + wd·p; b = μ·b + (1-τ)·d` (b = d on the first step);
/// `d = d + μ·b` (Nesterov) or `d = b`; `p -= lr·d`.
public final class SGD: Optimizer {
    public var groups: [ParameterGroup]
    public var state: [[[String: Tensor]]] = []
    public var stepCounts: [[Int]] = []
    public let momentum: Double, dampening: Double, nesterov: Bool, weightDecayMode: WeightDecayMode

    public init(_ groups: [ParameterGroup], momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false,
                weightDecayMode: WeightDecayMode = .coupled) {
        precondition(!nesterov || (momentum > 0 && dampening == 0), "Nesterov momentum needs momentum > 0 and no dampening")
        self.groups = groups; self.momentum = momentum; self.dampening = dampening
        self.nesterov = nesterov; self.weightDecayMode = weightDecayMode
    }

    public func step() throws {
        try withNoGrad {
            try forEachParameter { group, g, i, p, gradient in
                let lr = group.learningRate, wd = group.weightDecay
                var d = gradient
                if wd != 0 {
                    if weightDecayMode == .coupled { d = try d.adding(p, alpha: wd) } else { try p.mul_(1 - lr * wd) }
                }
                if momentum != 0 {
                    let buffer: Tensor
                    if let existing = state[g][i]["momentum_buffer"] {
                        try existing.mul_(momentum)
                        try existing.add_(d, alpha: 1 - dampening)
                        buffer = existing
                    } else {
                        buffer = try d.clone().detach()
                        state[g][i]["momentum_buffer"] = buffer
                    }
                    d = nesterov ? try d.adding(buffer, alpha: momentum) : buffer
                }
                try p.add_(d, alpha: -lr)
            }
        }
    }
}
