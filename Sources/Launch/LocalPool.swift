import Foundation

/// One `LocalLauncher.launch` call: the queue, the running workers and their results.
/// Lives on the launcher's own thread; never shared.
final class LocalPool {
    private struct Running {
        var index: Int
        var startTime: Double
        var gpu: String?
        /// The program of an external task started directly (no worker in between).
        var program: String?
    }

    private let launcher: LocalLauncher
    private var jobs: [LaunchJob]
    /// Hands out more jobs as slots free up, and says which running ones to stop (a study).
    private let feed: JobFeed?
    /// Jobs the feed asked to stop: their pid's SIGKILL deadline, and what to record.
    private var stopping: [pid_t: (deadline: Double, stop: JobStop)] = [:]
    private let watcher: ExitWatcher
    private let reporter: ProgressReporter
    private let workers: Int
    private let interruptBaseline: Int

    private var queue: [Int]
    private var running: [pid_t: Running] = [:]
    private var results: [JobResult?]
    private var attempts: [Int]
    private var toIngest: Set<Int> = []
    private var interruptSignal: Int32?
    private var killDeadline: Double?
    private var killedAll = false
    private var interruptsSeen = 0
    private var failed = false
    private var queued: [Bool]
    private var allQueued = false
    private let ingest: BackgroundIngest?
    /// Kills the running jobs' process groups if this process dies without doing it.
    private let guardian: JobGuardian
    private let hostName = JobStatus.hostName()

    init(launcher: LocalLauncher, jobs: [LaunchJob], feed: JobFeed? = nil) throws {
        self.launcher = launcher
        self.jobs = jobs
        self.feed = feed
        self.watcher = try ExitWatcher()
        self.guardian = try JobGuardian(killTimeout: launcher.settings.killTimeout)
        self.workers = feed.map { $0.slots(launcherWorkers: launcher.settings.nJobs) } ?? launcher.settings.workers(cores: launcher.cores)
        self.reporter = ProgressReporter(style: launcher.progress, total: feed?.expectedTotal ?? jobs.count,
                                         output: launcher.progressOutput)
        self.interruptBaseline = ExitWatcher.interruptCount
        self.ingest = launcher.ingestor.map(BackgroundIngest.init)
        self.queue = Array(jobs.indices)
        self.results = Array(repeating: nil, count: jobs.count)
        self.attempts = Array(repeating: 1, count: jobs.count)
        self.queued = Array(repeating: false, count: jobs.count)
    }

    /// Records job `index` as queued (once): its attempt number and `status.json`.
    private func enqueue(_ index: Int) throws {
        guard !queued[index] else { return }
        queued[index] = true
        let job = jobs[index]
        // An attempt that never started (still queued, or interrupted before it began) is reused.
        if let previous = try JobStatus.read(from: job.runDirectory) {
            attempts[index] = previous.startTime == nil ? max(1, previous.attempt) : previous.attempt + 1
        }
        try FileManager.default.createDirectory(
            at: job.runDirectory.appendingPathComponent("logs"), withIntermediateDirectories: true)
        // The launcher's host and pid: if it dies before starting the job, the run shows as lost.
        try JobStatus(state: .queued, jobNum: job.num, host: hostName, pid: Int(getpid()), attempt: attempts[index],
                      launcher: "local").write(to: job.runDirectory)
    }

    func run() throws -> [JobResult] {
        // The first workers' jobs are queued and started at once; the rest are recorded as
        // queued right after, while those run (each still before it starts).
        for index in jobs.indices.prefix(workers) { try enqueue(index) }
        reporter.begin(workers: workers)
        let threads = launcher.settings.threadsPerJob
        if min(workers, jobs.count) * threads > launcher.cores {
            reporter.note("warning: \(min(workers, jobs.count)) jobs x \(threads) thread(s) exceed the \(launcher.cores) cores; "
                + "jobs will slow each other down (lower launcher.n_jobs or launcher.threads_per_job)")
        }
        var lastRefresh = 0.0
        do {
            while true {
                checkInterrupt()
                if let deadline = killDeadline, !killedAll, JobStatus.now() >= deadline { killAll() }
                killStoppedPastDeadline()
                if interruptSignal == nil && !(launcher.settings.failFast && failed) {
                    while running.count < workers, !queue.isEmpty {
                        try start(queue.removeFirst())
                        checkInterrupt()
                        if interruptSignal != nil || (launcher.settings.failFast && failed) { break }
                    }
                    try refill()
                }
                if !allQueued {
                    allQueued = true
                    for index in jobs.indices { try enqueue(index) }
                }
                if running.isEmpty { break }
                var timeout = launcher.refreshInterval
                if let deadline = killDeadline, !killedAll { timeout = min(timeout, max(0.01, deadline - JobStatus.now())) }
                if let deadline = stopping.values.map(\.deadline).min() { timeout = min(timeout, max(0.01, deadline - JobStatus.now())) }
                for exit in watcher.wait(timeout: timeout) { try finish(pid: exit.pid, status: exit.status) }
                let now = JobStatus.now()
                if now - lastRefresh >= launcher.refreshInterval {
                    lastRefresh = now
                    ingestPending(all: false)
                    try pollFeed()
                    reporter.refresh(running: running.values.map { jobs[$0.index] }.sorted { $0.num < $1.num })
                }
            }
        } catch {
            killAll()
            while !running.isEmpty {
                for exit in watcher.wait(timeout: 1) { running[exit.pid] = nil }
            }
            guardian.close()
            _ = ingest?.finish()
            reporter.end()
            throw error
        }
        guardian.close()
        for index in jobs.indices where results[index] == nil {
            if interruptSignal != nil {
                // Never started because of the interrupt: recorded as interrupted, so --resume runs it.
                let status = JobStatus(state: .interrupted, jobNum: jobs[index].num, endTime: JobStatus.now(),
                                       attempt: attempts[index], launcher: "local",
                                       error: "not started: the sweep was interrupted")
                try status.write(to: jobs[index].runDirectory)
                results[index] = JobResult(job: jobs[index], state: .interrupted, attempt: attempts[index],
                                           error: status.error)
            } else {
                // Not started after a failure under fail_fast: still queued.
                results[index] = JobResult(job: jobs[index], state: .queued, attempt: attempts[index])
            }
        }
        toIngest.formUnion(jobs.indices)
        ingestPending(all: true)
        let ingestWarning = ingest?.finish()
        reporter.end()
        if let ingestWarning { reporter.note(ingestWarning) }
        return results.map { $0! }
    }

    private func checkInterrupt() {
        let count = ExitWatcher.interruptCount
        // A second interrupt does not wait for kill_timeout.
        if interruptSignal != nil, count > interruptsSeen, !killedAll {
            interruptsSeen = count
            reporter.note("interrupted again: killing \(running.count) job(s) now")
            killAll()
        }
        guard interruptSignal == nil, count > interruptBaseline else { return }
        interruptsSeen = count
        let signal = ExitWatcher.lastInterruptSignal
        interruptSignal = signal
        killDeadline = JobStatus.now() + launcher.settings.killTimeout
        reporter.note("interrupted (signal \(signal)): stopping \(running.count) running job(s), "
            + "killing them after \(formatSeconds(launcher.settings.killTimeout))")
        for pid in running.keys { kill(pid, signal) }
    }

    private func killAll() {
        killedAll = true
        for pid in running.keys {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
    }

    private func start(_ index: Int) throws {
        try enqueue(index)
        let job = jobs[index]
        let gpu = nextGPU()
        let logs = job.runDirectory.appendingPathComponent("logs")
        let stdoutPath = logs.appendingPathComponent("stdout.log").path
        let stderrPath = logs.appendingPathComponent("stderr.log").path
        // An external task is the job's own process: the pool starts it and records its
        // status itself. Anything else runs in a train-worker, which records its status.
        let request: ChildProcess.Request
        var program: String?
        if let invocation = job.task?.invocation(overrides: job.overrides, runDirectory: job.runDirectory) {
            program = invocation.command[0]
            let worker = Worker(runDirectory: job.runDirectory, environment: launcher.workerEnvironment(gpu: gpu),
                                originalDirectory: launcher.workingDirectory)
            request = worker.externalTaskRequest(command: invocation.command, extraArguments: invocation.extraArguments,
                                                 stdoutPath: stdoutPath, stderrPath: stderrPath, newProcessGroup: true)
            // A torn last line left by a killed attempt must not swallow this attempt's first
            // record (a train-worker does the same for the jobs it runs).
            TornLine.endMetricsFile(in: job.runDirectory)
        } else {
            request = ChildProcess.Request(
                arguments: [launcher.workerExecutable.path, job.runDirectory.path],
                environment: launcher.workerEnvironment(gpu: gpu), workingDirectory: nil,
                stdoutPath: stdoutPath, stderrPath: stderrPath, newProcessGroup: true)
        }
        let startTime = JobStatus.now()
        let pid: pid_t
        do {
            pid = try ChildProcess.spawn(request, context: job.runDirectory.path)
        } catch let error as LaunchError {
            let message = error.errorDescription ?? "cannot start the worker"
            if program != nil { appendLine("train: \(message)", to: stderrPath) }
            let failed = JobStatus(state: .failed, jobNum: job.num, startTime: startTime, endTime: JobStatus.now(),
                                   host: hostName, attempt: attempts[index], launcher: "local", error: message)
            try failed.write(to: job.runDirectory)
            try record(index, failed)
            return
        }
        guardian.register(group: pid)
        try watcher.watch(pid)
        running[pid] = Running(index: index, startTime: startTime, gpu: gpu, program: program)
        if program != nil {
            try JobStatus(state: .running, jobNum: job.num, startTime: startTime, host: hostName, pid: Int(pid),
                          attempt: attempts[index], launcher: "local").write(to: job.runDirectory)
        }
        reporter.started(job, attempt: attempts[index])
    }

    /// The GPU with the fewest running jobs, lowest position first; nil without GPUs.
    private func nextGPU() -> String? {
        let gpus = launcher.settings.gpus
        guard !gpus.isEmpty else { return nil }
        var load = Array(repeating: 0, count: gpus.count)
        for entry in running.values {
            if let gpu = entry.gpu, let position = gpus.firstIndex(of: gpu) { load[position] += 1 }
        }
        return gpus[load.indices.min { load[$0] < load[$1] }!]
    }

    private func finish(pid: pid_t, status: ProcessExit) throws {
        guard let entry = running.removeValue(forKey: pid) else { return }
        // Whatever the job left behind in its process group (a task's own children) goes with it.
        kill(-pid, SIGKILL)
        guardian.unregister(group: pid)
        let job = jobs[entry.index]
        if let stop = stopping.removeValue(forKey: pid)?.stop {
            // Stopped by the feed (pruned): whatever its exit, that is its outcome.
            let written = try? JobStatus.read(from: job.runDirectory)
            var final = JobStatus(state: stop.state, jobNum: job.num, startTime: written?.startTime ?? entry.startTime,
                                  endTime: JobStatus.now(), host: hostName, pid: Int(pid), attempt: attempts[entry.index],
                                  launcher: "local", error: stop.reason)
            if case .signaled(let signal) = status { final.signal = signal }
            if case .exited(let code) = status { final.exitCode = code }
            try final.write(to: job.runDirectory)
            try record(entry.index, final)
            return
        }
        if let program = entry.program {
            // A task the pool started itself: its exit is the job's outcome.
            let outcome = Worker.Outcome(program: program, exit: status, interrupted: interruptSignal != nil)
            let final = JobStatus(state: outcome.state, jobNum: job.num, exitCode: outcome.exitCode, signal: outcome.signal,
                                  startTime: entry.startTime, endTime: JobStatus.now(), host: hostName, pid: Int(pid),
                                  attempt: attempts[entry.index], launcher: "local", error: outcome.error)
            try final.write(to: job.runDirectory)
            try record(entry.index, final)
            return
        }
        let written = try? JobStatus.read(from: job.runDirectory)
        if var final = written, final.state.isFinal, final.attempt == attempts[entry.index] {
            if interruptSignal != nil, final.state == .failed, case .signaled = status {
                final.state = .interrupted
                try final.write(to: job.runDirectory)
            }
            try record(entry.index, final)
            return
        }
        // The worker could not write its final state (killed, crashed): write it for it.
        var final = JobStatus(state: .failed, jobNum: job.num, startTime: written?.startTime ?? entry.startTime,
                              endTime: JobStatus.now(), host: written?.host ?? JobStatus.hostName(),
                              pid: written?.pid ?? Int(pid), attempt: attempts[entry.index], launcher: "local")
        switch status {
        case .exited(let code):
            final.exitCode = code
            final.state = code == 0 ? .completed : .failed
            if code != 0 { final.error = "worker exited with code \(code) without recording a result" }
        case .signaled(let signal):
            final.signal = signal
            final.error = "worker killed by signal \(signal) (\(signalName(signal)))"
        }
        if interruptSignal != nil, final.state != .completed {
            final.state = .interrupted
            final.error = nil
        }
        try final.write(to: job.runDirectory)
        try record(entry.index, final)
    }

    private func record(_ index: Int, _ status: JobStatus) throws {
        let result = JobResult(job: jobs[index], state: status.state, exitCode: status.exitCode,
                               signal: status.signal, attempt: status.attempt, error: status.error)
        results[index] = result
        if status.state == .failed { failed = true }
        toIngest.insert(index)
        reporter.finished(result)
        if let feed {
            // The feed reads the job's results from the store: everything it wrote goes in first.
            ingestPending(all: false)
            _ = ingest?.finish()
            try feed.ended(result)
        }
    }

    /// Asks the feed for jobs while slots are free (none after an interrupt or a fail-fast stop).
    private func refill() throws {
        guard let feed, interruptSignal == nil, !(launcher.settings.failFast && failed) else { return }
        while running.count < workers, queue.isEmpty {
            let more = try feed.next(workers - running.count)
            if more.isEmpty { return }
            for job in more {
                jobs.append(job)
                results.append(nil)
                attempts.append(1)
                queued.append(false)
                try start(jobs.count - 1)
            }
        }
    }

    /// Lets the feed see the running jobs' latest results (ingested first) and stops those it names:
    /// SIGTERM now, SIGKILL after the launcher's kill_timeout.
    private func pollFeed() throws {
        guard let feed, !running.isEmpty else { return }
        _ = ingest?.finish()
        let current = running.filter { stopping[$0.key] == nil }
        let stops = try feed.poll(running: current.values.map { jobs[$0.index] }.sorted { $0.num < $1.num })
        for (pid, entry) in current {
            guard let stop = stops[jobs[entry.index].num] else { continue }
            stopping[pid] = (JobStatus.now() + launcher.settings.killTimeout, stop)
            reporter.note("job \(jobs[entry.index].num) \(stop.state.rawValue): \(stop.reason)")
            kill(-pid, SIGTERM)
            kill(pid, SIGTERM)
        }
    }

    private func killStoppedPastDeadline() {
        let now = JobStatus.now()
        for (pid, entry) in stopping where entry.deadline <= now {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            stopping[pid]?.deadline = .infinity
        }
    }

    /// Hands finished jobs (and, while running, the running ones) to the background ingester.
    private func ingestPending(all: Bool) {
        guard let ingest else { return }
        var indices = toIngest
        toIngest = []
        if !all { indices.formUnion(running.values.map(\.index)) }
        ingest.submit(indices.sorted().map { jobs[$0].runDirectory })
    }
}

/// Appends `line` to the file at `path` (best effort: a message for a log, never an error of its own).
func appendLine(_ line: String, to path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return }
    defer { close(fd) }
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
}

func signalName(_ signal: Int) -> String {
    switch Int32(signal) {
    case SIGKILL: return "SIGKILL"
    case SIGTERM: return "SIGTERM"
    case SIGINT: return "SIGINT"
    case SIGSEGV: return "SIGSEGV"
    case SIGABRT: return "SIGABRT"
    case SIGBUS: return "SIGBUS"
    case SIGHUP: return "SIGHUP"
    case SIGQUIT: return "SIGQUIT"
    case SIGFPE: return "SIGFPE"
    case SIGILL: return "SIGILL"
    case SIGPIPE: return "SIGPIPE"
    default: return "signal \(signal)"
    }
}
