import Config
import Foundation
import Torch

/// `task=train`: what the worker runs for a job.
public enum TrainTask {
    /// Trains with the job's resolved config in `runDirectory`, writing `metrics.jsonl`,
    /// `logs/train.log` and `checkpoints/`. Sets the thread count (`trainer.threads`, else
    /// `OMP_NUM_THREADS`, else 1) and tunes malloc first. Returns the last epoch's metrics.
    /// Throws `TrainError` (config, checkpoint, divergence) or `TorchError`.
    @discardableResult
    public static func run(runDirectory: URL, config: ConfigValue) throws -> [String: Double] {
        let settings = try TrainConfig(config)
        Torch.tuneMalloc()
        Torch.threadCount = settings.threads
            ?? ProcessInfo.processInfo.environment["OMP_NUM_THREADS"].flatMap(Int.init) ?? 1
        let trainer = try Trainer(config: settings, runDirectory: runDirectory)
        return try trainer.fit()
    }
}
