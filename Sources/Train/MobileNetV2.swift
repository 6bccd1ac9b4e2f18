import Torch

/// A convolution, batch normalisation and (optionally) ReLU6: torchvision's
/// `Conv2dNormActivation` as MobileNetV2 uses it (children `0` conv, `1` norm).
final class ConvNormReLU6: Module {
    let conv: Conv2d, norm: BatchNorm2d
    let activation: Bool
    var isTraining = true

    init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, groups: Int = 1, activation: Bool = true) throws {
        conv = try Conv2d(inChannels, outChannels, kernel: kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: false)
        norm = try BatchNorm2d(outChannels)
        self.activation = activation
    }

    var children: [(name: String, module: any Module)] { [("0", conv), ("1", norm)] }

    func forward(_ x: Tensor) throws -> Tensor {
        let y = try norm.forward(conv.forward(x))
        return activation ? try y.clamp(min: 0, max: 6) : y
    }
}

/// MobileNetV2's inverted residual block: 1x1 expansion (when the ratio is not 1), 3x3
/// depthwise convolution, linear 1x1 projection, with a residual connection when the stride is
/// 1 and the channels match. Children as torchvision names them (`conv.0`, `conv.1`, ...).
final class InvertedResidual: Module {
    let conv: Sequential
    let residual: Bool
    var isTraining = true

    init(_ inChannels: Int, _ outChannels: Int, stride: Int, expandRatio: Int) throws {
        let hidden = inChannels * expandRatio
        var layers: [any Module] = []
        if expandRatio != 1 { layers.append(try ConvNormReLU6(inChannels, hidden, kernel: 1)) }
        layers += [try ConvNormReLU6(hidden, hidden, kernel: 3, stride: stride, groups: hidden),
                   try Conv2d(hidden, outChannels, kernel: 1, bias: false), try BatchNorm2d(outChannels)]
        conv = Sequential(layers)
        residual = stride == 1 && inChannels == outChannels
    }

    var children: [(name: String, module: any Module)] { [("conv", conv)] }

    func forward(_ x: Tensor) throws -> Tensor {
        let y = try conv.forward(x)
        return residual ? try x + y : y
    }
}

/// MobileNetV2 (Sandler et al. 2018) as torchvision builds it: a stride-2 3x3 stem of 32
/// channels, 17 inverted residual blocks (t, c, n, s) = (1,16,1,1) (6,24,2,2) (6,32,3,2)
/// (6,64,4,2) (6,96,3,1) (6,160,3,2) (6,320,1,1), a 1x1 convolution to 1280 channels, global
/// average pooling and a linear classifier (`features.*`, `classifier.1`). `widthMultiplier`
/// scales every width, rounded to a multiple of 8 (torchvision's `_make_divisible`); the last
/// convolution keeps 1280 channels below 1.0. The small stem (`ResNet.Stem.small`) gives the
/// first convolution stride 1 for 28x28 and 32x32 images. Unlike torchvision there is no dropout
/// before the classifier (the training core has no dropout yet).
public final class MobileNetV2: Module {
    let features: Sequential
    let classifier: Linear
    public var isTraining = true

    /// `v` scaled to a multiple of 8, at least 8, and not below 90% of `v`.
    static func divisible(_ v: Double, by divisor: Int = 8) -> Int {
        var rounded = Swift.max(divisor, Int(v + Double(divisor) / 2) / divisor * divisor)
        if Double(rounded) < 0.9 * v { rounded += divisor }
        return rounded
    }

    public init(widthMultiplier: Double = 1, inChannels: Int = 3, numClasses: Int = 1000, stem: ResNet.Stem = .imagenet) throws {
        let settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
        var channels = Self.divisible(32 * widthMultiplier)
        let lastChannels = Self.divisible(1280 * Swift.max(1, widthMultiplier))
        var layers: [any Module] = [try ConvNormReLU6(inChannels, channels, kernel: 3, stride: stem == .imagenet ? 2 : 1)]
        for (t, c, n, s) in settings {
            let out = Self.divisible(Double(c) * widthMultiplier)
            for i in 0..<n {
                layers.append(try InvertedResidual(channels, out, stride: i == 0 ? s : 1, expandRatio: t))
                channels = out
            }
        }
        layers.append(try ConvNormReLU6(channels, lastChannels, kernel: 1))
        features = Sequential(layers)
        classifier = try Linear(lastChannels, numClasses)
        // torchvision's initialisation: He normal (fan_out) convolutions, N(0, 0.01) linear weights, zero biases.
        for (name, p) in namedParameters() where name.hasSuffix("weight") && p.rank == 4 {
            let s = p.shape
            try p.normal_(mean: 0, std: (2.0 / Double(s[0] * s[2] * s[3])).squareRoot())
        }
        try classifier.weight.normal_(mean: 0, std: 0.01)
        try classifier.bias?.zero_()
    }

    public var children: [(name: String, module: any Module)] { [("features", features), ("classifier.1", classifier)] }

    public func forward(_ x: Tensor) throws -> Tensor {
        try classifier.forward(features.forward(x).adaptiveAvgPool2d((1, 1)).flatten(start: 1))
    }
}
