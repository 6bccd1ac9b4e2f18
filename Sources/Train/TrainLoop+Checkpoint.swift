import Foundation
import Torch

extension TrainLoop {
    /// The full training state at an epoch boundary, with the run's config.
    public func makeCheckpoint() throws -> Checkpoint {
        var metadata = CheckpointMetadata(
            step: step, epoch: epoch, optimizerStepCounts: optimizer.stepCountsByName(), emaUpdates: ema?.updates,
            skippedSteps: skippedSteps, bestMetric: bestMetric, batchInEpoch: 0, config: configText)
        metadata.bestEpoch = bestEpoch
        return try Checkpoint.capture(model: model, optimizer: optimizer, ema: ema, generator: generator, metadata: metadata)
    }

}
