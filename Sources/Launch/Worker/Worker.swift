import CAblateProcess
import Config
import Foundation

/// `train-worker <run dir>`: runs one job in its run directory and records how it went in
/// `status.json` (running, then completed, failed or interrupted). Interrupts it receives
/// are forwarded to the task; the task dies with the worker (parent-death signal).
public struct Worker: Sendable {
    /// The built-in training core (`task.name: train`): trains the job in its run directory
    /// with its resolved config; a thrown error fails the job with the error's message.
    /// Passed in by the `train-worker` executable, so Launch never links the training core.
    public typealias TrainingCore = @Sendable (_ runDirectory: URL, _ config: ConfigValue) throws -> Void

    public var runDirectory: URL
    /// The environment the worker was started with.
    public var environment: [String: String]
    /// The directory `train` was started in: relative paths in `task.command` are resolved there.
    public var originalDirectory: URL
    /// nil: this build has no training core, and `task=train` fails with a message saying so.
    public var trainingCore: TrainingCore?

    public init(runDirectory: URL, environment: [String: String] = ProcessInfo.processInfo.environment,
                originalDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                trainingCore: TrainingCore? = nil) {
        self.runDirectory = runDirectory.standardizedFileURL
        self.environment = environment
        self.originalDirectory = originalDirectory
        self.trainingCore = trainingCore
    }

    /// glibc's mmap and trim thresholds raised so training steps reuse their buffers
    /// instead of mapping them afresh (DESIGN.md, performance rules).
    public static func raiseMallocThresholds() {
        _ = ablate_set_malloc_thresholds(32 << 20, 1 << 30)
    }

    /// Runs the job; returns the worker's exit code (0 completed, 1 failed, 130 interrupted).
    public func run() -> Int32 {
        var status: JobStatus
        do {
            let previous = try JobStatus.read(from: runDirectory)
            status = JobStatus(state: .running,
                               jobNum: previous?.jobNum ?? WorkerTask.loadJobNum(runDirectory: runDirectory) ?? 0,
                               startTime: JobStatus.now(), host: JobStatus.hostName(), pid: Int(getpid()),
                               attempt: previous.map(Self.attempt(after:)) ?? 1,
                               launcher: previous?.launcher ?? environment["ABLATE_LAUNCHER"] ?? "local")
            try status.write(to: runDirectory)
        } catch {
            report(error)
            return 1
        }
        // A torn last line left by a killed attempt must not swallow this attempt's first record.
        TornLine.endMetricsFile(in: runDirectory)
        let outcome: Outcome
        do {
            let task = try WorkerTask.load(runDirectory: runDirectory)
            var overrides: [String] = []
            switch task {
            case .external(_, passOverrides: true), .hydraApp: overrides = try WorkerTask.loadOverrides(runDirectory: runDirectory)
            case .external, .train: break
            }
            if let invocation = task.invocation(overrides: overrides, runDirectory: runDirectory) {
                outcome = try runExternal(command: invocation.command, extraArguments: invocation.extraArguments)
            } else {
                if let trainingCore {
                    // A training core linked into this process.
                    let path = runDirectory.appendingPathComponent(".hydra/config.yaml").path
                    try trainingCore(runDirectory, try WorkerTask.loadYAML(path))
                    outcome = Outcome(state: .completed, exitCode: 0)
                } else {
                    // The train-core executable next to this one, as a child process.
                    outcome = try runTrainingCore()
                }
            }
        } catch {
            report(error)
            outcome = Outcome(state: .failed, exitCode: nil, signal: nil,
                              error: (error as? LocalizedError)?.errorDescription ?? "\(error)")
        }
        status.state = outcome.state
        status.exitCode = outcome.exitCode
        status.signal = outcome.signal
        status.error = outcome.error
        status.endTime = JobStatus.now()
        do {
            try status.write(to: runDirectory)
        } catch {
            report(error)
            return 1
        }
        switch outcome.state {
        case .completed: return 0
        case .interrupted: return 130
        default: return 1
        }
    }

    /// The attempt a worker starting now makes, after `previous`: the launcher's queued record
    /// names it; a run that already started (Slurm requeued the task after preemption or near
    /// its time limit) is tried again as the next attempt.
    static func attempt(after previous: JobStatus) -> Int {
        previous.state == .queued || previous.startTime == nil ? max(1, previous.attempt) : previous.attempt + 1
    }

    /// How a job's task ended, as status.json records it.
    struct Outcome {
        var state: JobState
        var exitCode: Int?
        var signal: Int?
        var error: String?

        init(state: JobState, exitCode: Int?, signal: Int? = nil, error: String? = nil) {
            self.state = state
            self.exitCode = exitCode
            self.signal = signal
            self.error = error
        }

        /// The outcome of task `program` that ended with `exit`; after an interrupt, anything
        /// but a clean exit is `interrupted` (the task stopped because it was asked to).
        init(program: String, exit: ProcessExit, interrupted: Bool) {
            switch exit {
            case .exited(0) where !interrupted:
                self.init(state: .completed, exitCode: 0)
            case .exited(let code):
                self.init(state: interrupted ? .interrupted : .failed, exitCode: code,
                          error: interrupted ? nil : "\(program) exited with code \(code)")
            case .signaled(let signal):
                self.init(state: interrupted ? .interrupted : .failed, exitCode: nil, signal: signal,
                          error: interrupted ? nil : "\(program) killed by signal \(signal) (\(signalName(signal)))")
            }
        }
    }

    /// The environment of an external task: ABLATE_RUN_DIR, ABLATE_CONFIG, ABLATE_METRICS, ABLATE_ORIG_CWD.
    public func taskEnvironment() -> [String: String] {
        var env = environment
        env["ABLATE_RUN_DIR"] = runDirectory.path
        env["ABLATE_CONFIG"] = runDirectory.appendingPathComponent(".hydra/config.yaml").path
        env["ABLATE_METRICS"] = runDirectory.appendingPathComponent("metrics.jsonl").path
        env["ABLATE_ORIG_CWD"] = originalDirectory.path
        env["PWD"] = runDirectory.path  // the task starts in its run directory
        return env
    }

    /// The task runs inside its run directory, so a relative argument that names an existing
    /// file or folder where `train` was started (`my_train.py`) is made absolute.
    public func resolvedCommand(_ command: [String]) -> [String] {
        command.enumerated().map { position, argument in
            guard !argument.hasPrefix("/"), !argument.isEmpty, !argument.hasPrefix("-") else { return argument }
            if position == 0 && !argument.contains("/") { return argument }  // a program found in PATH
            let candidate = originalDirectory.appendingPathComponent(argument).path
            return FileManager.default.fileExists(atPath: candidate) ? candidate : argument
        }
    }

    /// How to start an external task for this run: its resolved argv, the task environment,
    /// the run directory as working directory. Output goes to `stdoutPath`/`stderrPath`
    /// (nil: this process's own, as the worker's output already lands in the run's logs).
    public func externalTaskRequest(command: [String], extraArguments: [String], environment: [String: String]? = nil,
                                    stdoutPath: String? = nil, stderrPath: String? = nil,
                                    newProcessGroup: Bool = false) -> ChildProcess.Request {
        ChildProcess.Request(
            arguments: resolvedCommand(command) + extraArguments, environment: environment ?? taskEnvironment(),
            workingDirectory: runDirectory, stdoutPath: stdoutPath, stderrPath: stderrPath,
            newProcessGroup: newProcessGroup)
    }

    private func runExternal(command: [String], extraArguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        let watcher = try ExitWatcher()
        let baseline = ExitWatcher.interruptCount
        let request = externalTaskRequest(command: command, extraArguments: extraArguments, environment: environment)
        let pid = try ChildProcess.spawn(request, context: runDirectory.path)
        try watcher.watch(pid)
        var forwarded = baseline
        var exit: ProcessExit?
        while exit == nil {
            let count = ExitWatcher.interruptCount
            if count > forwarded {
                forwarded = count
                kill(pid, ExitWatcher.lastInterruptSignal)
            }
            exit = watcher.wait(timeout: 1).first { $0.pid == pid }?.status
        }
        return Outcome(program: command[0], exit: exit!, interrupted: ExitWatcher.interruptCount > baseline)
    }

    /// The built-in training core, `train-core` next to this executable (or ABLATE_TRAIN_CORE).
    /// It runs as a child so that the worker itself never loads libtorch; its one-line failure
    /// reason (logs/error.txt) becomes the job's error.
    public func trainingCoreExecutable() -> URL {
        if let path = environment["ABLATE_TRAIN_CORE"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("train-core")
    }

    private func runTrainingCore() throws -> Outcome {
        let core = trainingCoreExecutable()
        guard FileManager.default.isExecutableFile(atPath: core.path) else {
            throw LaunchError.unsupportedTask(
                name: "train", runDirectory: runDirectory.path,
                reason: "the training core \(core.path) is missing; build it with `swift build -c release` (scripts/train does), or set task.command to run an external program")
        }
        let errorFile = runDirectory.appendingPathComponent("logs/error.txt")
        try? FileManager.default.removeItem(at: errorFile)
        // OpenMP threads that spin while waiting take the cores from other jobs (and from
        // anything else on a shared machine): let them sleep unless the user chose otherwise.
        var environment = taskEnvironment()
        if environment["OMP_WAIT_POLICY"] == nil { environment["OMP_WAIT_POLICY"] = "PASSIVE" }
        var outcome = try runExternal(command: [core.path, runDirectory.path], extraArguments: [], environment: environment)
        if outcome.state == .failed, let data = FileManager.default.contents(atPath: errorFile.path),
           let reason = String(decoding: data, as: UTF8.self).split(separator: "\n").first {
            outcome.error = String(reason)
        }
        return outcome
    }

    private func report(_ error: Error) {
        let text = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        FileHandle.standardError.write(Data("train-worker: \(text)\n".utf8))
    }
}
