import Foundation

/// Ray Tune's `AsyncHyperBandScheduler` (ASHA, Li et al. 2020) with its keys: `max_t`,
/// `grace_period`, `reduction_factor`, `brackets`. Bracket `s` has rungs at
/// `grace_period · rf^(k+s)` for `k < int(log(max_t/grace_period)/log(rf) − s + 1)`. At each
/// report at step `t` (Ray's `training_iteration`): `t ≥ max_t` finishes the trial; otherwise
/// the highest rung ≤ `t` this trial has not recorded yet is taken, the cut-off is the
/// `(1 − 1/rf)` percentile of the values recorded there (NaN ignored), the trial is stopped if
/// its value is below it (the sign flipped when minimizing), and its value is recorded. A
/// finished trial's last value is recorded too. Trials go to brackets at random, weighted by
/// `e^(rungs − most rungs)` as in Ray, from a seeded generator.
public struct ASHAPruner: Pruner, Codable {
    public let maxT: Int
    public let gracePeriod: Int
    public let reductionFactor: Double
    /// A milestone and the rewards recorded there, by trial.
    public struct Rung: Sendable, Equatable, Codable {
        public let milestone: Double
        public var recorded: [Int: Double]
    }

    /// Per bracket, its rungs from the highest milestone down.
    public private(set) var rungs: [[Rung]]
    private var bracketOf: [Int: Int] = [:]
    private var generator: SeededGenerator

    public init(maxT: Int = 100, gracePeriod: Int = 1, reductionFactor: Double = 4, brackets: Int = 1,
                seed: UInt64? = nil, key: String = "hydra.sweeper.pruner") throws {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ expected: String) throws {
            if !ok { throw SweepError.badSweeperSetting(key: "\(key).\(name)", value: "\(value)", expected: expected) }
        }
        try check(gracePeriod > 0, "grace_period", gracePeriod, "1 or more")
        try check(maxT >= gracePeriod, "max_t", maxT, "at least grace_period (\(gracePeriod))")
        try check(reductionFactor > 1, "reduction_factor", reductionFactor, "above 1")
        try check(brackets >= 1, "brackets", brackets, "1 or more")
        self.maxT = maxT
        self.gracePeriod = gracePeriod
        self.reductionFactor = reductionFactor
        generator = seed.map(SeededGenerator.init(seed:)) ?? .unseeded()
        rungs = (0..<brackets).map { s in
            let count = Int(log(Double(maxT) / Double(gracePeriod)) / log(reductionFactor) - Double(s) + 1)
            return (0..<max(count, 0)).reversed().map { k in
                Rung(milestone: Double(gracePeriod) * pow(reductionFactor, Double(k + s)), recorded: [:])
            }
        }
    }

    public mutating func decide(_ number: Int, in study: Study) -> PruningDecision {
        guard let trial = study.trial(number), let step = trial.lastStep, let value = trial.intermediateValues[step] else {
            return .keep
        }
        if step >= maxT { return .finish }
        return record(number, step: step, reward: study.direction == .maximize ? value : -value)
    }

    public mutating func finished(_ number: Int, in study: Study) {
        guard let trial = study.trial(number), let step = trial.lastStep, let value = trial.intermediateValues[step] else { return }
        _ = record(number, step: step, reward: study.direction == .maximize ? value : -value)
    }

    /// The cut-off of a rung's recorded values (nil when none).
    static func cutoff(_ recorded: [Double], reductionFactor: Double) -> Double? {
        recorded.isEmpty ? nil : Percentile.nanPercentile(recorded, (1 - 1 / reductionFactor) * 100)
    }

    private mutating func record(_ number: Int, step: Int, reward: Double) -> PruningDecision {
        let b = bracket(for: number)
        for index in rungs[b].indices {
            let milestone = rungs[b][index].milestone, recorded = rungs[b][index].recorded
            if Double(step) < milestone || recorded[number] != nil { continue }
            var decision = PruningDecision.keep
            if let cutoff = Self.cutoff(Array(recorded.values), reductionFactor: reductionFactor), reward < cutoff {
                decision = .prune
            }
            rungs[b][index].recorded[number] = reward
            return decision
        }
        return .keep
    }

    private mutating func bracket(for number: Int) -> Int {
        if let b = bracketOf[number] { return b }
        let sizes = rungs.map { Double($0.count) }
        let top = sizes.max() ?? 0
        let weights = sizes.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        var u = generator.unit() * total
        var chosen = weights.count - 1
        for (i, w) in weights.enumerated() {
            if u < w { chosen = i; break }
            u -= w
        }
        bracketOf[number] = chosen
        return chosen
    }
}
