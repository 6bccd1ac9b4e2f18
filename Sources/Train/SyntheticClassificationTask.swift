import Foundation
import Torch

/// The training core's own classification task on generated data (`SyntheticClassification`):
/// cross entropy with `train.label_smoothing`, validation loss and accuracy (`val/loss`,
/// `val/acc`, followed by best.ckpt by default). It needs no files, so the loop's tests, the
/// PyTorch cross-check and `scripts/bench train` run on it.
public final class SyntheticClassificationTask: TrainingTask {
    public let config: TrainConfig
    private var data: (train: SyntheticClassification, validation: SyntheticClassification)?

    public init(config: TrainConfig) {
        self.config = config
    }

    /// The generated training and validation sets (drawn in `makeModel`).
    public var trainData: SyntheticClassification { data!.train }
    public var validationData: SyntheticClassification { data!.validation }

    public var trainingSampleCount: Int { config.data.trainSamples }
    public var defaultMonitor: Monitor { Monitor(metric: "val/acc", maximize: true) }

    /// Draws the training set, the validation set, then the model's weights, in that order.
    public func makeModel() throws -> any Module {
        let d = config.data
        data = (try SyntheticClassification(samples: d.trainSamples, classes: d.numClasses, channels: d.channels, size: d.imageSize),
                try SyntheticClassification(samples: d.valSamples, classes: d.numClasses, channels: d.channels, size: d.imageSize))
        return try config.makeModel()
    }

    public func describe(model: any Module) -> String {
        let parameters = model.parameters.reduce(0) { $0 + $1.count }
        let d = config.data
        return "\(config.model.architecture): \(parameters) parameters; synthetic data, \(d.trainSamples) training and "
            + "\(d.valSamples) validation images of \(d.channels)x\(d.imageSize)x\(d.imageSize), \(d.numClasses) classes"
    }

    public func loss(of model: any Module, samples indices: [Int], epoch: Int) throws -> LossTerms {
        let (x, y) = try trainData.batch(try Tensor(indices.map(Int64.init)))
        return LossTerms(total: try model(x).crossEntropy(y, labelSmoothing: config.train.labelSmoothing))
    }

    public func evaluate(_ model: any Module, epoch: Int) throws -> [String: Double] {
        try withNoGrad {
            var lossSum = 0.0, correct = 0.0
            let n = validationData.count, b = config.data.batchSize
            for start in stride(from: 0, to: n, by: b) {
                let indices = try Tensor.arange(Double(start), Double(Swift.min(n, start + b)), dtype: .int64)
                let (x, y) = try validationData.batch(indices)
                let logits = try model(x)
                lossSum += try logits.crossEntropy(y, reduction: .sum).item()
                correct += try logits.argmax(dim: 1).eq(y).to(.float32).sum().item()
            }
            return ["val/loss": lossSum / Double(n), "val/acc": correct / Double(n)]
        }
    }
}
