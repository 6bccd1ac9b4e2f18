import Foundation
import Torch
import Train

extension DetectionTrainer {
    /// The full training state at an epoch boundary.
    public func makeCheckpoint() throws -> Checkpoint {
        let metadata = CheckpointMetadata(
            step: step, epoch: epoch, optimizerStepCounts: optimizer.stepCountsByName(), emaUpdates: ema?.updates,
            skippedSteps: skippedSteps, bestMetric: bestMetric, batchInEpoch: 0, config: configText)
        return Checkpoint(net: model.stateDict(), emaNet: ema?.shadow, optimizer: optimizer.stateTensors(),
                          rngState: try generator.state(), metadata: metadata)
    }

    /// Restores model, optimizer, EMA, counters and the generator (which fixes the data order
    /// of the epochs to come; augmentation follows from seed, epoch and sample).
    public func restore(from url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TrainError.checkpoint(path: url.path, reason: "no such file; set model.resume=false to start fresh, or give an existing checkpoint path")
        }
        let checkpoint = try Checkpoint.read(from: url)
        do {
            try model.loadStateDict(Dictionary(uniqueKeysWithValues: checkpoint.net.map { ($0.name, $0.tensor) }))
            try optimizer.loadState(tensors: Dictionary(uniqueKeysWithValues: checkpoint.optimizer.map { ($0.name, $0.tensor) }),
                                    stepCounts: checkpoint.metadata.optimizerStepCounts)
            if let ema {
                guard let shadow = checkpoint.emaNet, let updates = checkpoint.metadata.emaUpdates else {
                    throw TrainError.stateDictMismatch("the checkpoint has no EMA weights but train.ema is on")
                }
                try ema.load(Dictionary(uniqueKeysWithValues: shadow.map { ($0.name, $0.tensor) }), updates: updates)
            }
            if let rng = checkpoint.rngState { try generator.setState(rng) }
        } catch let error as TrainError {
            throw TrainError.checkpoint(path: url.path, reason: "\(error.localizedDescription) Was it written by another model or config?")
        } catch let error as TorchError {
            throw TrainError.checkpoint(path: url.path, reason: error.localizedDescription)
        }
        step = checkpoint.metadata.step
        epoch = checkpoint.metadata.epoch
        skippedSteps = checkpoint.metadata.skippedSteps
        bestMetric = checkpoint.metadata.bestMetric
    }
}
