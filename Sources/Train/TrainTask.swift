import Config
import Foundation
import Torch

/// What a training run ended with, for the worker's status.json and the launcher's summary.
public struct TrainSummary: Sendable {
    /// The last epoch's metrics (train/loss, lr, grad_norm, samples_per_s, val/...).
    public var metrics: [String: Double]
    /// The monitored metric's name and best value.
    public var monitor: String
    public var bestMetric: Double?
    public var epochs: Int, steps: Int, skippedSteps: Int
}

/// `task=train`: what the worker runs for a job.
public enum TrainTask {
    /// Trains with the job's resolved config in `runDirectory`, writing `metrics.jsonl`,
    /// `logs/train.log` and `checkpoints/`. Sets the thread count (`trainer.threads`, else
    /// `OMP_NUM_THREADS`, else 1) and tunes malloc first.
    /// Throws `TrainError` (config, checkpoint, divergence) or `TorchError`.
    @discardableResult
    public static func run(runDirectory: URL, config: ConfigValue) throws -> TrainSummary {
        let settings = try TrainConfig(config)
        Torch.tuneMalloc()
        Torch.threadCount = settings.threads
            ?? ProcessInfo.processInfo.environment["OMP_NUM_THREADS"].flatMap(Int.init) ?? 1
        let trainer = try Trainer(config: settings, runDirectory: runDirectory)
        if let data = try? JSONSerialization.data(withJSONObject: jsonObject(config), options: [.sortedKeys]) {
            trainer.configText = String(decoding: data, as: UTF8.self)
        }
        let metrics = try trainer.fit()
        return TrainSummary(metrics: metrics, monitor: settings.train.monitor, bestMetric: trainer.bestMetric,
                            epochs: trainer.epoch, steps: trainer.step, skippedSteps: trainer.skippedSteps)
    }

    /// A config tree as JSON-compatible values (for the checkpoint's record of the config).
    static func jsonObject(_ value: ConfigValue) -> Any {
        switch value {
        case .null, .missing: return NSNull()
        case let .bool(b): return b
        case let .int(i): return i
        case let .double(d): return d.isFinite ? d : String(d)
        case let .string(s): return s
        case let .list(items): return items.map(jsonObject)
        case let .dict(d):
            var out: [String: Any] = [:]
            for (k, v) in d { out[k] = jsonObject(v) }
            return out
        }
    }
}
