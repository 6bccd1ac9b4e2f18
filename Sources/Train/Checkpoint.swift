import Foundation
import Torch

/// What a checkpoint records besides tensors, stored as JSON in the safetensors metadata.
public struct CheckpointMetadata: Codable, Sendable, Equatable {
    public var formatVersion = 1
    /// Optimizer steps taken.
    public var step: Int
    /// Epochs completed.
    public var epoch: Int
    /// Optimizer per-parameter step counts by parameter name.
    public var optimizerStepCounts: [String: Int]
    /// EMA updates made, when EMA is on.
    public var emaUpdates: Int?
    /// Optimizer steps skipped for non-finite gradients.
    public var skippedSteps: Int
    /// The best monitored value so far.
    public var bestMetric: Double?
    /// The epoch it was reached at (absent in checkpoints written before it was recorded).
    public var bestEpoch: Int?
    /// Micro-batches into the current epoch (0: saved at an epoch boundary).
    public var batchInEpoch: Int
    /// The run's resolved config as YAML or JSON text, for reference.
    public var config: String?

    public init(step: Int, epoch: Int, optimizerStepCounts: [String: Int], emaUpdates: Int?, skippedSteps: Int,
                bestMetric: Double?, batchInEpoch: Int, config: String?) {
        self.step = step; self.epoch = epoch; self.optimizerStepCounts = optimizerStepCounts; self.emaUpdates = emaUpdates
        self.skippedSteps = skippedSteps; self.bestMetric = bestMetric; self.batchInEpoch = batchInEpoch; self.config = config
    }
}

/// A training checkpoint: one safetensors file holding `net.*` (model), `ema_net.*` (EMA),
/// `optimizer.*` (optimizer state) and `rng.torch` (generator state) tensors, with
/// `CheckpointMetadata` as JSON under the `ablate` metadata key.
public struct Checkpoint {
    public var net: [(name: String, tensor: Tensor)]
    public var emaNet: [(name: String, tensor: Tensor)]?
    public var optimizer: [(name: String, tensor: Tensor)]
    public var rngState: Tensor?
    public var metadata: CheckpointMetadata

    public init(net: [(name: String, tensor: Tensor)], emaNet: [(name: String, tensor: Tensor)]?,
                optimizer: [(name: String, tensor: Tensor)], rngState: Tensor?, metadata: CheckpointMetadata) {
        self.net = net; self.emaNet = emaNet; self.optimizer = optimizer; self.rngState = rngState; self.metadata = metadata
    }

    /// The weights evaluation should use: the EMA's when present.
    public var evaluationWeights: [String: Tensor] {
        Dictionary(uniqueKeysWithValues: (emaNet ?? net).map { ($0.name, $0.tensor) })
    }

    /// Writes the checkpoint atomically: a temporary file in the same folder, fsynced, then
    /// renamed over `url`, so a crash never leaves a torn checkpoint.
    public func write(to url: URL) throws {
        var tensors = net.map { ("net." + $0.name, $0.tensor) }
        tensors += (emaNet ?? []).map { ("ema_net." + $0.name, $0.tensor) }
        tensors += optimizer.map { ("optimizer." + $0.name, $0.tensor) }
        if let rngState { tensors.append(("rng.torch", rngState)) }
        let json = String(decoding: try JSONEncoder().encode(metadata), as: UTF8.self)
        let data = try SafeTensors.encode(tensors.map { (name: $0.0, tensor: $0.1) }, metadata: ["ablate": json])
        try AtomicFile.write(data, to: url)
    }

    /// Reads a checkpoint written by `write(to:)`.
    public static func read(from url: URL) throws -> Checkpoint {
        let contents: SafeTensors.Contents
        do { contents = try SafeTensors.read(url) } catch let error as TorchError {
            throw TrainError.checkpoint(path: url.path, reason: error.localizedDescription)
        }
        guard let json = contents.metadata["ablate"],
              let metadata = try? JSONDecoder().decode(CheckpointMetadata.self, from: Data(json.utf8)) else {
            throw TrainError.checkpoint(path: url.path, reason: "no Ablate metadata; it was not written by Ablate's trainer")
        }
        func group(_ prefix: String) -> [(name: String, tensor: Tensor)] {
            contents.tensors.filter { $0.name.hasPrefix(prefix) }.map { (String($0.name.dropFirst(prefix.count)), $0.tensor) }
        }
        let ema = group("ema_net.")
        return Checkpoint(net: group("net."), emaNet: ema.isEmpty ? nil : ema, optimizer: group("optimizer."),
                          rngState: contents["rng.torch"], metadata: metadata)
    }
}

/// Atomic file replacement: write a temporary sibling, fsync it, rename it over the target.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil) else {
            throw TrainError.file(path: url.path, reason: "cannot create \(temp.path); check the folder's permissions and free space")
        }
        do {
            let handle = try FileHandle(forWritingTo: temp)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if rename(temp.path, url.path) != 0 {
                throw TrainError.file(path: url.path, reason: "rename failed: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            if let error = error as? TrainError { throw error }
            throw TrainError.file(path: url.path, reason: "write failed: \(error.localizedDescription)")
        }
    }
}
