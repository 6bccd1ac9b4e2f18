import Torch

/// A ResNet residual block: BasicBlock (two 3x3 convs) or Bottleneck (1x1, 3x3, 1x1 with 4x
/// expansion), with torchvision's parameter names.
public final class ResidualBlock: Module {
    public enum Kind: Sendable { case basic, bottleneck
        /// Output channels per unit of block width.
        public var expansion: Int { self == .basic ? 1 : 4 }
    }

    let convs: [Conv2d], norms: [BatchNorm2d]
    let downsample: Sequential?
    public var isTraining = true

    public init(_ kind: Kind, inChannels: Int, width: Int, stride: Int) throws {
        let out = width * kind.expansion
        switch kind {
        case .basic:
            convs = [try Conv2d(inChannels, width, kernel: 3, stride: stride, padding: 1, bias: false),
                     try Conv2d(width, width, kernel: 3, padding: 1, bias: false)]
        case .bottleneck:
            convs = [try Conv2d(inChannels, width, kernel: 1, bias: false),
                     try Conv2d(width, width, kernel: 3, stride: stride, padding: 1, bias: false),
                     try Conv2d(width, out, kernel: 1, bias: false)]
        }
        norms = try convs.map { try BatchNorm2d($0.weight.shape[0]) }
        downsample = stride != 1 || inChannels != out
            ? Sequential([try Conv2d(inChannels, out, kernel: 1, stride: stride, bias: false), try BatchNorm2d(out)])
            : nil
    }

    public var children: [(name: String, module: any Module)] {
        var out: [(name: String, module: any Module)] = []
        for i in convs.indices { out += [("conv\(i + 1)", convs[i]), ("bn\(i + 1)", norms[i])] }
        if let downsample { out.append(("downsample", downsample)) }
        return out
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        var y = x
        for i in convs.indices {
            y = try norms[i].forward(convs[i].forward(y))
            if i < convs.count - 1 { y = try y.relu() }
        }
        let identity = try downsample?.forward(x) ?? x
        return try (y + identity).relu()
    }
}

/// A ResNet encoder (stem, four stages) with an optional classification head, named as
/// torchvision names it (`conv1`, `bn1`, `layer1.0.conv1`, `fc`) so pretrained weights load.
/// `widthMultiplier` scales every stage's width (0.25 makes CPU-sized runs possible).
///
/// The stem is ImageNet's (7x7 convolution with stride 2, then 3x3 max pooling with stride 2:
/// stage strides 4, 8, 16, 32) or, for small images such as 28x28 or 32x32, the CIFAR
/// variant of He et al. 2016 (one 3x3 convolution with stride 1 and no pooling: stage strides 1,
/// 2, 4, 8), which keeps a 28x28 image at 4x4 in the last stage instead of 1x1.
public final class ResNet: Module {
    public enum Stem: String, Sendable, CaseIterable {
        case imagenet, small
    }

    let stem: Conv2d, stemNorm: BatchNorm2d
    public let stemKind: Stem
    let stages: [Sequential]
    let head: Linear?
    /// Channels of each stage's output (for decoders such as DBNet's FPN).
    public let stageChannels: [Int]
    public var isTraining = true

    public init(kind: ResidualBlock.Kind, blocks: [Int], widthMultiplier: Double = 1, inChannels: Int = 3,
                numClasses: Int? = nil, stem stemKind: Stem = .imagenet) throws {
        let widths = [64, 128, 256, 512].map { Swift.max(4, Int((Double($0) * widthMultiplier).rounded())) }
        let stemWidth = widths[0]
        self.stemKind = stemKind
        stem = stemKind == .imagenet
            ? try Conv2d(inChannels, stemWidth, kernel: 7, stride: 2, padding: 3, bias: false)
            : try Conv2d(inChannels, stemWidth, kernel: 3, stride: 1, padding: 1, bias: false)
        stemNorm = try BatchNorm2d(stemWidth)
        var channels = stemWidth
        var stages: [Sequential] = []
        for (index, (width, count)) in zip(widths, blocks).enumerated() {
            var layers: [any Module] = []
            for b in 0..<count {
                let block = try ResidualBlock(kind, inChannels: channels, width: width, stride: b == 0 && index > 0 ? 2 : 1)
                channels = width * kind.expansion
                layers.append(block)
            }
            stages.append(Sequential(layers))
        }
        self.stages = stages
        stageChannels = widths.map { $0 * kind.expansion }
        head = try numClasses.map { try Linear(channels, $0) }
        // torchvision's initialisation: He normal (fan_out) for convolutions.
        for (name, p) in namedParameters() where p.rank == 4 && name.hasSuffix("weight") {
            let s = p.shape
            try p.normal_(mean: 0, std: (2.0 / Double(s[0] * s[2] * s[3])).squareRoot())
        }
    }

    /// ResNet-18 (BasicBlock, 2-2-2-2).
    public static func resnet18(widthMultiplier: Double = 1, inChannels: Int = 3, numClasses: Int? = nil,
                                stem: Stem = .imagenet) throws -> ResNet {
        try ResNet(kind: .basic, blocks: [2, 2, 2, 2], widthMultiplier: widthMultiplier, inChannels: inChannels,
                   numClasses: numClasses, stem: stem)
    }

    /// ResNet-50 (Bottleneck, 3-4-6-3).
    public static func resnet50(widthMultiplier: Double = 1, inChannels: Int = 3, numClasses: Int? = nil,
                                stem: Stem = .imagenet) throws -> ResNet {
        try ResNet(kind: .bottleneck, blocks: [3, 4, 6, 3], widthMultiplier: widthMultiplier, inChannels: inChannels,
                   numClasses: numClasses, stem: stem)
    }

    public var children: [(name: String, module: any Module)] {
        var out: [(name: String, module: any Module)] = [("conv1", stem), ("bn1", stemNorm)]
        for (i, stage) in stages.enumerated() { out.append(("layer\(i + 1)", stage)) }
        if let head { out.append(("fc", head)) }
        return out
    }

    /// The outputs of the four stages (strides 4, 8, 16, 32; 1, 2, 4, 8 with the small stem).
    public func features(_ x: Tensor) throws -> [Tensor] {
        var y = try stemNorm.forward(stem.forward(x)).relu()
        if stemKind == .imagenet { y = try y.maxPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1)) }
        var out: [Tensor] = []
        for stage in stages {
            y = try stage.forward(y)
            out.append(y)
        }
        return out
    }

    /// Class logits when the model has a head, else the last stage's features.
    public func forward(_ x: Tensor) throws -> Tensor {
        let last = try features(x).last!
        guard let head else { return last }
        return try head.forward(last.adaptiveAvgPool2d((1, 1)).flatten(start: 1))
    }
}
