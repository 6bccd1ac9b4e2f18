/// Whether a sweep's objective is to be made small or large.
public enum StudyDirection: String, Sendable, Equatable, Codable {
    case minimize
    case maximize

    /// True when `a` is strictly better than `b`.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        self == .minimize ? a < b : a > b
    }
}

/// Where a trial stands. A diverged trial (its objective NaN or infinite) is told as `failed`.
public enum TrialState: String, Sendable, Equatable, Codable {
    case running
    case complete
    case pruned
    case failed

    public var isFinished: Bool { self != .running }
}

/// One trial of a study as samplers and pruners see it.
public struct TrialRecord: Sendable, Equatable {
    /// 0-based, in the order trials were asked for; never reused within a study.
    public let number: Int
    /// One coordinate per search-space dimension (empty for grid trials).
    public let point: [Double]
    /// The job's override lines.
    public let lines: [String]
    public var state: TrialState
    /// The objective of a complete trial.
    public var value: Double?
    /// Intermediate values by step (`step` of metrics.jsonl); the latest report of a step wins.
    public var intermediateValues: [Int: Double]

    public init(number: Int, point: [Double], lines: [String], state: TrialState = .running,
                value: Double? = nil, intermediateValues: [Int: Double] = [:]) {
        self.number = number
        self.point = point
        self.lines = lines
        self.state = state
        self.value = value
        self.intermediateValues = intermediateValues
    }

    /// The highest step reported (Optuna's `last_step`).
    public var lastStep: Int? { intermediateValues.keys.max() }
}

/// The trials of one sweep so far, in number order: what a sweeper is asked with and a pruner
/// decides over. A value type: the sweep loop owns it and tells it what happened.
public struct Study: Sendable, Equatable {
    public let name: String
    public let direction: StudyDirection
    public private(set) var trials: [TrialRecord]

    public init(name: String, direction: StudyDirection, trials: [TrialRecord] = []) {
        self.name = name
        self.direction = direction
        self.trials = trials.sorted { $0.number < $1.number }
    }

    /// The number the next trial gets.
    public var nextNumber: Int { (trials.last?.number ?? -1) + 1 }

    public func trial(_ number: Int) -> TrialRecord? {
        index(of: number).map { trials[$0] }
    }

    /// Adds an asked trial (running).
    public mutating func add(_ trial: TrialRecord) {
        precondition(trial.number >= nextNumber, "trial numbers increase")
        trials.append(trial)
    }

    /// Records an intermediate value (`step` reported again: the latest value wins).
    public mutating func report(_ number: Int, step: Int, value: Double) {
        guard let i = index(of: number) else { return }
        trials[i].intermediateValues[step] = value
    }

    /// Finishes a trial as complete with its objective: a NaN or infinite objective (a diverged
    /// run) finishes it as failed, so samplers never learn from it.
    public mutating func complete(_ number: Int, value: Double) {
        guard let i = index(of: number) else { return }
        if value.isFinite {
            trials[i].state = .complete
            trials[i].value = value
        } else {
            trials[i].state = .failed
            trials[i].value = nil
        }
    }

    /// Finishes a trial as pruned at `step`: values it reported after that step are dropped.
    public mutating func prune(_ number: Int, at step: Int) {
        guard let i = index(of: number) else { return }
        trials[i].state = .pruned
        trials[i].intermediateValues = trials[i].intermediateValues.filter { $0.key <= step }
    }

    /// Finishes a trial as failed (the job failed, or reported no objective).
    public mutating func fail(_ number: Int) {
        guard let i = index(of: number) else { return }
        trials[i].state = .failed
        trials[i].value = nil
    }

    /// The complete trial with the best objective (the earliest on ties).
    public var bestTrial: TrialRecord? {
        trials.filter { $0.state == .complete && $0.value != nil }
            .reduce(nil) { best, trial in
                guard let best else { return trial }
                return direction.isBetter(trial.value!, than: best.value!) ? trial : best
            }
    }

    /// The fraction of finished trials that failed (`max_failure_rate` is checked against it).
    public var failureRate: Double {
        let finished = trials.filter(\.state.isFinished)
        guard !finished.isEmpty else { return 0 }
        return Double(finished.filter { $0.state == .failed }.count) / Double(finished.count)
    }

    private func index(of number: Int) -> Int? {
        // Trials are in number order; numbers are dense in practice.
        if number < trials.count, trials[number].number == number { return number }
        return trials.firstIndex { $0.number == number }
    }
}
