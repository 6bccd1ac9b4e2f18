import Torch

/// A small classifier for CPU-scale runs and tests: two conv-BN-ReLU stages (the second with
/// stride 2), global average pooling and a linear head.
public final class SmallConvNet: Module {
    let body: Sequential
    public var isTraining = true

    public init(channels: Int, width: Int, classes: Int) throws {
        body = Sequential([
            try Conv2d(channels, width, kernel: 3, padding: 1), try BatchNorm2d(width), ReLU(),
            try Conv2d(width, 2 * width, kernel: 3, stride: 2, padding: 1), try BatchNorm2d(2 * width), ReLU(),
            AdaptiveAvgPool2d((1, 1)), Flatten(), try Linear(2 * width, classes),
        ])
    }

    public var children: [(name: String, module: any Module)] { [("body", body)] }
    public func forward(_ x: Tensor) throws -> Tensor { try body.forward(x) }
}
