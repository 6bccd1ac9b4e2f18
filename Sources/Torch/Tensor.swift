import CTorch

/// An n-dimensional array held by libtorch. The object owns its libtorch handle and frees it
/// when the last reference goes; the handle itself is never exposed.
///
/// Operations return new tensors and throw `TorchError` with libtorch's message when libtorch
/// rejects them (mismatched shapes, wrong types ...).
public final class Tensor: @unchecked Sendable {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) { self.handle = handle }
    deinit { ct_free(handle) }

    // MARK: creation

    /// A tensor filled with zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        let s = shape.map(Int64.init)
        return try check(ct_zeros(s, Int32(s.count), dtype.rawValue), "zeros(\(shape))")
    }

    /// A tensor filled with ones.
    public static func ones(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        let s = shape.map(Int64.init)
        return try check(ct_ones(s, Int32(s.count), dtype.rawValue), "ones(\(shape))")
    }

    /// A tensor filled with one value.
    public static func full(_ shape: [Int], value: Double, dtype: DType = .float32) throws -> Tensor {
        let s = shape.map(Int64.init)
        return try check(ct_full(s, Int32(s.count), value, dtype.rawValue), "full(\(shape))")
    }

    /// Standard normal samples from the default generator (see `Torch.manualSeed`).
    public static func randn(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        let s = shape.map(Int64.init)
        return try check(ct_randn(s, Int32(s.count), dtype.rawValue), "randn(\(shape))")
    }

    /// Uniform samples in [0, 1) from the default generator.
    public static func rand(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        let s = shape.map(Int64.init)
        return try check(ct_rand(s, Int32(s.count), dtype.rawValue), "rand(\(shape))")
    }

    /// Integers uniform in [low, high), as int64.
    public static func randint(low: Int, high: Int, _ shape: [Int]) throws -> Tensor {
        let s = shape.map(Int64.init)
        return try check(ct_randint(Int64(low), Int64(high), s, Int32(s.count)), "randint(\(low), \(high))")
    }

    /// A random permutation of 0..<n, as int64.
    public static func randperm(_ n: Int) throws -> Tensor {
        try check(ct_randperm(Int64(n)), "randperm(\(n))")
    }

    /// Values from `start` up to (excluding) `end` by `step`.
    public static func arange(_ start: Double, _ end: Double, step: Double = 1, dtype: DType = .float32) throws -> Tensor {
        try check(ct_arange(start, end, step, dtype.rawValue), "arange(\(start), \(end), \(step))")
    }

    /// A tensor holding a copy of `values`, laid out row-major in `shape` (default: 1-D).
    public convenience init<T: TensorElement>(_ values: [T], shape: [Int]? = nil) throws {
        let s = (shape ?? [values.count]).map(Int64.init)
        let pointer = values.withUnsafeBytes { bytes in
            ct_from_data(bytes.baseAddress, Int64(bytes.count), s, Int32(s.count), T.dtype.rawValue)
        }
        guard let pointer else { throw TorchError.last("Tensor(\(values.count) values, shape \(s))") }
        self.init(owning: pointer)
    }

    /// A tensor built from raw little-endian bytes of the given type and shape.
    public convenience init(bytes: UnsafeRawBufferPointer, shape: [Int], dtype: DType) throws {
        let s = shape.map(Int64.init)
        guard let pointer = ct_from_data(bytes.baseAddress, Int64(bytes.count), s, Int32(s.count), dtype.rawValue) else {
            throw TorchError.last("Tensor(bytes:, shape \(shape), \(dtype))")
        }
        self.init(owning: pointer)
    }

    /// A scalar (0-dimensional) float tensor.
    public convenience init(scalar: Float) throws {
        try self.init([scalar], shape: [])
    }

    // MARK: properties

    /// Sizes of the dimensions.
    public var shape: [Int] {
        var out = [Int64](repeating: 0, count: 16)
        let n = Int(ct_shape(handle, &out, 16))
        if n > 16 {
            out = [Int64](repeating: 0, count: n)
            _ = ct_shape(handle, &out, Int32(n))
        }
        return out.prefix(n).map(Int.init)
    }

    /// Number of dimensions.
    public var rank: Int { Int(ct_ndim(handle)) }

    /// Number of elements.
    public var count: Int { Int(ct_numel(handle)) }

    /// Element type.
    public var dtype: DType { DType(rawValue: ct_dtype(handle)) ?? .float32 }

    // MARK: copies out

    /// The elements in row-major order; `T` must match the tensor's type.
    public func toArray<T: TensorElement>(_ type: T.Type = T.self) throws -> [T] {
        guard dtype == T.dtype else { throw TorchError.dtypeMismatch(expected: T.dtype, actual: dtype) }
        let n = count
        return try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            try check(ct_copy_data(handle, buffer.baseAddress, Int64(n * T.dtype.byteSize)), "toArray")
            initialized = n
        }
    }

    /// The raw little-endian bytes of the elements in row-major order.
    public func rawBytes() throws -> [UInt8] {
        let n = count * dtype.byteSize
        return try [UInt8](unsafeUninitializedCapacity: n) { buffer, initialized in
            try check(ct_copy_data(handle, buffer.baseAddress, Int64(n)), "rawBytes")
            initialized = n
        }
    }

    /// The value of a one-element tensor.
    public func item() throws -> Double {
        var value = 0.0
        try check(ct_item(handle, &value), "item")
        return value
    }

    /// The value of a one-element tensor as a Float.
    public func float() throws -> Float { Float(try item()) }

    // MARK: conversions

    /// A copy converted to another element type.
    public func to(_ dtype: DType) throws -> Tensor { try check(ct_to_dtype(handle, dtype.rawValue), "to(\(dtype))") }
    /// A copy with its own storage.
    public func clone() throws -> Tensor { try check(ct_clone(handle), "clone") }
    /// The same data, cut from the autograd graph.
    public func detach() throws -> Tensor { try check(ct_detach(handle), "detach") }
    /// The data laid out contiguously.
    public func contiguous() throws -> Tensor { try check(ct_contiguous(handle), "contiguous") }
    /// A tensor of zeros with this one's shape and type.
    public func zerosLike() throws -> Tensor { try check(ct_zeros_like(handle), "zeros_like") }
    /// A tensor of ones with this one's shape and type.
    public func onesLike() throws -> Tensor { try check(ct_ones_like(handle), "ones_like") }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor(\(dtype), shape: \(shape))" }
}
