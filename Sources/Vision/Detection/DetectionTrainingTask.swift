import Foundation
import Torch
import Train

/// Text detection as a `TrainingTask`: augmented mini-batches of the training images with their
/// DBNet or CRAFT targets, the architecture's loss (its parts logged as `train/loss_*`), and
/// precision, recall and hmean on the validation set (`val/hmean` followed by best.ckpt by
/// default), with visualizations when `eval.save_visualizations` is set.
public final class DetectionTrainingTask: TrainingTask {
    public let config: DetectionConfig
    public let trainSet: any DetectionSource
    public let evaluator: DetectionValidation
    public let preparer: DetectionSamplePreparer
    public let runDirectory: URL?
    /// How the data was prepared, for the log.
    private let dataSummary: String

    /// Loads or generates the data and prepares the validation inputs.
    public init(config: DetectionConfig, runDirectory: URL?) throws {
        self.config = config
        self.runDirectory = runDirectory
        let started = Date()
        let data = try DetectionData(config.data)
        trainSet = data.train
        dataSummary = "data: \(data.train.count) training and \(data.validation.count) validation images (\(config.data.source.rawValue)), "
            + "prepared in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        preparer = DetectionSamplePreparer(architecture: config.model.architecture, size: config.data.imageSize,
                                           augment: config.data.augment, dbLabels: config.model.labels,
                                           normalization: config.data.normalization)
        evaluator = try DetectionValidation(source: data.validation, model: config.model, size: config.data.imageSize,
                                            normalization: config.data.normalization)
    }

    public var trainingSampleCount: Int { trainSet.count }
    public var defaultMonitor: Monitor { Monitor(metric: "val/hmean", maximize: true) }

    public func makeModel() throws -> any Module { try config.model.makeModel() }

    public func describe(model: any Module) -> String {
        let parameters = model.parameters.reduce(0) { $0 + $1.count }
        return "\(dataSummary); \(config.model.architecture.rawValue) on \(config.model.encoder) x\(config.model.widthMultiplier): "
            + "\(parameters) parameters"
    }

    /// The loss of one prepared batch under the configured architecture.
    public func loss(of model: any Module, on batch: DetectionBatch) throws -> LossTerms {
        let output = try model(batch.images)
        if let targets = batch.db { return try config.model.dbLoss(output, targets) }
        return try config.model.craftLoss(output, batch.craft!)
    }

    /// Augments the samples (seeded by data seed, run seed, epoch and sample) and makes their targets.
    public func loss(of model: any Module, samples indices: [Int], epoch: Int) throws -> LossTerms {
        let samples = try preparer.prepare(indices, of: trainSet, seed: config.data.seed &+ config.train.seed, epoch: epoch,
                                           threads: config.data.numWorkers)
        return try loss(of: model, on: preparer.batch(samples))
    }

    public func evaluate(_ model: any Module, epoch: Int) throws -> [String: Double] {
        let folder = config.eval.saveVisualizations
            ? runDirectory?.appendingPathComponent("visualizations/epoch_\(String(format: "%03d", epoch))") : nil
        let result = try evaluator.evaluate(model, visualizations: folder.map { ($0, config.eval.maxVisualizations) })
        return ["val/precision": result.precision, "val/recall": result.recall, "val/hmean": result.hmean]
    }
}
