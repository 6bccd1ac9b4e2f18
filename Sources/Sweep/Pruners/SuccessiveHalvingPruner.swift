/// Optuna's `SuccessiveHalvingPruner` (asynchronous successive halving, Li et al. 2020): rung
/// `r` is reached at step `min_resource · reduction_factor^(min_early_stopping_rate + r)`. A
/// trial reporting at or past its next rung records its current value there, and is kept only
/// if that value is among the best `1/reduction_factor` of all values recorded at the rung so
/// far (at least the best one); then the next rung is checked the same way. A NaN value is
/// pruned. `min_resource` nil is Optuna's `auto`: the longest complete trial's last step / 100
/// (at least 1), estimated once a trial has completed.
public struct SuccessiveHalvingPruner: Pruner, Codable {
    public private(set) var minResource: Int?
    public let reductionFactor: Int
    public let minEarlyStoppingRate: Int
    /// Each trial's recorded values, by rung (Optuna's `completed_rung_<r>` attributes).
    public private(set) var rungValues: [Int: [Double]] = [:]

    public init(minResource: Int? = nil, reductionFactor: Int = 4, minEarlyStoppingRate: Int = 0,
                key: String = "hydra.sweeper.pruner") throws {
        if let minResource, minResource < 1 {
            throw SweepError.badSweeperSetting(key: "\(key).min_resource", value: "\(minResource)", expected: "auto or 1 or more")
        }
        if reductionFactor < 2 {
            throw SweepError.badSweeperSetting(key: "\(key).reduction_factor", value: "\(reductionFactor)", expected: "2 or more")
        }
        if minEarlyStoppingRate < 0 {
            throw SweepError.badSweeperSetting(key: "\(key).min_early_stopping_rate", value: "\(minEarlyStoppingRate)", expected: "0 or more")
        }
        self.minResource = minResource
        self.reductionFactor = reductionFactor
        self.minEarlyStoppingRate = minEarlyStoppingRate
    }

    public mutating func decide(_ number: Int, in study: Study) -> PruningDecision {
        guard let trial = study.trial(number), let step = trial.lastStep, let value = trial.intermediateValues[step] else {
            return .keep
        }
        if minResource == nil {
            let lastSteps = study.trials.filter { $0.state == .complete }.compactMap(\.lastStep)
            guard let longest = lastSteps.max() else { return .keep }
            minResource = max(longest / 100, 1)
        }
        // The other trials' records as they stood before this report (Optuna reads them once).
        let others = rungValues.filter { $0.key != number }
        var rung = rungValues[number]?.count ?? 0
        while true {
            let promotionStep = minResource! * power(reductionFactor, minEarlyStoppingRate + rung)
            if step < promotionStep { return .keep }
            if value.isNaN { return .prune }
            rungValues[number, default: []].append(value)
            let competing = others.values.compactMap { $0.count > rung ? $0[rung] : nil } + [value]
            if !isPromotable(value, competing, direction: study.direction) { return .prune }
            rung += 1
        }
    }

    private func isPromotable(_ value: Double, _ competing: [Double], direction: StudyDirection) -> Bool {
        var index = competing.count / reductionFactor - 1
        if index == -1 { index = 0 }
        let sorted = competing.sorted()
        return direction == .maximize ? value >= sorted[sorted.count - 1 - index] : value <= sorted[index]
    }
}

/// An int power, saturating instead of overflowing (a rung that far is never reached).
func power(_ base: Int, _ exponent: Int) -> Int {
    var result = 1
    for _ in 0..<max(exponent, 0) {
        let (next, overflow) = result.multipliedReportingOverflow(by: base)
        if overflow { return .max }
        result = next
    }
    return result
}
