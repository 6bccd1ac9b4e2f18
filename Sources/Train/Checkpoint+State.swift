import Foundation
import Torch

extension Checkpoint {
    /// The training state every trainer saves at an epoch boundary: model, optimizer state,
    /// EMA weights and counter, and the run's generator state, with `metadata`.
    public static func capture(model: any Module, optimizer: any Optimizer, ema: ModelEMA?, generator: Generator,
                               metadata: CheckpointMetadata) throws -> Checkpoint {
        Checkpoint(net: model.stateDict(), emaNet: ema?.shadow, optimizer: optimizer.stateTensors(),
                   rngState: try generator.state(), metadata: metadata)
    }

    /// Loads the checkpoint at `url` into a model, optimizer, EMA and generator (whose state fixes
    /// the data order of the epochs to come) and returns its metadata (step, epoch, counters).
    /// A missing file or one written by another model or config is a `TrainError.checkpoint`.
    public static func restore(from url: URL, model: any Module, optimizer: any Optimizer, ema: ModelEMA?,
                               generator: Generator) throws -> CheckpointMetadata {
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
        return checkpoint.metadata
    }
}
