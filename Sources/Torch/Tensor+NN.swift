import CTorch

/// Matrix products, convolutions, normalisation, pooling and resampling (NCHW layout).
extension Tensor {
    /// Matrix product with libtorch's broadcasting rules.
    public func matmul(_ other: Tensor) throws -> Tensor {
        try check(ct_matmul(handle, other.handle), "matmul of \(shape) and \(other.shape)")
    }

    /// `self @ weight.T + bias`.
    public func linear(weight: Tensor, bias: Tensor?) throws -> Tensor {
        try check(ct_linear(handle, weight.handle, bias?.handle), "linear")
    }

    /// 2-D convolution of an NCHW input with an (out, in/groups, kh, kw) weight.
    public func conv2d(
        weight: Tensor, bias: Tensor?, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        dilation: (Int, Int) = (1, 1), groups: Int = 1
    ) throws -> Tensor {
        let s = [Int64(stride.0), Int64(stride.1)], p = [Int64(padding.0), Int64(padding.1)]
        let d = [Int64(dilation.0), Int64(dilation.1)]
        return try check(ct_conv2d(handle, weight.handle, bias?.handle, s, p, d, Int64(groups)),
                         "conv2d of \(shape) with weight \(weight.shape)")
    }

    /// Transposed 2-D convolution with an (in, out/groups, kh, kw) weight.
    public func convTranspose2d(
        weight: Tensor, bias: Tensor?, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        outputPadding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1
    ) throws -> Tensor {
        let s = [Int64(stride.0), Int64(stride.1)], p = [Int64(padding.0), Int64(padding.1)]
        let o = [Int64(outputPadding.0), Int64(outputPadding.1)], d = [Int64(dilation.0), Int64(dilation.1)]
        return try check(ct_conv_transpose2d(handle, weight.handle, bias?.handle, s, p, o, d, Int64(groups)),
                         "conv_transpose2d of \(shape) with weight \(weight.shape)")
    }

    /// Batch normalisation. In training mode batch statistics are used and the running
    /// statistics (when given) are updated in place with `momentum`; in eval mode the running
    /// statistics are used.
    public func batchNorm(
        weight: Tensor?, bias: Tensor?, runningMean: Tensor?, runningVar: Tensor?,
        training: Bool, momentum: Double = 0.1, eps: Double = 1e-5
    ) throws -> Tensor {
        try check(ct_batch_norm(handle, weight?.handle, bias?.handle, runningMean?.handle, runningVar?.handle,
                                training, momentum, eps), "batch_norm of \(shape)")
    }

    /// Max pooling; `stride` defaults to the kernel size.
    public func maxPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
                          ceilMode: Bool = false) throws -> Tensor {
        let st = stride ?? kernel
        let k = [Int64(kernel.0), Int64(kernel.1)], s = [Int64(st.0), Int64(st.1)]
        let p = [Int64(padding.0), Int64(padding.1)]
        return try check(ct_max_pool2d(handle, k, s, p, ceilMode), "max_pool2d of \(shape)")
    }

    /// Average pooling; `stride` defaults to the kernel size.
    public func avgPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
                          ceilMode: Bool = false, countIncludePad: Bool = true) throws -> Tensor {
        let st = stride ?? kernel
        let k = [Int64(kernel.0), Int64(kernel.1)], s = [Int64(st.0), Int64(st.1)]
        let p = [Int64(padding.0), Int64(padding.1)]
        return try check(ct_avg_pool2d(handle, k, s, p, ceilMode, countIncludePad), "avg_pool2d of \(shape)")
    }

    /// Adaptive average pooling to an output size.
    public func adaptiveAvgPool2d(_ size: (Int, Int)) throws -> Tensor {
        try check(ct_adaptive_avg_pool2d(handle, [Int64(size.0), Int64(size.1)]), "adaptive_avg_pool2d of \(shape)")
    }

    /// Adaptive max pooling to an output size.
    public func adaptiveMaxPool2d(_ size: (Int, Int)) throws -> Tensor {
        try check(ct_adaptive_max_pool2d(handle, [Int64(size.0), Int64(size.1)]), "adaptive_max_pool2d of \(shape)")
    }

    /// Resampling modes for `interpolate`.
    public enum InterpolationMode: Int32, Sendable { case nearest = 0, bilinear = 1 }

    /// Resamples an NCHW tensor to `size` (height, width).
    public func interpolate(size: (Int, Int), mode: InterpolationMode, alignCorners: Bool = false) throws -> Tensor {
        try check(ct_interpolate(handle, [Int64(size.0), Int64(size.1)], mode.rawValue, alignCorners),
                  "interpolate of \(shape) to \(size)")
    }

    /// Resamples an NCHW tensor by a scale factor (output size = floor(input * scale)).
    public func interpolate(scale: Double, mode: InterpolationMode, alignCorners: Bool = false) throws -> Tensor {
        let s = shape
        precondition(s.count == 4, "interpolate(scale:) expects an NCHW tensor")
        let size = (Int((Double(s[2]) * scale).rounded(.down)), Int((Double(s[3]) * scale).rounded(.down)))
        return try interpolate(size: size, mode: mode, alignCorners: alignCorners)
    }
}
