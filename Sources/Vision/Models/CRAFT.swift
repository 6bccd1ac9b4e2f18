import Torch
import Train

/// CRAFT's two-convolution decoder block: 1x1 to `middle` channels, 3x3 to `out`, each with batch
/// norm and ReLU (clovaai/CRAFT-pytorch `double_conv`).
final class DoubleConv: Module {
    let body: Sequential
    var isTraining = true

    init(_ inChannels: Int, middle: Int, out: Int) throws {
        body = Sequential([try Conv2d(inChannels, middle, kernel: 1), try BatchNorm2d(middle), ReLU(),
                           try Conv2d(middle, out, kernel: 3, padding: 1), try BatchNorm2d(out), ReLU()])
    }

    var children: [(name: String, module: any Module)] { [("conv", body)] }
    func forward(_ x: Tensor) throws -> Tensor { try body.forward(x) }
}

/// CRAFT with a ResNet encoder and a U-Net style decoder: starting from C5, each step upsamples
/// (bilinear) to the next shallower stage, concatenates it and applies a `DoubleConv`; a fourth
/// step upsamples to 1/2 of the input. A small convolutional classifier then predicts two maps
/// at half resolution: the character region score and the affinity score (N, 2, H/2, W/2),
/// unbounded regressions of the Gaussian heatmaps, as in the original.
public final class CRAFT: Module {
    public let encoder: ResNet
    let decoder: [DoubleConv]
    let classifier: Sequential
    public var isTraining = true

    /// `decoderChannels`: the output channels of the four decoder steps, deepest first
    /// (CRAFT: 256, 128, 64, 32).
    public init(encoder: ResNet, decoderChannels: [Int]) throws {
        precondition(decoderChannels.count == 4, "CRAFT has four decoder steps")
        self.encoder = encoder
        let c = encoder.stageChannels, d = decoderChannels
        decoder = [
            try DoubleConv(c[3] + c[2], middle: 2 * d[0], out: d[0]),
            try DoubleConv(d[0] + c[1], middle: 2 * d[1], out: d[1]),
            try DoubleConv(d[1] + c[0], middle: 2 * d[2], out: d[2]),
            try DoubleConv(d[2], middle: 2 * d[3], out: d[3]),
        ]
        let last = d[3], half = Swift.max(1, last / 2)
        classifier = Sequential([
            try Conv2d(last, last, kernel: 3, padding: 1), ReLU(),
            try Conv2d(last, last, kernel: 3, padding: 1), ReLU(),
            try Conv2d(last, half, kernel: 3, padding: 1), ReLU(),
            try Conv2d(half, half, kernel: 1), ReLU(),
            try Conv2d(half, 2, kernel: 1),
        ])
        try heInitialise(Sequential(decoder + [classifier]))
    }

    public var children: [(name: String, module: any Module)] {
        var out: [(name: String, module: any Module)] = [("backbone", encoder)]
        for (i, block) in decoder.enumerated() { out.append(("upconv\(i + 1)", block)) }
        out.append(("conv_cls", classifier))
        return out
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        let f = try encoder.features(x)
        var y = f[3]
        for (block, skip) in zip(decoder.prefix(3), [f[2], f[1], f[0]]) {
            y = try y.interpolate(size: (skip.shape[2], skip.shape[3]), mode: .bilinear)
            y = try block.forward(Tensor.cat([y, skip], dim: 1))
        }
        y = try y.interpolate(size: (x.shape[2] / 2, x.shape[3] / 2), mode: .bilinear)
        return try classifier.forward(decoder[3].forward(y))
    }
}
