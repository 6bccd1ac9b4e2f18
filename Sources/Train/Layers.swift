import Foundation
import Torch

/// PyTorch's default initialisation for conv and linear layers: weights uniform in
/// ±gain·√(3/fan_in) with gain √(2/(1+a²)), a = √5 (that is ±1/√fan_in), biases uniform in ±1/√fan_in.
func defaultInit(weight: Tensor, bias: Tensor?, fanIn: Int) throws {
    let a = 5.0.squareRoot()
    let gain = (2.0 / (1 + a * a)).squareRoot()
    let bound = 3.0.squareRoot() * (gain / Double(fanIn).squareRoot())
    try weight.uniform_(-bound, bound)
    if let bias {
        let b = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
        try bias.uniform_(-b, b)
    }
}

/// 2-D convolution layer (`weight`, optional `bias`).
public final class Conv2d: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), groups: Int
    public var isTraining = true

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                dilation: Int = 1, groups: Int = 1, bias: Bool = true) throws {
        weight = try parameter([outChannels, inChannels / groups, kernel, kernel])
        self.bias = bias ? try parameter([outChannels]) : nil
        self.stride = (stride, stride); self.padding = (padding, padding)
        self.dilation = (dilation, dilation); self.groups = groups
        try defaultInit(weight: weight, bias: self.bias, fanIn: inChannels / groups * kernel * kernel)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try x.conv2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }
}

/// Transposed 2-D convolution layer.
public final class ConvTranspose2d: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: (Int, Int), padding: (Int, Int), outputPadding: (Int, Int)
    public var isTraining = true

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                outputPadding: Int = 0, bias: Bool = true) throws {
        weight = try parameter([inChannels, outChannels, kernel, kernel])
        self.bias = bias ? try parameter([outChannels]) : nil
        self.stride = (stride, stride); self.padding = (padding, padding); self.outputPadding = (outputPadding, outputPadding)
        // PyTorch computes fan_in from dim 1 of the weight for transposed convolutions.
        try defaultInit(weight: weight, bias: self.bias, fanIn: outChannels * kernel * kernel)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try x.convTranspose2d(weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding)
    }
}

/// Fully connected layer: `x @ weight.T + bias`.
public final class Linear: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public var isTraining = true

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        weight = try parameter([outFeatures, inFeatures])
        self.bias = bias ? try parameter([outFeatures]) : nil
        try defaultInit(weight: weight, bias: self.bias, fanIn: inFeatures)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func forward(_ x: Tensor) throws -> Tensor { try x.linear(weight: weight, bias: bias) }
}

/// Batch normalisation over NCHW channels, with running statistics and an int64
/// `num_batches_tracked` buffer as PyTorch keeps them.
public final class BatchNorm2d: Module {
    public let weight: Tensor, bias: Tensor
    public let runningMean: Tensor, runningVar: Tensor, numBatchesTracked: Tensor
    public let eps: Double, momentum: Double
    public var isTraining = true

    public init(_ features: Int, eps: Double = 1e-5, momentum: Double = 0.1) throws {
        weight = try Tensor.ones([features]).requiringGrad()
        bias = try parameter([features])
        runningMean = try Tensor.zeros([features])
        runningVar = try Tensor.ones([features])
        numBatchesTracked = try Tensor.zeros([], dtype: .int64)
        self.eps = eps; self.momentum = momentum
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }
    public var ownBuffers: [(name: String, tensor: Tensor)] {
        [("running_mean", runningMean), ("running_var", runningVar), ("num_batches_tracked", numBatchesTracked)]
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        if isTraining { try numBatchesTracked.add_(1) }
        return try x.batchNorm(weight: weight, bias: bias, runningMean: runningMean, runningVar: runningVar,
                               training: isTraining, momentum: momentum, eps: eps)
    }
}
