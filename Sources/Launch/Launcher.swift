import Foundation

/// One job to run: its number in the sweep and its prepared run directory
/// (`.hydra/config.yaml` and `.hydra/overrides.yaml` already written).
public struct LaunchJob: Sendable, Equatable {
    public var num: Int
    public var runDirectory: URL
    /// The job's override strings, as handed to it (for messages, and for an external task
    /// with `task.pass_overrides`).
    public var overrides: [String]
    /// The job's task when known at launch (decoded from its config). The local launcher starts
    /// an external task itself, as the job's one process; nil, or the built-in training core:
    /// a `train-worker` process reads the task from the run directory and runs it.
    public var task: WorkerTask?

    public init(num: Int, runDirectory: URL, overrides: [String] = [], task: WorkerTask? = nil) {
        self.num = num
        self.runDirectory = runDirectory
        self.overrides = overrides
        self.task = task
    }
}

/// How one job ended (or did not start).
public struct JobResult: Sendable, Equatable {
    public var job: LaunchJob
    /// Final state; `queued` for a job never started (fail-fast, interrupt).
    public var state: JobState
    public var exitCode: Int?
    public var signal: Int?
    public var attempt: Int
    /// A one-line reason when failed.
    public var error: String?
    /// True when `--resume` found the job completed and did not run it again.
    public var skipped: Bool

    public init(job: LaunchJob, state: JobState, exitCode: Int? = nil, signal: Int? = nil,
                attempt: Int, error: String? = nil, skipped: Bool = false) {
        self.job = job
        self.state = state
        self.exitCode = exitCode
        self.signal = signal
        self.attempt = attempt
        self.error = error
        self.skipped = skipped
    }

    public var stdoutLog: URL { job.runDirectory.appendingPathComponent("logs/stdout.log") }
    public var stderrLog: URL { job.runDirectory.appendingPathComponent("logs/stderr.log") }
}

/// Runs prepared jobs to completion and reports how each ended. One job: running; choosing
/// which jobs to run (resume) and summarising belong to the caller.
public protocol Launcher: Sendable {
    /// Runs `jobs`; returns one result per job, in the order given. Throws only when the
    /// launcher itself cannot work (a job's failure is a result, not an error).
    func launch(_ jobs: [LaunchJob]) async throws -> [JobResult]
}

/// Receives run directories as their files change, and once more at the end
/// (the metrics store, the only writer of its database during a sweep).
public protocol RunIngestor: Sendable {
    /// Records what is new in `runDirectories`, together where it can (one transaction).
    /// Returns a one-line reason, naming the run directory, for each one it could not read
    /// (the others are still recorded); throws when the database itself fails.
    func ingest(runDirectories: [URL]) throws -> [String]
    /// The metrics lines skipped (in whole or in part) in `runDirectories` so far, one
    /// `file:line: reason` each, in run and line order.
    func skippedLines(in runDirectories: [URL]) throws -> [String]
}

extension RunIngestor {
    /// The metrics lines skipped (in whole or in part) in `runDirectories` so far, one
    /// `file:line: reason` each, for the sweep summary. None unless the ingestor records them.
    public func skippedLines(in runDirectories: [URL]) throws -> [String] { [] }
}
