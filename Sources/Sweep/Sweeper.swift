/// The seam where sweeps vary (Hydra's `get_job_batch` / `is_done` around the launcher): a
/// sweeper is asked for new trials given the study so far, as slots free up.
public protocol Sweeper {
    /// Up to `count` new trials, numbered from `study.nextNumber` on. Fewer, or none, when the
    /// sweeper has no more to give (see `isDone`).
    mutating func ask(_ count: Int, given study: Study) throws -> [TrialRecord]

    /// True once the sweeper will give no more trials (the loop then waits for running ones).
    func isDone(given study: Study) -> Bool
}

/// Draws one point of a search space given the study so far (random search, TPE).
public protocol Sampler {
    /// One coordinate per dimension of `space`.
    mutating func sample(_ space: SearchSpace, given study: Study) -> [Double]
}
