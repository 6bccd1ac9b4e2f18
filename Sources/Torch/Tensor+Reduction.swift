import CTorch

/// Reductions over all dimensions or over chosen ones.
extension Tensor {
    func reduce(_ op: CTReduceOp, _ dims: [Int], _ keepDim: Bool, _ name: String) throws -> Tensor {
        let d = dims.map(Int64.init)
        return try check(ct_reduce(Int32(op.rawValue), handle, d, Int32(d.count), keepDim), "\(name)(dims: \(dims))")
    }

    /// Sum over `dims` (all when empty).
    public func sum(dims: [Int] = [], keepDim: Bool = false) throws -> Tensor { try reduce(CT_SUM, dims, keepDim, "sum") }
    /// Mean over `dims` (all when empty).
    public func mean(dims: [Int] = [], keepDim: Bool = false) throws -> Tensor { try reduce(CT_MEAN, dims, keepDim, "mean") }
    /// Maximum over `dims` (all when empty).
    public func max(dims: [Int] = [], keepDim: Bool = false) throws -> Tensor { try reduce(CT_AMAX, dims, keepDim, "amax") }
    /// Minimum over `dims` (all when empty).
    public func min(dims: [Int] = [], keepDim: Bool = false) throws -> Tensor { try reduce(CT_AMIN, dims, keepDim, "amin") }
    /// Product over one dimension, or all when `dim` is nil.
    public func prod(dim: Int? = nil, keepDim: Bool = false) throws -> Tensor {
        try reduce(CT_PROD, dim.map { [$0] } ?? [], keepDim, "prod")
    }
    /// Unbiased variance over `dims` (all when empty).
    public func variance(dims: [Int] = [], keepDim: Bool = false) throws -> Tensor { try reduce(CT_VAR, dims, keepDim, "var") }
    /// Unbiased standard deviation over `dims` (all when empty).
    public func std(dims: [Int] = [], keepDim: Bool = false) throws -> Tensor { try reduce(CT_STD, dims, keepDim, "std") }
    /// Index of the maximum along `dim`.
    public func argmax(dim: Int, keepDim: Bool = false) throws -> Tensor {
        try check(ct_argmax(handle, Int64(dim), keepDim), "argmax(dim: \(dim))")
    }
    /// The p-norm of all elements.
    public func norm(p: Double = 2) throws -> Tensor { try check(ct_norm(handle, p), "norm(p: \(p))") }
}
