import Config

/// Hydra's basic sweeper as a `Sweeper`: the cartesian product of the overrides' values
/// (`SweepExpansion`), handed out in job order. It ignores results; pruning still applies.
public struct GridSweeper: Sweeper {
    /// Every job's override lines, in job order.
    public let jobs: [[String]]

    public init(_ overrides: [Override], groupOptions: (String) throws -> [String]) throws {
        jobs = try SweepExpansion.jobOverrides(overrides, groupOptions: groupOptions)
    }

    public init(jobs: [[String]]) {
        self.jobs = jobs
    }

    public mutating func ask(_ count: Int, given study: Study) throws -> [TrialRecord] {
        let first = study.nextNumber
        guard count > 0, first < jobs.count else { return [] }
        return (first..<min(first + count, jobs.count)).map { TrialRecord(number: $0, point: [], lines: jobs[$0]) }
    }

    public func isDone(given study: Study) -> Bool {
        study.nextNumber >= jobs.count
    }
}
