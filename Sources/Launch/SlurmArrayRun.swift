import Foundation

/// One `SlurmLauncher.launchAndWait` call: submits the array, then polls it until every task
/// has ended, keeping the run directories' status, the progress view and the store up to date.
final class SlurmArrayRun {
    private let launcher: SlurmLauncher
    private let jobs: [LaunchJob]
    private let reporter: ProgressReporter
    private let watcher: ExitWatcher
    private let interruptBaseline: Int

    private var attempts: [Int] = []
    private var results: [JobResult?]
    private var started: Set<Int> = []
    private var missingPolls: [Int: Int] = [:]
    private var toIngest: Set<Int> = []
    private var arrayJobID = ""
    private var interruptSignal: Int32?
    private var cancelDeadline: Double?
    private var interruptCountAtCancel = Int.max
    private var unreachableSince: Double?
    private var ingestWarning: String?

    init(launcher: SlurmLauncher, jobs: [LaunchJob]) throws {
        self.launcher = launcher
        self.jobs = jobs
        self.reporter = ProgressReporter(style: launcher.progress, total: jobs.count, output: launcher.progressOutput)
        self.watcher = try ExitWatcher()
        self.interruptBaseline = ExitWatcher.interruptCount
        self.results = Array(repeating: nil, count: jobs.count)
    }

    func run() throws -> [JobResult] {
        guard !jobs.isEmpty else { return [] }
        attempts = try launcher.prepare(jobs)
        let submission = launcher.submission(for: jobs)
        arrayJobID = try launcher.cluster.submit(submission)
        let throttle = launcher.settings.arrayParallelism.map { ", \($0) at a time" } ?? ""
        reporter.note("submitted \(jobs.count) job(s) to Slurm as array job \(arrayJobID)\(throttle); "
            + "script: \(submission.scriptURL.path)")
        defer { reporter.end() }
        while results.contains(where: { $0 == nil }) {
            checkInterrupt()
            if let deadline = cancelDeadline, JobStatus.now() >= deadline {
                reporter.note("array job \(arrayJobID): not waiting any longer for its cancelled tasks to end; "
                    + "check with squeue -j \(arrayJobID)")
                break
            }
            try poll()
            ingestPending(all: false)
            reporter.refresh(running: started.sorted().map { jobs[$0] })
            if results.contains(where: { $0 == nil }) { _ = watcher.wait(timeout: launcher.pollInterval) }
        }
        for index in jobs.indices where results[index] == nil {
            // Only after an interrupt whose cancellation did not finish in time.
            try finish(index, slurm: nil)
        }
        toIngest.formUnion(jobs.indices)
        ingestPending(all: true)
        if let ingestWarning { reporter.note(ingestWarning) }
        return results.map { $0! }
    }

    private func checkInterrupt() {
        if interruptSignal != nil, ExitWatcher.interruptCount > interruptCountAtCancel {
            // A second Ctrl-C: stop waiting for the cancelled tasks to end.
            cancelDeadline = JobStatus.now()
            return
        }
        guard interruptSignal == nil, ExitWatcher.interruptCount > interruptBaseline else { return }
        interruptCountAtCancel = ExitWatcher.interruptCount
        let signal = ExitWatcher.lastInterruptSignal
        interruptSignal = signal
        cancelDeadline = JobStatus.now() + launcher.cancelTimeout
        reporter.note("interrupted (signal \(signal)): cancelling array job \(arrayJobID) (scancel)")
        do {
            try launcher.cluster.cancel(arrayJobID: arrayJobID)
        } catch {
            reporter.note("warning: \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
        }
    }

    /// One look at the array: records tasks that started or ended.
    private func poll() throws {
        let states: [Int: SlurmTaskState]?
        do {
            states = try launcher.cluster.taskStates(arrayJobID: arrayJobID)
            unreachableSince = nil
        } catch let error as LaunchError {
            // A busy or restarting controller is retried until `unreachableTimeout`.
            let since = unreachableSince ?? JobStatus.now()
            unreachableSince = since
            if JobStatus.now() - since > launcher.unreachableTimeout {
                throw LaunchError.slurmQueryFailed(
                    command: "scontrol show job \(arrayJobID)",
                    message: "\(error.errorDescription ?? "no answer") for \(formatSeconds(launcher.unreachableTimeout)); "
                        + "the array may still be running: follow it with squeue -j \(arrayJobID), then collect_results or --resume")
            }
            return
        }
        for index in jobs.indices where results[index] == nil {
            guard let task = states?[jobs[index].num] else {
                // Slurm forgot the task (purged after MinJobAge, no accounting): its run directory decides.
                missingPolls[index, default: 0] += 1
                if missingPolls[index]! >= 3 { try finish(index, slurm: nil) }
                continue
            }
            missingPolls[index] = nil
            if task.isRunning, !started.contains(index) {
                started.insert(index)
                reporter.started(jobs[index], attempt: attempts[index])
            }
            if task.isFinal { try finish(index, slurm: task) }
        }
    }

    /// Records how job `index` ended: as its worker wrote it when it could, else from Slurm's
    /// state (a task killed for its time limit or memory, cancelled, or lost with its node).
    private func finish(_ index: Int, slurm task: SlurmTaskState?) throws {
        let job = jobs[index]
        let taskName = "\(arrayJobID)_\(job.num)"
        let written = try? JobStatus.read(from: job.runDirectory)
        let interrupted = interruptSignal != nil
        // A task Slurm requeued records a later attempt than the one submitted.
        if var final = written, final.state.isFinal, final.attempt >= attempts[index] {
            if interrupted, final.state == .failed, task?.state == "CANCELLED" {
                final.state = .interrupted
                final.error = nil
                try final.write(to: job.runDirectory)
            }
            var error = final.error
            if final.state == .failed, let task {
                error = (error ?? "failed") + " (Slurm: \(task.description), job \(taskName))"
            }
            record(index, final, error: error)
            return
        }
        var final = JobStatus(state: .failed, jobNum: job.num, exitCode: task?.exitCode,
                              signal: task?.signal.flatMap { $0 == 0 ? nil : $0 },
                              startTime: written?.startTime, endTime: JobStatus.now(), host: written?.host,
                              pid: written?.pid, attempt: attempts[index], launcher: "slurm")
        if interrupted {
            final.state = .interrupted
            if written?.startTime == nil { final.error = "not started: the sweep was interrupted" }
        } else if let task {
            final.error = task.state == "COMPLETED"
                ? "the worker ended without recording a result (Slurm: \(task.description), job \(taskName))"
                : "Slurm ended job \(taskName) as \(task.description)"
        } else {
            final.error = "Slurm no longer knows job \(taskName) and its worker left state '\(written?.state.rawValue ?? "none")'; "
                + "see \(job.runDirectory.path)/logs and \(launcher.sweepDirectory.path)/\(SlurmSubmission.folderName)/\(taskName).out"
        }
        try final.write(to: job.runDirectory)
        record(index, final, error: final.error)
    }

    private func record(_ index: Int, _ status: JobStatus, error: String?) {
        let result = JobResult(job: jobs[index], state: status.state, exitCode: status.exitCode,
                               signal: status.signal, attempt: status.attempt, error: error)
        results[index] = result
        started.remove(index)
        toIngest.insert(index)
        reporter.finished(result)
    }

    private func ingestPending(all: Bool) {
        guard let ingestor = launcher.ingestor else { return }
        var indices = toIngest
        toIngest = []
        if !all { indices.formUnion(started) }
        guard !indices.isEmpty else { return }
        let directories = indices.sorted().map { jobs[$0].runDirectory }
        if let warning = RunIngestWarning.of(directories, { try ingestor.ingest(runDirectories: directories) }) {
            ingestWarning = warning
        }
    }
}
