import CTorch

/// Reverse-mode automatic differentiation.
extension Tensor {
    /// Whether operations on this tensor are recorded for `backward`.
    public var requiresGrad: Bool { ct_requires_grad(handle) }

    /// Marks the tensor (a leaf) as one whose gradient is wanted; returns `self`.
    @discardableResult
    public func requiringGrad(_ on: Bool = true) throws -> Tensor {
        try check(ct_set_requires_grad(handle, on), "requires_grad_")
        return self
    }

    /// Accumulates the gradient of this scalar into every leaf that requires one.
    public func backward() throws { try check(ct_backward(handle), "backward") }

    /// The accumulated gradient, or nil before any backward pass (or after `zeroGrad`).
    /// The returned tensor shares storage with the gradient, so in-place changes apply to it.
    public var grad: Tensor? {
        get throws {
            var defined = false
            let pointer = ct_grad(handle, &defined)
            if let pointer { return Tensor(owning: pointer) }
            if defined { throw TorchError.last("grad") }
            return nil
        }
    }

    /// Drops the gradient (as `zero_grad(set_to_none=True)`).
    public func zeroGrad() { ct_zero_grad(handle) }

    /// Replaces the gradient.
    public func setGrad(_ gradient: Tensor) throws { try check(ct_set_grad(handle, gradient.handle), "set grad") }
}

/// Runs `body` without recording operations for autograd (thread-local), restoring the
/// previous mode afterwards.
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
    let previous = ct_set_grad_enabled(false)
    defer { _ = ct_set_grad_enabled(previous) }
    return try body()
}
