import Foundation

/// Runs each job as its own `train-worker` process, `settings.workers(cores:)` at a time.
///
/// Workers get their own process group and die with the launcher (parent-death signal);
/// their stdout and stderr go to `logs/` in their run directory. An interrupt (SIGINT,
/// SIGTERM, SIGHUP) stops launching, is forwarded to every worker, and after
/// `settings.killTimeout` seconds the remaining worker groups are killed.
public struct LocalLauncher: Launcher {
    public var settings: LocalLauncherSettings
    /// The `train-worker` executable.
    public var workerExecutable: URL
    /// Cores available; the default worker count is `cores / threads_per_job`.
    public var cores: Int
    /// Environment every worker starts from (the launcher's own, by default).
    public var environment: [String: String]
    public var ingestor: RunIngestor?
    public var progress: ProgressStyle
    /// Seconds between progress refreshes and ingestion passes.
    public var refreshInterval: Double

    public init(settings: LocalLauncherSettings, workerExecutable: URL,
                cores: Int = ProcessInfo.processInfo.activeProcessorCount,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                ingestor: RunIngestor? = nil, progress: ProgressStyle = .quiet, refreshInterval: Double = 0.5) {
        self.settings = settings
        self.workerExecutable = workerExecutable
        self.cores = cores
        self.environment = environment
        self.ingestor = ingestor
        self.progress = progress
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
        let launcher = self
        // The pool runs on a thread of its own for its whole life: a child's parent-death
        // signal follows the thread that forked it, and pool threads may come and go.
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    let pool = try LocalPool(launcher: launcher, jobs: jobs)
                    continuation.resume(returning: try pool.run())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "ablate-local-launcher"
            thread.start()
        }
    }
}
