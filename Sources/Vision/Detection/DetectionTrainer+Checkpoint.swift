import Foundation
import Torch
import Train

extension DetectionTrainer {
    /// The full training state at an epoch boundary.
    public func makeCheckpoint() throws -> Checkpoint {
        let metadata = CheckpointMetadata(
            step: step, epoch: epoch, optimizerStepCounts: optimizer.stepCountsByName(), emaUpdates: ema?.updates,
            skippedSteps: skippedSteps, bestMetric: bestMetric, batchInEpoch: 0, config: configText)
        return try Checkpoint.capture(model: model, optimizer: optimizer, ema: ema, generator: generator, metadata: metadata)
    }

    /// Restores model, optimizer, EMA, counters and the generator (which fixes the data order
    /// of the epochs to come; augmentation follows from seed, epoch and sample).
    public func restore(from url: URL) throws {
        let metadata = try Checkpoint.restore(from: url, model: model, optimizer: optimizer, ema: ema, generator: generator)
        step = metadata.step
        epoch = metadata.epoch
        skippedSteps = metadata.skippedSteps
        bestMetric = metadata.bestMetric
    }
}
