import Foundation

/// Jobs handed to the local pool while it runs, instead of all at the start: a sweep whose next
/// trials depend on the results so far (a study). The pool asks for more the moment a slot is
/// free, tells the feed when a job has ended (its results ingested), and on every refresh asks
/// which running jobs to stop (pruning). All calls come from the pool's one thread.
public protocol JobFeed: AnyObject, Sendable {
    /// Jobs the sweep expects to run in all (for progress), as far as known.
    var expectedTotal: Int { get }

    /// Jobs in flight at once, given the launcher's own `n_jobs` (nil when not set).
    func slots(launcherWorkers: Int?) -> Int

    /// Up to `count` more jobs, their run directories written; none when it has no more.
    func next(_ count: Int) throws -> [LaunchJob]

    /// A job ended: its final status is written and what it logged is in the store.
    func ended(_ result: JobResult) throws

    /// The running jobs (their latest metrics in the store): which to stop now, by job number.
    func poll(running: [LaunchJob]) throws -> [Int: JobStop]
}

/// How a job the feed stops is recorded: its final state (`pruned`) and a one-line reason.
public struct JobStop: Sendable, Equatable {
    public var state: JobState
    public var reason: String

    public init(state: JobState, reason: String) {
        self.state = state
        self.reason = reason
    }
}
