import Foundation

/// Runs a sweep's jobs as one Slurm job array (`launcher=slurm`).
///
/// The run directories must be on a filesystem the compute nodes share. The array's files
/// (script, task map, ids of submitted arrays) are kept in `<sweep dir>/.slurm/`. While it
/// waits, the launcher polls scontrol (sacct once a finished job is purged, where accounting is
/// on), shows progress as the local launcher does and ingests metrics as they appear. An
/// interrupt (Ctrl-C) cancels the array with scancel and waits until none of its tasks runs.
public struct SlurmLauncher: Launcher, BlockingLauncher {
    public var settings: SlurmLauncherSettings
    /// The sweep directory (a single run's own directory when not sweeping).
    public var sweepDirectory: URL
    /// Shown by squeue; made safe by `SlurmSubmission.jobName(for:)`.
    public var jobName: String
    /// The `train-worker` executable, at a path the compute nodes can run.
    public var workerExecutable: URL
    public var cluster: SlurmCluster
    public var ingestor: RunIngestor?
    public var progress: ProgressStyle
    public var progressOutput: FileHandle
    /// Seconds between polls of the cluster (and ingestion passes).
    public var pollInterval: Double
    /// After an interrupt, how long to wait for the cancelled tasks to end.
    public var cancelTimeout: Double
    /// How long the controller may stay unreachable before the launcher gives up waiting.
    public var unreachableTimeout: Double

    public init(settings: SlurmLauncherSettings, sweepDirectory: URL, jobName: String, workerExecutable: URL,
                cluster: SlurmCluster = SlurmCluster(), ingestor: RunIngestor? = nil, progress: ProgressStyle = .quiet,
                progressOutput: FileHandle = .standardOutput, pollInterval: Double = 0.5,
                cancelTimeout: Double = 120, unreachableTimeout: Double = 300) {
        self.settings = settings
        self.sweepDirectory = sweepDirectory
        self.jobName = jobName
        self.workerExecutable = workerExecutable
        self.cluster = cluster
        self.ingestor = ingestor
        self.progress = progress
        self.progressOutput = progressOutput
        self.pollInterval = pollInterval
        self.cancelTimeout = cancelTimeout
        self.unreachableTimeout = unreachableTimeout
    }

    /// The array that would run `jobs` (for `--dry-run` and for submitting).
    public func submission(for jobs: [LaunchJob]) -> SlurmSubmission {
        SlurmSubmission(sweepDirectory: sweepDirectory, jobs: jobs, settings: settings,
                        workerExecutable: workerExecutable, jobName: jobName)
    }

    /// Fails with sbatch's own reason when the cluster would refuse the array (an unknown
    /// partition, too much memory), before any run directory is made.
    public func check(_ jobs: [LaunchJob]) throws {
        try cluster.check(submission(for: jobs))
    }

    public func launch(_ jobs: [LaunchJob]) async throws -> [JobResult] {
        let launcher = self
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try launcher.launchAndWait(jobs) }) }
            thread.name = "ablate-slurm-launcher"
            thread.start()
        }
    }

    /// Submits the array and polls it until every task has ended; blocks the calling thread.
    public func launchAndWait(_ jobs: [LaunchJob]) throws -> [JobResult] {
        try SlurmArrayRun(launcher: self, jobs: jobs).run()
    }

    /// Submits the array and returns its job id at once (`launcher.wait=false`, `--detach`):
    /// the tasks record their progress in their run directories; `collect_results` ingests
    /// them and `--resume` resubmits whatever did not complete.
    public func submitDetached(_ jobs: [LaunchJob]) throws -> String {
        _ = try prepare(jobs)
        return try cluster.submit(submission(for: jobs))
    }

    /// Refuses to submit while an earlier array of this sweep still has tasks queued or
    /// running; then records every job as queued (with its attempt number) and returns the attempts.
    func prepare(_ jobs: [LaunchJob]) throws -> [Int] {
        let name = SlurmSubmission.jobName(for: jobName)
        for id in SlurmCluster.submittedJobIDs(sweepDirectory: sweepDirectory) {
            let live = try cluster.liveTasks(arrayJobID: id, jobName: name)
            if !live.isEmpty {
                throw LaunchError.sweepStillRunning(jobID: id, sweepDirectory: sweepDirectory.path, tasks: live.count)
            }
        }
        return try jobs.map { job in
            let previous = try JobStatus.read(from: job.runDirectory)
            // An attempt that never started is reused, as the local launcher does.
            let attempt = previous.map { $0.startTime == nil ? max(1, $0.attempt) : $0.attempt + 1 } ?? 1
            try FileManager.default.createDirectory(
                at: job.runDirectory.appendingPathComponent("logs"), withIntermediateDirectories: true)
            try JobStatus(state: .queued, jobNum: job.num, attempt: attempt, launcher: "slurm").write(to: job.runDirectory)
            return attempt
        }
    }
}
