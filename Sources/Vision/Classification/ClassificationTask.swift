import Config
import Foundation
import Train

/// `task=train` for image classification on a real dataset (`data.dataset=fashion_mnist`).
public enum ClassificationTask {
    /// Trains with the job's resolved config in `runDirectory`, writing metrics.jsonl (train/loss,
    /// train/top1, val/loss, val/top1, val/top5, and test/... after the last epoch),
    /// logs/train.log and checkpoints/.
    @discardableResult
    public static func run(runDirectory: URL, config: ConfigValue) throws -> TrainSummary {
        let settings = try ClassificationConfig(config)
        let task = try ImageClassificationTask(config: settings)
        return try TrainLoop.run(task, settings: settings.train, config: config, runDirectory: runDirectory)
    }
}
