import Foundation

/// Runs each job as its own process, `settings.workers(cores:)` at a time: an external task
/// (`task.command`) is started directly; the built-in training core runs in a `train-worker`.
///
/// Job processes get their own process group and die with the launcher (parent-death signal);
/// their stdout and stderr go to `logs/` in their run directory. An interrupt (SIGINT,
/// SIGTERM, SIGHUP, SIGQUIT) stops launching, is forwarded to every worker, and after
/// `settings.killTimeout` seconds the remaining worker groups are killed.
public struct LocalLauncher: Launcher {
    public var settings: LocalLauncherSettings
    /// The `train-worker` executable.
    public var workerExecutable: URL
    /// Cores available; the default worker count is `cores / threads_per_job`.
    public var cores: Int
    /// Environment every worker starts from (the launcher's own, by default).
    public var environment: [String: String]
    /// Where `train` was started: relative paths in `task.command` are resolved there.
    public var workingDirectory: URL
    public var ingestor: RunIngestor?
    public var progress: ProgressStyle
    /// Where progress lines and the live view go.
    public var progressOutput: FileHandle
    /// Seconds between progress refreshes and ingestion passes.
    public var refreshInterval: Double

    public init(settings: LocalLauncherSettings, workerExecutable: URL,
                cores: Int = ProcessInfo.processInfo.activeProcessorCount,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                ingestor: RunIngestor? = nil, progress: ProgressStyle = .quiet, progressOutput: FileHandle = .standardOutput,
                refreshInterval: Double = 0.5) {
        self.settings = settings
        self.workerExecutable = workerExecutable
        self.cores = cores
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.ingestor = ingestor
        self.progress = progress
        self.progressOutput = progressOutput
        self.refreshInterval = refreshInterval
    }

    /// The environment of the worker for one job: thread counts, and a GPU when given.
    public func workerEnvironment(gpu: String?) -> [String: String] {
        var env = environment
        env["OMP_NUM_THREADS"] = String(settings.threadsPerJob)
        env["ABLATE_NUM_THREADS"] = String(settings.threadsPerJob)
        if let gpu { env["CUDA_VISIBLE_DEVICES"] = gpu }
        return env
    }

    public func launch(_ jobs: [LaunchJob]) async throws -> [JobResult] {
        try await withCheckedThrowingContinuation { continuation in
            startPool(jobs) { continuation.resume(with: $0) }
        }
    }

    /// `launch`, for callers outside async code (the `train` command): blocks until done.
    public func launchAndWait(_ jobs: [LaunchJob]) throws -> [JobResult] {
        let outcome = PoolOutcome()
        startPool(jobs) { outcome.finish($0) }
        return try outcome.wait()
    }

    /// Runs the jobs `feed` hands out as slots free up, until it has no more; blocks until done.
    /// Results are in the order the jobs started.
    public func launchAndWait(feed: JobFeed) throws -> [JobResult] {
        let outcome = PoolOutcome()
        startPool([], feed: feed) { outcome.finish($0) }
        return try outcome.wait()
    }

    /// The pool runs on a thread of its own for its whole life: a child's parent-death
    /// signal follows the thread that forked it, and pool threads may come and go.
    private func startPool(_ jobs: [LaunchJob], feed: JobFeed? = nil,
                           done: @escaping @Sendable (Result<[JobResult], Error>) -> Void) {
        let launcher = self
        let thread = Thread {
            done(Result { try LocalPool(launcher: launcher, jobs: jobs, feed: feed).run() })
        }
        thread.name = "ablate-local-launcher"
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// `train-worker` next to the running executable, unless ABLATE_WORKER names another.
    public static func defaultWorkerExecutable(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        if let path = environment["ABLATE_WORKER"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("train-worker")
    }
}

/// The result of a pool run, handed from its thread to the waiting caller.
private final class PoolOutcome: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<[JobResult], Error>?

    func finish(_ result: Result<[JobResult], Error>) {
        self.result = result
        done.signal()
    }

    func wait() throws -> [JobResult] {
        done.wait()
        return try result!.get()
    }
}
