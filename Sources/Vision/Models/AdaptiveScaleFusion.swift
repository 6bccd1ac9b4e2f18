import Torch
import Train

/// DBNet++'s adaptive scale fusion (MhLiao/DB `ScaleFeatureSelection` with scale-spatial
/// attention): the concatenated pyramid goes through a 3x3 convolution to `channels / 4`; the
/// attention then adds a channel-wise gate (global pooling, two 1x1 convolutions, sigmoid,
/// sigmoid again) to it, adds a spatial gate computed from its channel mean, and maps the result
/// through a 1x1 convolution and a sigmoid to one weight map per pyramid level. Each level is
/// multiplied by its weight map and the levels are concatenated again.
public final class AdaptiveScaleFusion: Module {
    public struct Settings: Sendable, Equatable {
        /// Channels inside the attention (MhLiao/DB: inner_channels / 4).
        public var attentionChannels: Int
        public init(attentionChannels: Int) { self.attentionChannels = attentionChannels }
    }

    let reduce: Conv2d
    let channelGate: Sequential
    let spatialGate: Sequential
    let levelWeights: Conv2d
    public let levels: Int
    public var isTraining = true

    /// `channels`: channels of the concatenated pyramid.
    public init(channels: Int, levels: Int, settings: Settings) throws {
        let inter = settings.attentionChannels
        self.levels = levels
        reduce = try Conv2d(channels, inter, kernel: 3, padding: 1)
        let squeezed = Swift.max(1, inter / 4)
        channelGate = Sequential([AdaptiveAvgPool2d((1, 1)), try Conv2d(inter, squeezed, kernel: 1, bias: false), ReLU(),
                                  try Conv2d(squeezed, inter, kernel: 1, bias: false), Sigmoid()])
        spatialGate = Sequential([try Conv2d(1, 1, kernel: 3, padding: 1, bias: false), ReLU(),
                                  try Conv2d(1, 1, kernel: 1, bias: false), Sigmoid()])
        levelWeights = try Conv2d(inter, levels, kernel: 1, bias: false)
    }

    public var children: [(name: String, module: any Module)] {
        [("conv", reduce), ("channel_wise", channelGate), ("spatial_wise", spatialGate), ("attention_wise", levelWeights)]
    }

    /// The per-level weight maps (N, levels, H, W), each in (0, 1).
    public func weights(_ concatenated: Tensor) throws -> Tensor {
        let x = try reduce.forward(concatenated)
        var gated = try channelGate.forward(x).sigmoid() + x
        gated = try spatialGate.forward(gated.mean(dims: [1], keepDim: true)) + gated
        return try levelWeights.forward(gated).sigmoid()
    }

    /// The levels re-weighted by their attention maps and concatenated.
    public func fuse(_ concatenated: Tensor, levels pyramid: [Tensor]) throws -> Tensor {
        precondition(pyramid.count == levels, "AdaptiveScaleFusion built for \(levels) levels")
        let w = try weights(concatenated)
        let weighted = try pyramid.enumerated().map { i, level in try w.slice(dim: 1, start: i, end: i + 1) * level }
        return try Tensor.cat(weighted, dim: 1)
    }

    public func forward(_ x: Tensor) throws -> Tensor { try weights(x) }
}
