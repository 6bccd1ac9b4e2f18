import Torch

/// Parameter-free layers and the sequential container.
public final class ReLU: Module {
    public var isTraining = true
    public init() {}
    public func forward(_ x: Tensor) throws -> Tensor { try x.relu() }
}

public final class Sigmoid: Module {
    public var isTraining = true
    public init() {}
    public func forward(_ x: Tensor) throws -> Tensor { try x.sigmoid() }
}

public final class MaxPool2d: Module {
    public let kernel: Int, stride: Int, padding: Int
    public var isTraining = true
    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernel = kernel; self.stride = stride ?? kernel; self.padding = padding
    }
    public func forward(_ x: Tensor) throws -> Tensor {
        try x.maxPool2d(kernel: (kernel, kernel), stride: (stride, stride), padding: (padding, padding))
    }
}

public final class AvgPool2d: Module {
    public let kernel: Int, stride: Int
    public var isTraining = true
    public init(kernel: Int, stride: Int? = nil) { self.kernel = kernel; self.stride = stride ?? kernel }
    public func forward(_ x: Tensor) throws -> Tensor {
        try x.avgPool2d(kernel: (kernel, kernel), stride: (stride, stride))
    }
}

public final class AdaptiveAvgPool2d: Module {
    public let size: (Int, Int)
    public var isTraining = true
    public init(_ size: (Int, Int) = (1, 1)) { self.size = size }
    public func forward(_ x: Tensor) throws -> Tensor { try x.adaptiveAvgPool2d(size) }
}

/// Flattens all dimensions after the batch one.
public final class Flatten: Module {
    public var isTraining = true
    public init() {}
    public func forward(_ x: Tensor) throws -> Tensor { try x.flatten(start: 1) }
}

/// Resamples by a scale factor.
public final class Upsample: Module {
    public let scale: Double, mode: Tensor.InterpolationMode, alignCorners: Bool
    public var isTraining = true
    public init(scale: Double, mode: Tensor.InterpolationMode = .nearest, alignCorners: Bool = false) {
        self.scale = scale; self.mode = mode; self.alignCorners = alignCorners
    }
    public func forward(_ x: Tensor) throws -> Tensor { try x.interpolate(scale: scale, mode: mode, alignCorners: alignCorners) }
}

/// Applies its layers in order; they are named "0", "1", ... as in PyTorch.
public final class Sequential: Module {
    public let layers: [any Module]
    public var isTraining = true
    public init(_ layers: [any Module]) { self.layers = layers }
    public var children: [(name: String, module: any Module)] { layers.enumerated().map { (String($0.offset), $0.element) } }
    public func forward(_ x: Tensor) throws -> Tensor {
        var y = x
        for layer in layers { y = try layer.forward(y) }
        return y
    }
}
