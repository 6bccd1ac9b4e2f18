import Config
import Foundation
import Torch

/// What a training run ended with, for the worker's status.json and the launcher's summary.
public struct TrainSummary: Sendable {
    /// The last epoch's metrics (train/loss, lr, grad_norm, samples_per_s, val/...) and the final
    /// evaluation's (test/...), if the task has one.
    public var metrics: [String: Double]
    /// The monitored metric's name and best value.
    public var monitor: String
    public var bestMetric: Double?
    public var epochs: Int, steps: Int, skippedSteps: Int
}

extension TrainLoop {
    /// Runs a job: sets the thread count (`trainer.threads`, else `OMP_NUM_THREADS`, else 1),
    /// tunes malloc, builds the loop over `task` in `runDirectory` (recording `config` in its
    /// checkpoints), trains, then runs the task's final evaluation (held-out test data), writing
    /// metrics.jsonl, logs/train.log and checkpoints/.
    @discardableResult
    public static func run(_ task: Task, settings: TrainConfig, config: ConfigValue, runDirectory: URL) throws -> TrainSummary {
        Torch.tuneMalloc()
        Torch.threadCount = settings.threads
            ?? ProcessInfo.processInfo.environment["OMP_NUM_THREADS"].flatMap(Int.init) ?? 1
        let loop = try TrainLoop(task: task, config: settings, runDirectory: runDirectory)
        loop.configText = config.yamlString()
        var metrics = try loop.fit()
        metrics.merge(try loop.finalEvaluation()) { $1 }
        return TrainSummary(metrics: metrics, monitor: loop.monitor.metric, bestMetric: loop.bestMetric,
                            epochs: loop.epoch, steps: loop.step, skippedSteps: loop.skippedSteps)
    }
}

/// `task=train` for the training core's synthetic classification.
public enum TrainTask {
    /// Trains `SyntheticClassificationTask` with the job's resolved config in `runDirectory`.
    /// Throws `TrainError` (config, checkpoint, divergence) or `TorchError`.
    @discardableResult
    public static func run(runDirectory: URL, config: ConfigValue) throws -> TrainSummary {
        let settings = try TrainConfig(config)
        return try TrainLoop.run(SyntheticClassificationTask(config: settings), settings: settings, config: config,
                                 runDirectory: runDirectory)
    }
}
