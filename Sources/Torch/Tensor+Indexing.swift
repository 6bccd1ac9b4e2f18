import CTorch

/// Shapes, indexing, slicing and joining.
extension Tensor {
    /// The same elements in another shape (-1 infers one dimension).
    public func reshape(_ shape: [Int]) throws -> Tensor {
        let s = shape.map(Int64.init)
        return try check(ct_reshape(handle, s, Int32(s.count)), "reshape \(self.shape) to \(shape)")
    }

    /// Dimensions reordered.
    public func permute(_ dims: [Int]) throws -> Tensor {
        let d = dims.map(Int64.init)
        return try check(ct_permute(handle, d, Int32(d.count)), "permute \(shape) by \(dims)")
    }

    /// Two dimensions swapped.
    public func transpose(_ d0: Int, _ d1: Int) throws -> Tensor {
        try check(ct_transpose(handle, Int64(d0), Int64(d1)), "transpose(\(d0), \(d1)) of \(shape)")
    }

    /// Dimensions `start...end` merged into one.
    public func flatten(start: Int = 0, end: Int = -1) throws -> Tensor {
        try check(ct_flatten(handle, Int64(start), Int64(end)), "flatten(\(start), \(end)) of \(shape)")
    }

    public func unsqueeze(_ dim: Int) throws -> Tensor { try check(ct_unsqueeze(handle, Int64(dim)), "unsqueeze(\(dim))") }
    public func squeeze(_ dim: Int) throws -> Tensor { try check(ct_squeeze(handle, Int64(dim)), "squeeze(\(dim))") }

    /// The slice at `index` along `dim`, with that dimension removed.
    public func select(dim: Int, index: Int) throws -> Tensor {
        try check(ct_select(handle, Int64(dim), Int64(index)), "select(dim: \(dim), index: \(index)) of \(shape)")
    }

    /// Elements `start..<end` by `step` along `dim` (a view).
    public func slice(dim: Int, start: Int = 0, end: Int = Int(Int64.max), step: Int = 1) throws -> Tensor {
        try check(ct_slice(handle, Int64(dim), Int64(start), Int64(end), Int64(step)),
                  "slice(dim: \(dim), \(start)..<\(end), step: \(step)) of \(shape)")
    }

    /// The first-dimension slice at `index` (a view).
    public subscript(index: Int) -> Tensor {
        get throws { try select(dim: 0, index: index) }
    }

    /// Entries along `dim` at the int64 `index`.
    public func indexSelect(dim: Int, index: Tensor) throws -> Tensor {
        try check(ct_index_select(handle, Int64(dim), index.handle), "index_select(dim: \(dim)) of \(shape)")
    }

    /// Values gathered along `dim` at the int64 `index`.
    public func gather(dim: Int, index: Tensor) throws -> Tensor {
        try check(ct_gather(handle, Int64(dim), index.handle), "gather(dim: \(dim)) of \(shape)")
    }

    /// One-hot encoding of int64 class indices.
    public func oneHot(classes: Int) throws -> Tensor {
        try check(ct_one_hot(handle, Int64(classes)), "one_hot(classes: \(classes))")
    }

    /// Tensors joined along an existing dimension.
    public static func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        try withExtendedLifetime(tensors) {
            let handles: [OpaquePointer?] = tensors.map { $0.handle }
            return try check(ct_cat(handles, Int32(handles.count), Int64(dim)), "cat of \(tensors.map(\.shape))")
        }
    }

    /// Tensors joined along a new dimension.
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        try withExtendedLifetime(tensors) {
            let handles: [OpaquePointer?] = tensors.map { $0.handle }
            return try check(ct_stack(handles, Int32(handles.count), Int64(dim)), "stack of \(tensors.map(\.shape))")
        }
    }
}
