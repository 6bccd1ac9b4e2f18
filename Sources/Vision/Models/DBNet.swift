import Torch
import Train

/// DBNet (and DBNet++ with adaptive scale fusion): a ResNet encoder, the FPN neck and the DB head.
/// Input images must have sides divisible by 32. See `DBHead.forward` for the outputs.
public final class DBNet: Module {
    public let encoder: ResNet
    public let neck: FPNNeck
    public let head: DBHead
    public var isTraining = true

    public init(encoder: ResNet, innerChannels: Int, k: Double = 50, adaptive: Bool = true,
                adaptiveScaleFusion: AdaptiveScaleFusion.Settings? = nil) throws {
        self.encoder = encoder
        neck = try FPNNeck(inChannels: encoder.stageChannels, innerChannels: innerChannels, adaptiveScaleFusion: adaptiveScaleFusion)
        head = try DBHead(channels: innerChannels, k: k, adaptive: adaptive)
    }

    public var children: [(name: String, module: any Module)] {
        [("backbone", encoder), ("neck", neck), ("head", head)]
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try head.forward(neck.fuse(encoder.features(x)))
    }
}
