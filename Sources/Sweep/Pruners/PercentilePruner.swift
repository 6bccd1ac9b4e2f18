/// Optuna's `PercentilePruner` (and `MedianPruner`, its 50th percentile): once
/// `n_startup_trials` trials are complete and the step is past `n_warmup_steps`, at the first
/// report of each `interval_steps` window, prune when the trial's best value over all its steps
/// is worse than the percentile of the complete trials' values at this very step (needing at
/// least `n_min_trials` of them). A trial whose values are all NaN is pruned.
public struct PercentilePruner: Pruner, Codable {
    public let percentile: Double
    public let nStartupTrials: Int
    public let nWarmupSteps: Int
    public let intervalSteps: Int
    public let nMinTrials: Int

    /// `key` prefixes the settings' names in errors (`hydra.sweeper.pruner`).
    public init(percentile: Double, nStartupTrials: Int = 5, nWarmupSteps: Int = 0, intervalSteps: Int = 1,
                nMinTrials: Int = 1, key: String = "hydra.sweeper.pruner") throws {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ expected: String) throws {
            if !ok { throw SweepError.badSweeperSetting(key: "\(key).\(name)", value: "\(value)", expected: expected) }
        }
        try check((0...100).contains(percentile), "percentile", percentile, "between 0 and 100")
        try check(nStartupTrials >= 0, "n_startup_trials", nStartupTrials, "0 or more")
        try check(nWarmupSteps >= 0, "n_warmup_steps", nWarmupSteps, "0 or more")
        try check(intervalSteps >= 1, "interval_steps", intervalSteps, "1 or more")
        try check(nMinTrials >= 1, "n_min_trials", nMinTrials, "1 or more")
        self.percentile = percentile
        self.nStartupTrials = nStartupTrials
        self.nWarmupSteps = nWarmupSteps
        self.intervalSteps = intervalSteps
        self.nMinTrials = nMinTrials
    }

    /// Optuna's `MedianPruner` defaults.
    public static func median(nStartupTrials: Int = 5, nWarmupSteps: Int = 0, intervalSteps: Int = 1,
                              nMinTrials: Int = 1, key: String = "hydra.sweeper.pruner") throws -> PercentilePruner {
        try PercentilePruner(percentile: 50, nStartupTrials: nStartupTrials, nWarmupSteps: nWarmupSteps,
                             intervalSteps: intervalSteps, nMinTrials: nMinTrials, key: key)
    }

    public mutating func decide(_ number: Int, in study: Study) -> PruningDecision {
        let complete = study.trials.filter { $0.state == .complete }
        guard !complete.isEmpty, complete.count >= nStartupTrials,
              let trial = study.trial(number), let step = trial.lastStep, step >= nWarmupSteps,
              isFirstInInterval(step, steps: trial.intermediateValues.keys) else { return .keep }
        let values = trial.intermediateValues.values.filter { !$0.isNaN }
        guard let best = study.direction == .minimize ? values.min() : values.max() else { return .prune }
        let atStep = complete.compactMap { $0.intermediateValues[step] }
        guard atStep.count >= nMinTrials else { return .keep }
        let p = Percentile.nanPercentile(atStep, study.direction == .minimize ? percentile : 100 - percentile)
        guard !p.isNaN else { return .keep }
        return study.direction.isBetter(p, than: best) ? .prune : .keep
    }

    /// True when no earlier report of this trial falls in the interval window holding `step`.
    private func isFirstInInterval(_ step: Int, steps: Dictionary<Int, Double>.Keys) -> Bool {
        let windowStart = floorDivide(step - nWarmupSteps, intervalSteps) * intervalSteps + nWarmupSteps
        let previous = steps.filter { $0 != step }.max() ?? -1
        return previous < windowStart
    }
}

/// Python's `//` for ints.
func floorDivide(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
