import Config
import Foundation
import Torch
import Train

/// `task=train` for text detection: what the training core runs when the config names a
/// detection architecture (`model.architecture_name` dbnet, dbnetpp or craft).
public enum DetectionTask {
    /// Trains with the job's resolved config in `runDirectory`, writing metrics.jsonl (train/loss,
    /// lr, grad_norm, val/precision, val/recall, val/hmean ...), logs/train.log and checkpoints/.
    @discardableResult
    public static func run(runDirectory: URL, config: ConfigValue) throws -> TrainSummary {
        let settings = try DetectionConfig(config)
        let task = try DetectionTrainingTask(config: settings, runDirectory: runDirectory)
        return try TrainLoop.run(task, settings: settings.train, config: config, runDirectory: runDirectory)
    }
}

/// The built-in training task: image classification when `data.dataset` names a
/// classification dataset (fashion_mnist), detection when the config names a detection
/// architecture, else the training core's classification on generated data.
public enum TrainingTaskKind: Equatable, Sendable {
    case classification
    case imageClassification
    case detection(DetectionArchitecture)

    /// The kind a composed config asks for.
    public init(config: ConfigValue) throws {
        if ClassificationConfig.isClassification(config) {
            self = .imageClassification
            return
        }
        self = try DetectionConfig.architecture(in: config).map { .detection($0) } ?? .classification
    }

    /// Runs the task in `runDirectory`.
    @discardableResult
    public func run(runDirectory: URL, config: ConfigValue) throws -> TrainSummary {
        switch self {
        case .classification: return try TrainTask.run(runDirectory: runDirectory, config: config)
        case .imageClassification: return try ClassificationTask.run(runDirectory: runDirectory, config: config)
        case .detection: return try DetectionTask.run(runDirectory: runDirectory, config: config)
        }
    }
}
