import Foundation
import Torch

/// How the EMA decay grows with the update count `t` (0 for the first update) out of `total`.
public protocol EMADecaySchedule: Sendable {
    func decay(update t: Int, totalUpdates: Int) -> Double
}

/// A fixed decay.
public struct ConstantEMADecay: EMADecaySchedule {
    public let decay: Double
    public init(decay: Double) { self.decay = decay }
    public func decay(update t: Int, totalUpdates: Int) -> Double { decay }
}

/// `min(decay, (1+t)/(10+t))`: 0.1 at the first update, rising to `decay`.
public struct ThresholdEMADecay: EMADecaySchedule {
    public let decay: Double
    public init(decay: Double) { self.decay = decay }
    public func decay(update t: Int, totalUpdates: Int) -> Double { Swift.min(decay, Double(1 + t) / Double(10 + t)) }
}

/// `decay·(1 - exp(-beta·t/T))`: 0 at the first update, approaching `decay`.
public struct ExponentialEMADecay: EMADecaySchedule {
    public let decay: Double, beta: Double
    public init(decay: Double, beta: Double = 15) { self.decay = decay; self.beta = beta }
    public func decay(update t: Int, totalUpdates: Int) -> Double {
        decay * (1 - Foundation.exp(-beta * Double(t) / Double(Swift.max(1, totalUpdates))))
    }
}

/// An exponential moving average of a model's state dict: floating-point entries (weights and
/// normalisation running statistics) are averaged, `ema = d·ema + (1-d)·model`; integer buffers
/// (`num_batches_tracked`) are copied.
public final class ModelEMA {
    /// The averaged tensors, by the model's state-dict names.
    public let shadow: [(name: String, tensor: Tensor)]
    public let schedule: any EMADecaySchedule
    public let totalUpdates: Int
    /// Updates made so far.
    public private(set) var updates: Int = 0

    public init(model: any Module, schedule: any EMADecaySchedule, totalUpdates: Int) throws {
        shadow = try model.stateDict().map { ($0.name, try $0.tensor.detach().clone()) }
        self.schedule = schedule; self.totalUpdates = totalUpdates
    }

    /// The decay the next update will use.
    public var nextDecay: Double { schedule.decay(update: updates, totalUpdates: totalUpdates) }

    /// Moves the average towards the model's current state.
    public func update(from model: any Module) throws {
        let d = nextDecay
        let current = model.stateDict()
        precondition(current.count == shadow.count, "EMA built for another model")
        try withNoGrad {
            for ((_, average), (_, value)) in zip(shadow, current) {
                if average.dtype.isFloatingPoint {
                    try average.mul_(d)
                    try average.add_(value, alpha: 1 - d)
                } else {
                    try average.copy_(value)
                }
            }
        }
        updates += 1
    }

    /// Restores the average and its counter (from a checkpoint).
    public func load(_ tensors: [String: Tensor], updates: Int) throws {
        for (name, average) in shadow {
            guard let source = tensors[name], source.shape == average.shape else {
                throw TrainError.stateDictMismatch("EMA tensor '\(name)' is missing or has another shape")
            }
            try average.copy_(source)
        }
        self.updates = updates
    }

    /// Runs `body` with the model holding the averaged weights, then puts its own back.
    public func withAveragedWeights<R>(in model: any Module, _ body: () throws -> R) throws -> R {
        let saved = try model.stateDict().map { try $0.tensor.detach().clone() }
        try model.loadStateDict(Dictionary(uniqueKeysWithValues: shadow.map { ($0.name, $0.tensor) }))
        defer {
            for ((_, tensor), original) in zip(model.stateDict(), saved) { try? tensor.copy_(original) }
        }
        return try body()
    }
}
