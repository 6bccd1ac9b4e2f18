import Foundation

/// A learning-rate schedule: a pure function of the optimizer-step count (0-based), so the
/// position after a resume is just the restored step.
public protocol LRSchedule: Sendable {
    func learningRate(at step: Int) -> Double
}

/// How a schedule counts time: per optimizer step, or per epoch (the rate changes only at
/// epoch boundaries). Durations given in epochs become steps or epochs accordingly.
public struct ScheduleClock: Sendable, Equatable {
    public var stepsPerEpoch: Int
    public var byEpoch: Bool

    public init(stepsPerEpoch: Int, byEpoch: Bool = false) {
        precondition(stepsPerEpoch > 0, "stepsPerEpoch must be positive")
        self.stepsPerEpoch = stepsPerEpoch; self.byEpoch = byEpoch
    }

    /// The schedule's time at an optimizer step: the step itself, or the epoch it falls in.
    public func time(at step: Int) -> Int { byEpoch ? step / stepsPerEpoch : step }

    /// A duration in epochs in the schedule's units (rounded, as PaddleClas rounds warmup steps).
    public func duration(epochs: Double) -> Int {
        byEpoch ? Int(epochs.rounded()) : Int((epochs * Double(stepsPerEpoch)).rounded())
    }
}

/// The same rate at every step.
public struct ConstantSchedule: LRSchedule {
    public let lr: Double
    public init(lr: Double) { self.lr = lr }
    public func learningRate(at step: Int) -> Double { lr }
}

/// Piecewise constant: `values[k]` after the k-th boundary (boundaries in epochs), or
/// `lr·gamma^k` when no values are given.
public struct PiecewiseSchedule: LRSchedule {
    public let boundaries: [Int]
    public let values: [Double]
    public let clock: ScheduleClock

    public init(boundariesInEpochs: [Double], values: [Double], clock: ScheduleClock) {
        precondition(values.count == boundariesInEpochs.count + 1, "piecewise needs one value more than boundaries")
        boundaries = boundariesInEpochs.map { clock.duration(epochs: $0) }
        self.values = values; self.clock = clock
    }

    public init(boundariesInEpochs: [Double], lr: Double, gamma: Double, clock: ScheduleClock) {
        let values = (0...boundariesInEpochs.count).map { lr * Foundation.pow(gamma, Double($0)) }
        self.init(boundariesInEpochs: boundariesInEpochs, values: values, clock: clock)
    }

    public func learningRate(at step: Int) -> Double {
        let t = clock.time(at: step)
        return values[boundaries.filter { t >= $0 }.count]
    }
}

/// Cosine annealing from `lr` to `etaMin` over `total` units: `η_min + (lr-η_min)(1+cos(πt/T))/2`,
/// then `etaMin`.
public struct CosineSchedule: LRSchedule {
    public let lr: Double, etaMin: Double, total: Int, clock: ScheduleClock

    public init(lr: Double, etaMin: Double = 0, epochs: Double, clock: ScheduleClock) {
        self.lr = lr; self.etaMin = etaMin; self.total = Swift.max(1, clock.duration(epochs: epochs)); self.clock = clock
    }

    public func learningRate(at step: Int) -> Double {
        let t = Double(Swift.min(clock.time(at: step), total))
        return etaMin + (lr - etaMin) * (1 + Foundation.cos(Double.pi * t / Double(total))) / 2
    }
}

/// Polynomial decay to `endLR` over `total` units: `(lr-end)(1-min(t,T)/T)^power + end`.
public struct PolynomialSchedule: LRSchedule {
    public let lr: Double, endLR: Double, power: Double, total: Int, clock: ScheduleClock

    public init(lr: Double, endLR: Double = 0, power: Double = 1, epochs: Double, clock: ScheduleClock) {
        self.lr = lr; self.endLR = endLR; self.power = power
        self.total = Swift.max(1, clock.duration(epochs: epochs)); self.clock = clock
    }

    public func learningRate(at step: Int) -> Double {
        let t = Double(Swift.min(clock.time(at: step), total))
        return (lr - endLR) * Foundation.pow(1 - t / Double(total), power) + endLR
    }
}

/// Exponential decay: `lr·gamma^t` (t in steps or epochs by the clock).
public struct ExponentialSchedule: LRSchedule {
    public let lr: Double, gamma: Double, clock: ScheduleClock

    public init(lr: Double, gamma: Double, clock: ScheduleClock) { self.lr = lr; self.gamma = gamma; self.clock = clock }

    public func learningRate(at step: Int) -> Double { lr * Foundation.pow(gamma, Double(clock.time(at: step))) }
}

/// Linear warmup from `startLR` to `peakLR` over `warmup` units, then `after` restarted from 0
/// (as PaddleClas's LinearWarmup): `start + (peak-start)·t/W` for t < W.
public struct WarmupSchedule: LRSchedule {
    public let after: any LRSchedule
    public let warmup: Int, startLR: Double, peakLR: Double, clock: ScheduleClock

    public init(after: any LRSchedule, warmupEpochs: Double, startLR: Double, peakLR: Double, clock: ScheduleClock) {
        self.after = after; self.warmup = clock.duration(epochs: warmupEpochs)
        self.startLR = startLR; self.peakLR = peakLR; self.clock = clock
    }

    public func learningRate(at step: Int) -> Double {
        let t = clock.time(at: step)
        if t < warmup { return startLR + (peakLR - startLR) * Double(t) / Double(warmup) }
        // The inner schedule restarts at 0 after warmup; convert back to its step count.
        let innerStep = clock.byEpoch ? step - warmup * clock.stepsPerEpoch : step - warmup
        return after.learningRate(at: innerStep)
    }
}

/// The linear scaling rule: `lr · globalBatch / baseBatch` (lr 0.1 at 256 becomes 0.2 at 512).
public func linearlyScaledLearningRate(_ lr: Double, globalBatch: Int, baseBatch: Int?) -> Double {
    guard let baseBatch, baseBatch > 0 else { return lr }
    return lr * Double(globalBatch) / Double(baseBatch)
}
