import CTorch

/// Element-wise arithmetic, comparisons and activations (all broadcast like libtorch).
extension Tensor {
    func unary(_ op: CTUnaryOp, _ name: String) throws -> Tensor {
        try check(ct_unary(Int32(op.rawValue), handle), name)
    }

    func binary(_ op: CTBinaryOp, _ other: Tensor, _ name: String) throws -> Tensor {
        try check(ct_binary(Int32(op.rawValue), handle, other.handle), "\(name) of \(shape) and \(other.shape)")
    }

    func binary(_ op: CTBinaryOp, _ scalar: Double, _ name: String) throws -> Tensor {
        try check(ct_binary_scalar(Int32(op.rawValue), handle, scalar), name)
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(CT_ADD, b, "add") }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(CT_SUB, b, "sub") }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(CT_MUL, b, "mul") }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(CT_DIV, b, "div") }
    public static func + (a: Tensor, s: Double) throws -> Tensor { try a.binary(CT_ADD, s, "add") }
    public static func - (a: Tensor, s: Double) throws -> Tensor { try a.binary(CT_SUB, s, "sub") }
    public static func * (a: Tensor, s: Double) throws -> Tensor { try a.binary(CT_MUL, s, "mul") }
    public static func / (a: Tensor, s: Double) throws -> Tensor { try a.binary(CT_DIV, s, "div") }
    public static func + (s: Double, a: Tensor) throws -> Tensor { try a.binary(CT_ADD, s, "add") }
    public static func - (s: Double, a: Tensor) throws -> Tensor { try a.binary(CT_RSUB, s, "rsub") }
    public static func * (s: Double, a: Tensor) throws -> Tensor { try a.binary(CT_MUL, s, "mul") }
    public static func / (s: Double, a: Tensor) throws -> Tensor { try a.binary(CT_RDIV, s, "rdiv") }
    public static prefix func - (a: Tensor) throws -> Tensor { try a.unary(CT_NEG, "neg") }

    /// `self + alpha * other`, as libtorch's add with alpha.
    public func adding(_ other: Tensor, alpha: Double) throws -> Tensor {
        try check(ct_add_alpha(handle, other.handle, alpha), "add(alpha: \(alpha))")
    }

    public func pow(_ exponent: Double) throws -> Tensor { try binary(CT_POW, exponent, "pow") }
    public func pow(_ exponent: Tensor) throws -> Tensor { try binary(CT_POW, exponent, "pow") }
    public func maximum(_ other: Tensor) throws -> Tensor { try binary(CT_MAXIMUM, other, "maximum") }
    public func minimum(_ other: Tensor) throws -> Tensor { try binary(CT_MINIMUM, other, "minimum") }

    public func exp() throws -> Tensor { try unary(CT_EXP, "exp") }
    public func log() throws -> Tensor { try unary(CT_LOG, "log") }
    public func log1p() throws -> Tensor { try unary(CT_LOG1P, "log1p") }
    public func sqrt() throws -> Tensor { try unary(CT_SQRT, "sqrt") }
    public func rsqrt() throws -> Tensor { try unary(CT_RSQRT, "rsqrt") }
    public func abs() throws -> Tensor { try unary(CT_ABS, "abs") }
    public func sign() throws -> Tensor { try unary(CT_SIGN, "sign") }
    public func square() throws -> Tensor { try unary(CT_SQUARE, "square") }
    public func reciprocal() throws -> Tensor { try unary(CT_RECIPROCAL, "reciprocal") }
    public func floor() throws -> Tensor { try unary(CT_FLOOR, "floor") }
    public func ceil() throws -> Tensor { try unary(CT_CEIL, "ceil") }
    public func round() throws -> Tensor { try unary(CT_ROUND, "round") }

    // MARK: activations

    public func relu() throws -> Tensor { try unary(CT_RELU, "relu") }
    public func sigmoid() throws -> Tensor { try unary(CT_SIGMOID, "sigmoid") }
    public func tanh() throws -> Tensor { try unary(CT_TANH, "tanh") }
    public func gelu() throws -> Tensor { try unary(CT_GELU, "gelu") }
    public func silu() throws -> Tensor { try unary(CT_SILU, "silu") }
    public func softplus() throws -> Tensor { try unary(CT_SOFTPLUS, "softplus") }
    public func leakyRelu(slope: Double = 0.01) throws -> Tensor {
        try check(ct_leaky_relu(handle, slope), "leaky_relu")
    }
    public func softmax(dim: Int) throws -> Tensor { try check(ct_softmax(handle, Int64(dim)), "softmax(dim: \(dim))") }
    public func logSoftmax(dim: Int) throws -> Tensor {
        try check(ct_log_softmax(handle, Int64(dim)), "log_softmax(dim: \(dim))")
    }

    /// Values limited to [min, max]; a nil bound is open.
    public func clamp(min: Double? = nil, max: Double? = nil) throws -> Tensor {
        try check(ct_clamp(handle, min ?? 0, max ?? 0, min != nil, max != nil), "clamp")
    }

    // MARK: comparisons and logic (results are bool tensors)

    public func eq(_ other: Tensor) throws -> Tensor { try binary(CT_EQ, other, "eq") }
    public func ne(_ other: Tensor) throws -> Tensor { try binary(CT_NE, other, "ne") }
    public func lt(_ other: Tensor) throws -> Tensor { try binary(CT_LT, other, "lt") }
    public func le(_ other: Tensor) throws -> Tensor { try binary(CT_LE, other, "le") }
    public func gt(_ other: Tensor) throws -> Tensor { try binary(CT_GT, other, "gt") }
    public func ge(_ other: Tensor) throws -> Tensor { try binary(CT_GE, other, "ge") }
    public func eq(_ s: Double) throws -> Tensor { try binary(CT_EQ, s, "eq") }
    public func lt(_ s: Double) throws -> Tensor { try binary(CT_LT, s, "lt") }
    public func gt(_ s: Double) throws -> Tensor { try binary(CT_GT, s, "gt") }
    public func ge(_ s: Double) throws -> Tensor { try binary(CT_GE, s, "ge") }
    public func le(_ s: Double) throws -> Tensor { try binary(CT_LE, s, "le") }
    public func logicalAnd(_ other: Tensor) throws -> Tensor { try binary(CT_LOGICAL_AND, other, "logical_and") }
    public func logicalOr(_ other: Tensor) throws -> Tensor { try binary(CT_LOGICAL_OR, other, "logical_or") }
    public func logicalNot() throws -> Tensor { try unary(CT_LOGICAL_NOT, "logical_not") }
    public func isFinite() throws -> Tensor { try unary(CT_ISFINITE, "isfinite") }

    /// Elements of `a` where `condition` holds, else of `b`.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        try check(ct_where(condition.handle, a.handle, b.handle), "where")
    }

    /// `self` with `value` wherever `mask` is true.
    public func maskedFill(_ mask: Tensor, value: Double) throws -> Tensor {
        try check(ct_masked_fill(handle, mask.handle, value), "masked_fill")
    }
}
