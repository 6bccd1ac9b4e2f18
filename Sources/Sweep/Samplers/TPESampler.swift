import Foundation

/// The Tree-structured Parzen Estimator (Bergstra et al. 2011) as Optuna's `TPESampler`
/// runs it by default (independent per dimension, no constant liar): after
/// `n_startup_trials` finished trials (complete or pruned; failed and running ones are not
/// learned from), the trials are split into the best `γ(n) = min(⌈0.1·n⌉, 25)` ("below") and
/// the rest ("above"); each side gets a Parzen estimator with a prior kernel; of
/// `n_ei_candidates` draws from the "below" estimator, the one with the largest
/// log l(x) − log g(x) (the expected-improvement ratio) is taken.
public struct TPESampler: Sampler {
    public struct Settings: Sendable, Equatable {
        public var nStartupTrials: Int
        public var nEICandidates: Int
        public var priorWeight: Double
        public var considerMagicClip: Bool
        public var considerEndpoints: Bool

        /// Optuna's defaults (also the Hydra Optuna sweeper's).
        public init(nStartupTrials: Int = 10, nEICandidates: Int = 24, priorWeight: Double = 1,
                    considerMagicClip: Bool = true, considerEndpoints: Bool = false) {
            self.nStartupTrials = nStartupTrials
            self.nEICandidates = nEICandidates
            self.priorWeight = priorWeight
            self.considerMagicClip = considerMagicClip
            self.considerEndpoints = considerEndpoints
        }
    }

    public let settings: Settings
    public private(set) var generator: SeededGenerator

    public init(seed: UInt64?, settings: Settings = .init()) {
        self.settings = settings
        generator = seed.map(SeededGenerator.init(seed:)) ?? .unseeded()
    }

    /// Optuna's `default_gamma`.
    static func gamma(_ n: Int) -> Int { min(Int((0.1 * Double(n)).rounded(.up)), 25) }

    public mutating func sample(_ space: SearchSpace, given study: Study) -> [Double] {
        let dimensions = space.dimensions
        let learned = study.trials.filter {
            ($0.state == .complete || $0.state == .pruned) && $0.point.count == dimensions.count
        }
        guard learned.count >= settings.nStartupTrials, !learned.isEmpty else {
            return dimensions.map { RandomSampler.draw($0.distribution!, using: &generator) }
        }
        let (below, above) = Self.split(learned, nBelow: Self.gamma(learned.count), direction: study.direction)
        let parameters = ParzenEstimator.Parameters(priorWeight: settings.priorWeight,
                                                    considerMagicClip: settings.considerMagicClip,
                                                    considerEndpoints: settings.considerEndpoints)
        return dimensions.indices.map { i in
            let distribution = dimensions[i].distribution!
            let l = ParzenEstimator(observations: below.map { $0.point[i] }, distribution: distribution, parameters: parameters)
            let g = ParzenEstimator(observations: above.map { $0.point[i] }, distribution: distribution, parameters: parameters)
            let candidates = l.sample(max(settings.nEICandidates, 1), using: &generator)
            // The first candidate with the largest ratio (numpy's argmax).
            var best = candidates[0], bestScore = -Double.infinity
            for candidate in candidates {
                let score = l.logPDF(candidate) - g.logPDF(candidate)
                if score > bestScore {
                    best = candidate
                    bestScore = score
                }
            }
            return best
        }
    }

    /// Optuna's split: the best complete trials by objective, then (if γ(n) asks for more) the
    /// pruned ones that got furthest (highest last step, then best value there; a NaN value
    /// last). Both sides come back in trial-number order.
    static func split(_ trials: [TrialRecord], nBelow: Int, direction: StudyDirection)
        -> (below: [TrialRecord], above: [TrialRecord]) {
        let sign = direction == .minimize ? 1.0 : -1.0
        let complete = trials.filter { $0.state == .complete }
            .enumerated().sorted { a, b in
                let x = sign * a.element.value!, y = sign * b.element.value!
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
        let pruned = trials.filter { $0.state == .pruned }
            .enumerated().sorted { a, b in
                let x = prunedScore(a.element, sign: sign), y = prunedScore(b.element, sign: sign)
                if x.0 != y.0 { return x.0 < y.0 }
                if x.1 != y.1 { return x.1 < y.1 }
                return a.offset < b.offset
            }.map(\.element)
        let fromComplete = min(nBelow, complete.count)
        let fromPruned = min(max(0, nBelow - fromComplete), pruned.count)
        let below = Array(complete.prefix(fromComplete)) + Array(pruned.prefix(fromPruned))
        let above = Array(complete.dropFirst(fromComplete)) + Array(pruned.dropFirst(fromPruned))
        return (below.sorted { $0.number < $1.number }, above.sorted { $0.number < $1.number })
    }

    /// (−last step, signed value at it); NaN sorts last; no reports at all sorts after any step.
    private static func prunedScore(_ trial: TrialRecord, sign: Double) -> (Double, Double) {
        guard let step = trial.lastStep, let value = trial.intermediateValues[step] else { return (1, 0) }
        return (-Double(step), value.isNaN ? .infinity : sign * value)
    }
}
