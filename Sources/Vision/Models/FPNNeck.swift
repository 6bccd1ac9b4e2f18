import Torch
import Train

/// DBNet's feature-pyramid neck: 1x1 lateral convolutions bring the encoder's C2..C5 to
/// `innerChannels`; a top-down pass adds each upsampled (nearest, x2) level to the one below;
/// each level then goes through a 3x3 convolution to `innerChannels / 4` and is upsampled to
/// 1/4 of the input. The four maps are concatenated (deepest first: P5, P4, P3, P2), or with
/// adaptive scale fusion (DBNet++) weighted by learned scale attention first.
public final class FPNNeck: Module {
    let laterals: [Conv2d]
    let smooths: [Conv2d]
    let fusion: AdaptiveScaleFusion?
    public let innerChannels: Int
    public var isTraining = true

    /// `inChannels` are the encoder's C2..C5 channels.
    public init(inChannels: [Int], innerChannels: Int, adaptiveScaleFusion: AdaptiveScaleFusion.Settings? = nil) throws {
        precondition(inChannels.count == 4, "FPNNeck expects four encoder stages")
        precondition(innerChannels % 4 == 0, "FPNNeck needs inner channels divisible by 4")
        self.innerChannels = innerChannels
        laterals = try inChannels.map { try Conv2d($0, innerChannels, kernel: 1, bias: false) }
        smooths = try inChannels.map { _ in try Conv2d(innerChannels, innerChannels / 4, kernel: 3, padding: 1, bias: false) }
        fusion = try adaptiveScaleFusion.map { try AdaptiveScaleFusion(channels: innerChannels, levels: 4, settings: $0) }
        try heInitialise(self)
    }

    public var children: [(name: String, module: any Module)] {
        var out: [(name: String, module: any Module)] = []
        for (i, c) in laterals.enumerated() { out.append(("in\(i + 2)", c)) }
        for (i, c) in smooths.enumerated() { out.append(("out\(i + 2)", c)) }
        if let fusion { out.append(("asf", fusion)) }
        return out
    }

    /// Fuses the encoder's four stage outputs into one map at the resolution of C2.
    public func fuse(_ features: [Tensor]) throws -> Tensor {
        precondition(features.count == 4, "FPNNeck expects four encoder stages")
        let lateral = try zip(laterals, features).map { try $0.forward($1) }
        // Top-down: out5 = in5, out4 = up(out5) + in4, ...
        var merged = [Tensor?](repeating: nil, count: 4)
        merged[3] = lateral[3]
        for level in stride(from: 2, through: 0, by: -1) {
            let upper = try merged[level + 1]!.interpolate(size: (lateral[level].shape[2], lateral[level].shape[3]), mode: .nearest)
            merged[level] = try upper + lateral[level]
        }
        let size = (lateral[0].shape[2], lateral[0].shape[3])
        // Deepest first, as DBNet concatenates (p5, p4, p3, p2).
        let pyramid = try (0..<4).reversed().map { level -> Tensor in
            let smoothed = try smooths[level].forward(merged[level]!)
            return level == 0 ? smoothed : try smoothed.interpolate(size: size, mode: .nearest)
        }
        let concatenated = try Tensor.cat(pyramid, dim: 1)
        guard let fusion else { return concatenated }
        return try fusion.fuse(concatenated, levels: pyramid)
    }

    /// The neck takes four maps, not one: use `fuse(_:)`. (`Module` asks for a one-input forward.)
    public func forward(_ x: Tensor) throws -> Tensor {
        throw VisionError.invalidArgument("FPNNeck takes the encoder's four stage outputs: call fuse(_:), not forward(_:).")
    }
}
