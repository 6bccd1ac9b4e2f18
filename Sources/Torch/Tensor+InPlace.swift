import CTorch

/// In-place updates. They never record gradients, so they may change parameters
/// (optimizer steps, EMA, loading weights).
extension Tensor {
    /// `self += alpha * other`.
    public func add_(_ other: Tensor, alpha: Double = 1) throws { try check(ct_add_(handle, other.handle, alpha), "add_") }
    public func sub_(_ other: Tensor) throws { try check(ct_binary_(Int32(CT_SUB.rawValue), handle, other.handle), "sub_") }
    public func mul_(_ other: Tensor) throws { try check(ct_binary_(Int32(CT_MUL.rawValue), handle, other.handle), "mul_") }
    public func div_(_ other: Tensor) throws { try check(ct_binary_(Int32(CT_DIV.rawValue), handle, other.handle), "div_") }
    public func add_(_ s: Double) throws { try check(ct_binary_scalar_(Int32(CT_ADD.rawValue), handle, s), "add_") }
    public func mul_(_ s: Double) throws { try check(ct_binary_scalar_(Int32(CT_MUL.rawValue), handle, s), "mul_") }
    public func div_(_ s: Double) throws { try check(ct_binary_scalar_(Int32(CT_DIV.rawValue), handle, s), "div_") }
    /// `self += value * a * b`.
    public func addcmul_(_ a: Tensor, _ b: Tensor, value: Double = 1) throws {
        try check(ct_addcmul_(handle, a.handle, b.handle, value), "addcmul_")
    }
    /// `self += value * a / b`.
    public func addcdiv_(_ a: Tensor, _ b: Tensor, value: Double = 1) throws {
        try check(ct_addcdiv_(handle, a.handle, b.handle, value), "addcdiv_")
    }
    /// `self += weight * (end - self)`.
    public func lerp_(_ end: Tensor, weight: Double) throws { try check(ct_lerp_(handle, end.handle, weight), "lerp_") }
    /// Copies `source`'s values (broadcast, converted) into `self`.
    public func copy_(_ source: Tensor) throws { try check(ct_copy_(handle, source.handle), "copy_ of \(source.shape) into \(shape)") }
    /// Limits values to [min, max]; a nil bound is open.
    public func clamp_(min: Double? = nil, max: Double? = nil) throws {
        try check(ct_clamp_(handle, min ?? 0, max ?? 0, min != nil, max != nil), "clamp_")
    }
    public func sqrt_() throws { try check(ct_unary_(Int32(CT_SQRT.rawValue), handle), "sqrt_") }
    public func neg_() throws { try check(ct_unary_(Int32(CT_NEG.rawValue), handle), "neg_") }
    public func fill_(_ value: Double) throws { try check(ct_fill_(handle, value), "fill_") }
    public func zero_() throws { try fill_(0) }
    /// Fills with uniform samples in [low, high) from the default generator.
    public func uniform_(_ low: Double, _ high: Double) throws { try check(ct_uniform_(handle, low, high), "uniform_") }
    /// Fills with normal samples from the default generator.
    public func normal_(mean: Double = 0, std: Double = 1) throws { try check(ct_normal_(handle, mean, std), "normal_") }
}
