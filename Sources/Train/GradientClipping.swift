import Torch

/// Gradient clipping, as `torch.nn.utils.clip_grad_norm_` / `clip_grad_value_`.
public enum GradientClipping: Sendable, Equatable {
    /// Scale all gradients by `min(1, maxNorm/(‖g‖ + 1e-6))`, ‖g‖ the global 2-norm.
    case norm(maxNorm: Double)
    /// Clamp every gradient element to [-value, value].
    case value(Double)

    /// The global 2-norm of the parameters' gradients (the norm of the per-tensor norms),
    /// or nil when no parameter has a gradient.
    public static func globalNorm(_ parameters: [Tensor]) throws -> Tensor? {
        let norms = try parameters.compactMap { try $0.grad?.norm() }
        guard !norms.isEmpty else { return nil }
        return try Tensor.stack(norms).norm()
    }

    /// Clips the gradients in place and returns the norm before clipping (0 when there are
    /// no gradients). A non-finite norm is returned as is; callers decide whether to skip.
    @discardableResult
    public func apply(to parameters: [Tensor]) throws -> Double {
        guard let total = try Self.globalNorm(parameters) else { return 0 }
        let norm = try total.item()
        try withNoGrad {
            switch self {
            case let .norm(maxNorm):
                let coefficient = try (maxNorm / (total + 1e-6)).clamp(max: 1)
                for p in parameters { try p.grad?.mul_(coefficient) }
            case let .value(limit):
                for p in parameters { try p.grad?.clamp_(min: -limit, max: limit) }
            }
        }
        return norm
    }
}
