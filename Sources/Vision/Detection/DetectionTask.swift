import Config
import Foundation
import Torch
import Train

/// `task=train` for text detection: what the training core runs when the config names a
/// detection architecture (`model.architecture_name` dbnet, dbnetpp or craft).
public enum DetectionTask {
    /// Trains with the job's resolved config in `runDirectory`, writing metrics.jsonl (train/loss,
    /// lr, grad_norm, val/precision, val/recall, val/hmean ...), logs/train.log and checkpoints/.
    /// Sets the thread count (`trainer.threads`, else `OMP_NUM_THREADS`, else 1) and tunes malloc.
    @discardableResult
    public static func run(runDirectory: URL, config: ConfigValue) throws -> TrainingOutcome {
        let settings = try DetectionConfig(config)
        Torch.tuneMalloc()
        Torch.threadCount = settings.train.threads
            ?? ProcessInfo.processInfo.environment["OMP_NUM_THREADS"].flatMap(Int.init) ?? 1
        let trainer = try DetectionTrainer(config: settings, runDirectory: runDirectory)
        trainer.configText = config.yamlString()
        let metrics = try trainer.fit()
        return TrainingOutcome(metrics: metrics, monitor: settings.monitor, bestMetric: trainer.bestMetric,
                               epochs: trainer.epoch, steps: trainer.step)
    }
}

/// How a training run ended.
public struct TrainingOutcome: Sendable {
    /// The last epoch's metrics.
    public var metrics: [String: Double]
    /// The monitored metric and its best value.
    public var monitor: String
    public var bestMetric: Double?
    public var epochs: Int, steps: Int
}

/// The built-in training task: detection when the config names a detection architecture,
/// else the training core's classification task.
public enum TrainingTaskKind: Equatable, Sendable {
    case classification
    case detection(DetectionArchitecture)

    /// The kind a composed config asks for.
    public init(config: ConfigValue) throws {
        self = try DetectionConfig.architecture(in: config).map { .detection($0) } ?? .classification
    }

    /// Runs the task in `runDirectory`.
    @discardableResult
    public func run(runDirectory: URL, config: ConfigValue) throws -> TrainingOutcome {
        switch self {
        case .classification:
            let s = try TrainTask.run(runDirectory: runDirectory, config: config)
            return TrainingOutcome(metrics: s.metrics, monitor: s.monitor, bestMetric: s.bestMetric, epochs: s.epochs, steps: s.steps)
        case .detection: return try DetectionTask.run(runDirectory: runDirectory, config: config)
        }
    }
}
