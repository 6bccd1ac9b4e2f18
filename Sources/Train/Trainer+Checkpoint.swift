import Foundation
import Torch

extension Trainer {
    /// The full training state, taken at an epoch boundary.
    public func makeCheckpoint(configText: String? = nil) throws -> Checkpoint {
        let metadata = CheckpointMetadata(
            step: step, epoch: epoch, optimizerStepCounts: optimizer.stepCountsByName(), emaUpdates: ema?.updates,
            skippedSteps: skippedSteps, bestMetric: bestMetric, batchInEpoch: 0, config: configText)
        return try Checkpoint.capture(model: model, optimizer: optimizer, ema: ema, generator: generator, metadata: metadata)
    }

    /// Restores model, optimizer state, EMA and its counter, step, epoch, best metric and the
    /// run's generator state (which fixes the data order of the epochs to come).
    public func restore(from url: URL) throws {
        let metadata = try Checkpoint.restore(from: url, model: model, optimizer: optimizer, ema: ema, generator: generator)
        step = metadata.step
        epoch = metadata.epoch
        skippedSteps = metadata.skippedSteps
        bestMetric = metadata.bestMetric
    }
}
