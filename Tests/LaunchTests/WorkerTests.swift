import Foundation
import Testing
@testable import Launch

/// Starts the built `train-worker` on `job` and returns its pid (the caller reaps it).
private func startWorker(_ job: LaunchJob, environment extra: [String: String] = [:]) throws -> pid_t {
    let logs = job.runDirectory.appendingPathComponent("logs")
    try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
    return try ChildProcess.spawn(ChildProcess.Request(
        arguments: [BuiltProducts.url("train-worker").path, job.runDirectory.path],
        environment: ProcessInfo.processInfo.environment.merging(extra) { $1 }, workingDirectory: nil,
        stdoutPath: logs.appendingPathComponent("stdout.log").path,
        stderrPath: logs.appendingPathComponent("stderr.log").path,
        newProcessGroup: true, deathSignal: 0), context: job.runDirectory.path)
}

private func waitFor(_ pid: pid_t) -> ProcessExit {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return ProcessExit(waitStatus: status)
}

private func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<500 where !condition() { try await Task.sleep(nanoseconds: 10_000_000) }
}

@Suite("train-worker")
struct WorkerTests {
    @Test("SIGINT to the worker reaches its task; the job is recorded interrupted and the worker exits 130")
    func forwardsInterrupt() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        // The task says it is ready, then waits; on SIGINT it notes the signal and exits 1 (as Python would).
        let job = try fixture.job(0, script: "trap 'echo got-int > trapped; exit 1' INT; echo ready > ready; while :; do sleep 0.05; done")
        try JobStatus(state: .queued, jobNum: 0, attempt: 1, launcher: "local").write(to: job.runDirectory)
        let pid = try startWorker(job)
        try await waitUntil { FileManager.default.fileExists(atPath: job.runDirectory.appendingPathComponent("ready").path) }
        let running = try status(job)
        #expect(running.state == .running && running.pid == Int(pid))
        kill(pid, SIGINT)
        #expect(waitFor(pid) == .exited(130))
        #expect(readText(job.runDirectory.appendingPathComponent("trapped")) == "got-int\n")
        let final = try status(job)
        #expect(final.state == .interrupted && final.exitCode == 1 && final.error == nil && final.endTime != nil)
        kill(-pid, SIGKILL)
    }

    @Test("a worker started again in a run it already began (a Slurm requeue) records the next attempt")
    func requeuedRunIsTheNextAttempt() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let job = try fixture.job(0, script: "exit 0")
        // Queued by the launcher as attempt 3 (a --resume): the worker runs attempt 3.
        try JobStatus(state: .queued, jobNum: 0, attempt: 3, launcher: "slurm").write(to: job.runDirectory)
        #expect(waitFor(try startWorker(job)) == .exited(0))
        #expect(try status(job).attempt == 3)
        // Started again with no launcher in between, as after `scontrol requeue`: attempt 4.
        var stopped = try status(job)
        stopped.state = .interrupted
        try stopped.write(to: job.runDirectory)
        #expect(waitFor(try startWorker(job)) == .exited(0))
        let final = try status(job)
        #expect(final.attempt == 4 && final.state == .completed && final.launcher == "slurm")
    }

    @Test("task.name=train without the training core built reports plainly what is missing")
    func builtInTrainMissing() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let job = try fixture.job(0, script: "")
        try "task:\n  name: train\n".write(to: job.runDirectory.appendingPathComponent(".hydra/config.yaml"),
                                         atomically: true, encoding: .utf8)
        let core = fixture.root.appendingPathComponent("no-such-train-core").path
        #expect(waitFor(try startWorker(job, environment: ["ABLATE_TRAIN_CORE": core])) == .exited(1))
        let message = "Cannot run task 'train' in \(job.runDirectory.path): the training core \(core) is missing; build it with `swift build -c release` (scripts/train does), or set task.command to run an external program."
        #expect(try status(job).error == message)
        #expect(readText(job.runDirectory.appendingPathComponent("logs/stderr.log")) == "train-worker: \(message)\n")
    }

    @Test("task.name=train runs the training core the worker was given, with the job's config")
    func trainingCoreInjected() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let job = try fixture.job(4, script: "")
        try "task:\n  name: train\ntrainer:\n  max_epochs: 3\n".write(
            to: job.runDirectory.appendingPathComponent(".hydra/config.yaml"), atomically: true, encoding: .utf8)
        try JobStatus(state: .queued, jobNum: 4, attempt: 1, launcher: "local").write(to: job.runDirectory)
        let worker = Worker(runDirectory: job.runDirectory, trainingCore: { directory, config in
            guard case .int(let epochs)? = config.value(at: "trainer.max_epochs") else { throw LaunchError.invalidSetting(key: "trainer.max_epochs", reason: "missing") }
            try "\(epochs)\n".write(to: directory.appendingPathComponent("epochs"), atomically: true, encoding: .utf8)
        })
        #expect(worker.run() == 0)
        #expect(readText(job.runDirectory.appendingPathComponent("epochs")) == "3\n")
        #expect(try status(job).state == .completed)

        let failing = Worker(runDirectory: job.runDirectory, trainingCore: { _, _ in
            throw LaunchError.invalidSetting(key: "optimizer.lr", reason: "must be positive")
        })
        #expect(failing.run() == 1)
        let final = try status(job)
        #expect(final.state == .failed && final.error == "Invalid value for 'optimizer.lr': must be positive.")
    }

    struct TaskCase: Sendable, CustomTestStringConvertible {
        let id: String
        let yaml: String
        let expected: Result<WorkerTask, LaunchError>
        var testDescription: String { id }
    }

    static let taskCases: [TaskCase] = [
        TaskCase(id: "external", yaml: "task:\n  command: [python3, t.py]\n  pass_overrides: true\n",
                 expected: .success(.external(command: ["python3", "t.py"], passOverrides: true))),
        TaskCase(id: "command wins over name", yaml: "task:\n  name: external\n  command: [/bin/true]\n",
                 expected: .success(.external(command: ["/bin/true"], passOverrides: false))),
        TaskCase(id: "train", yaml: "task:\n  name: train\n  command: []\n", expected: .success(.train)),
        TaskCase(id: "empty command", yaml: "task:\n  command: []\n  pass_overrides: false\n",
                 expected: .failure(.invalidSetting(key: "task.command", reason: "empty; give the program to run, e.g. task.command=[python3,train.py], or choose task=train"))),
        TaskCase(id: "unknown key", yaml: "task:\n  comand: [x]\n",
                 expected: .failure(.unknownSetting(key: "task.comand", known: ["task.name", "task.command", "task.pass_overrides"]))),
        TaskCase(id: "unknown task", yaml: "task:\n  name: evaluate\n",
                 expected: .failure(.invalidSetting(key: "task.name", reason: "unknown task 'evaluate'; use task=train, task=hydra_app or set task.command"))),
        TaskCase(id: "hydra app", yaml: "task:\n  name: hydra_app\n  command: [python3, runners/train.py]\n",
                 expected: .success(.hydraApp(command: ["python3", "runners/train.py"]))),
        TaskCase(id: "hydra app without a command", yaml: "task:\n  name: hydra_app\n  command: []\n",
                 expected: .failure(.invalidSetting(key: "task.command", reason: "empty; give the Hydra application to run, e.g. task.command=[python3,runners/train.py]"))),
        TaskCase(id: "hydra app without its overrides", yaml: "task:\n  name: hydra_app\n  command: [app]\n  pass_overrides: false\n",
                 expected: .failure(.invalidSetting(key: "task.pass_overrides", reason: "a Hydra application always gets the job's overrides; leave it out or choose task=external"))),
    ]

    @Test("the task is decoded strictly from .hydra/config.yaml", arguments: taskCases)
    func decodeTask(_ c: TaskCase) throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let job = try fixture.job(0, script: "")
        try c.yaml.write(to: job.runDirectory.appendingPathComponent(".hydra/config.yaml"), atomically: true, encoding: .utf8)
        switch c.expected {
        case .success(let task): #expect(try WorkerTask.load(runDirectory: job.runDirectory) == task)
        case .failure(let error): #expect(throws: error) { try WorkerTask.load(runDirectory: job.runDirectory) }
        }
    }

    @Test("relative paths in task.command are found where train was started")
    func relativeCommand() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        FileManager.default.createFile(atPath: fixture.root.appendingPathComponent("my_train.py").path, contents: Data())
        let worker = Worker(runDirectory: fixture.root.appendingPathComponent("0_x=0"), environment: [:],
                            originalDirectory: fixture.root)
        #expect(worker.resolvedCommand(["python3", "my_train.py", "--lr", "0.1", "missing.py"])
                == ["python3", fixture.root.path + "/my_train.py", "--lr", "0.1", "missing.py"])
    }
}
