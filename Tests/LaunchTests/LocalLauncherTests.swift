import Foundation
import Testing
@testable import Launch

@Suite("Local launcher with real worker processes")
struct LocalLauncherTests {
    @Test("a failing job and a SIGKILLed one (the task itself, or its worker) do not stop the others; every failure is listed",
          arguments: TaskRoute.allCases)
    func failureIsolation(route: TaskRoute) async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        // Started directly, the task is the job's process and kills itself; under a worker, it kills the worker.
        let victim = route == .direct ? "$$" : "$PPID"
        let killed = route == .direct ? "/bin/sh" : "worker"
        let jobs = [
            try fixture.job(0, script: "echo fine", route: route),
            try fixture.job(1, script: "echo 'loss went nan' >&2; exit 3", route: route),
            try fixture.job(2, script: "echo 'about to die' >&2; sleep 30 & echo $! > sleeper; kill -KILL \(victim); wait", route: route),
            try fixture.job(3, script: "echo fine too", route: route),
        ]
        let results = try await fixture.launcher(LocalLauncherSettings(nJobs: 2)).launch(jobs)
        #expect(results.map(\.state) == [.completed, .failed, .failed, .completed])
        #expect(results[1].exitCode == 3)
        #expect(results[2].signal == 9)

        let s1 = try status(jobs[1])
        #expect(s1.state == .failed && s1.exitCode == 3 && s1.signal == nil && s1.error == "/bin/sh exited with code 3")
        let s2 = try status(jobs[2])
        #expect(s2.state == .failed && s2.signal == 9 && s2.exitCode == nil)
        #expect(s2.error == "\(killed) killed by signal 9 (SIGKILL)")
        #expect(readText(jobs[0].runDirectory.appendingPathComponent("logs/stdout.log")) == "fine\n")
        let sleeper = try #require(Int32(readText(jobs[2].runDirectory.appendingPathComponent("sleeper"))
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!isAlive(sleeper), "the killed job's background process went with it")

        let summary = LaunchSummary(results: results)
        #expect(summary.exitCode == 1)
        #expect(summary.text() == """
        4 job(s): 2 completed, 2 failed
        job 1 failed: /bin/sh exited with code 3
          run dir: \(jobs[1].runDirectory.path)
          stderr:  \(jobs[1].runDirectory.path)/logs/stderr.log
          | loss went nan
        job 2 failed: \(killed) killed by signal 9 (SIGKILL)
          run dir: \(jobs[2].runDirectory.path)
          stderr:  \(jobs[2].runDirectory.path)/logs/stderr.log
          | about to die
        to run the unfinished jobs again, repeat the command with --resume
        """)
    }

    @Test("status.json of a completed job holds every contract key", arguments: TaskRoute.allCases)
    func statusContents(route: TaskRoute) async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let job = try fixture.job(7, script: "echo $$ > task.pid", route: route)
        _ = try await fixture.launcher(LocalLauncherSettings(nJobs: 1)).launch([job])
        let data = try Data(contentsOf: JobStatus.url(in: job.runDirectory))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["state", "job_num", "exit_code", "signal", "start_time", "end_time",
                                     "host", "pid", "attempt", "launcher", "error"])
        #expect(object["state"] as? String == "completed")
        #expect(object["job_num"] as? Int == 7)
        #expect(object["exit_code"] as? Int == 0)
        #expect(object["signal"] is NSNull && object["error"] is NSNull)
        #expect(object["attempt"] as? Int == 1)
        #expect(object["launcher"] as? String == "local")
        #expect(object["host"] as? String == JobStatus.hostName() && !JobStatus.hostName().isEmpty)
        let start = try #require(object["start_time"] as? Double)
        let end = try #require(object["end_time"] as? Double)
        #expect(end >= start)
        let pid = try #require(object["pid"] as? Int)
        let taskPID = Int(readText(job.runDirectory.appendingPathComponent("task.pid")).trimmingCharacters(in: .whitespacesAndNewlines))
        // The job's process: the task itself, or the worker that ran it.
        #expect(route == .direct ? pid == taskPID : pid > 0 && pid != taskPID)
    }

    @Test("fail_fast stops launching after the first failure; the rest stay queued")
    func failFast() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let jobs = [
            try fixture.job(0, script: "exit 1"),
            try fixture.job(1, script: "exit 0"),
            try fixture.job(2, script: "exit 0"),
        ]
        let results = try await fixture.launcher(LocalLauncherSettings(nJobs: 1, failFast: true)).launch(jobs)
        #expect(results.map(\.state) == [.failed, .queued, .queued])
        #expect(try status(jobs[1]).state == .queued)
        #expect(!FileManager.default.fileExists(atPath: jobs[2].runDirectory.appendingPathComponent("logs/stdout.log").path))
        let text = LaunchSummary(results: results).text()
        #expect(text.hasPrefix("3 job(s): 0 completed, 1 failed, 2 not started\n"))
        #expect(text.contains("\nnot started: job(s) 1, 2\n"))
        #expect(LaunchSummary(results: results).exitCode == 1)

        // Resuming runs all three; the two that never started keep attempt 1.
        let plan = try ResumePlan(jobs: jobs)
        #expect(plan.toRun.map(\.num) == [0, 1, 2])
        _ = try await fixture.launcher(LocalLauncherSettings(nJobs: 1)).launch(plan.toRun)
        #expect(try jobs.map { try status($0).attempt } == [2, 1, 1])
    }

    /// Each job records when its task started and ended (Unix seconds from `date`).
    private func timedJobs(_ fixture: SweepFixture) throws -> [LaunchJob] {
        try (0..<2).map {
            try fixture.job($0, script: "date +%s.%N > began; sleep 0.5; date +%s.%N > ended")
        }
    }

    private func interval(_ job: LaunchJob) throws -> (Double, Double) {
        let read = { (name: String) throws -> Double in
            try #require(Double(readText(job.runDirectory.appendingPathComponent(name))
                .trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return (try read("began"), try read("ended"))
    }

    @Test("n_jobs=2 runs two jobs at once; n_jobs=1 one after the other")
    func parallelism() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let parallel = try timedJobs(fixture)
        _ = try await fixture.launcher(LocalLauncherSettings(nJobs: 2)).launch(parallel)
        let (a0, a1) = try interval(parallel[0])
        let (b0, b1) = try interval(parallel[1])
        #expect(b0 < a1 && a0 < b1, "the two jobs' intervals overlap")

        let serialFixture = try SweepFixture()
        defer { serialFixture.remove() }
        let serial = try timedJobs(serialFixture)
        _ = try await serialFixture.launcher(LocalLauncherSettings(nJobs: 1)).launch(serial)
        let (_, c1) = try interval(serial[0])
        let (d0, _) = try interval(serial[1])
        #expect(d0 >= c1, "the second job starts after the first ended")
    }

    @Test("external tasks get the run-dir contract, thread counts, GPUs round-robin and their overrides",
          arguments: TaskRoute.allCases)
    func environment(route: TaskRoute) async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let script = "env > env.txt; printf '%s\\n' \"$@\" > args.txt; sleep 0.3"
        let jobs = [
            try fixture.job(0, script: script, overrides: ["x=0", "lr=0.1"], passOverrides: true, route: route),
            try fixture.job(1, script: script, overrides: ["x=1"], passOverrides: false, route: route),
        ]
        let settings = LocalLauncherSettings(nJobs: 2, threadsPerJob: 3, gpus: ["0", "1"])
        _ = try await fixture.launcher(settings).launch(jobs)
        var gpus: [String] = []
        for job in jobs {
            let dir = job.runDirectory.path
            let env = Dictionary(readText(job.runDirectory.appendingPathComponent("env.txt"))
                .split(separator: "\n").compactMap { line -> (String, String)? in
                    guard let eq = line.firstIndex(of: "=") else { return nil }
                    return (String(line[..<eq]), String(line[line.index(after: eq)...]))
                }, uniquingKeysWith: { $1 })
            #expect(env["ABLATE_RUN_DIR"] == dir)
            #expect(env["ABLATE_CONFIG"] == dir + "/.hydra/config.yaml")
            #expect(env["ABLATE_METRICS"] == dir + "/metrics.jsonl")
            #expect(env["OMP_NUM_THREADS"] == "3")
            #expect(env["ABLATE_NUM_THREADS"] == "3")
            #expect(env["PWD"] == dir)
            #expect(env["ABLATE_ORIG_CWD"] == FileManager.default.currentDirectoryPath)
            gpus.append(env["CUDA_VISIBLE_DEVICES"] ?? "unset")
        }
        #expect(gpus.sorted() == ["0", "1"])
        #expect(readText(jobs[0].runDirectory.appendingPathComponent("args.txt")) == "x=0\nlr=0.1\n")
        #expect(readText(jobs[1].runDirectory.appendingPathComponent("args.txt")) == "\n")
    }

    @Test("resume reruns exactly the unfinished jobs, in their own dirs, attempt incremented")
    func resume() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let gate = fixture.root.appendingPathComponent("gate").path
        // Each run appends a line to `runs`; job 1 fails until the gate file exists.
        let jobs = try (0..<4).map { num in
            try fixture.job(num, script: num == 1
                ? "echo run >> runs; test -f '\(gate)'"
                : "echo run >> runs; exit 0")
        }
        let launcher = fixture.launcher(LocalLauncherSettings(nJobs: 2))
        _ = try await launcher.launch(jobs)
        // Job 3 never ran: as if the launcher had died before starting it.
        try FileManager.default.removeItem(at: jobs[3].runDirectory.appendingPathComponent("runs"))
        try FileManager.default.removeItem(at: JobStatus.url(in: jobs[3].runDirectory))
        FileManager.default.createFile(atPath: gate, contents: nil)

        let plan = try ResumePlan(jobs: jobs)
        #expect(plan.toRun.map(\.num) == [1, 3])
        #expect(plan.skipped.map(\.job.num) == [0, 2])
        let results = plan.merged(with: try await launcher.launch(plan.toRun))
        #expect(results.map(\.state) == [.completed, .completed, .completed, .completed])
        #expect(results.map(\.skipped) == [true, false, true, false])
        let runs = jobs.map { readText($0.runDirectory.appendingPathComponent("runs")) }
        #expect(runs == ["run\n", "run\nrun\n", "run\n", "run\n"])
        #expect(try jobs.map { try status($0).attempt } == [1, 2, 1, 1])
        #expect(LaunchSummary(results: results).text() == "4 job(s): 4 completed (2 skipped: already completed)")
    }

    @Test("a task that cannot start fails with a one-line reason in status.json and stderr.log",
          arguments: TaskRoute.allCases)
    func unstartableTask(route: TaskRoute) async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        var job = try fixture.job(0, script: "", route: route)
        try """
        task:
          command: [/nonexistent/trainer]

        """.write(to: job.runDirectory.appendingPathComponent(".hydra/config.yaml"), atomically: true, encoding: .utf8)
        if route == .direct { job.task = .external(command: ["/nonexistent/trainer"], passOverrides: false) }
        let results = try await fixture.launcher(LocalLauncherSettings(nJobs: 1)).launch([job])
        let message = "Cannot start '/nonexistent/trainer' for run \(job.runDirectory.path): no such program (check the path or PATH)."
        #expect(results[0].state == .failed)
        #expect(try status(job).error == message)
        let writer = route == .direct ? "train" : "train-worker"
        #expect(readText(job.runDirectory.appendingPathComponent("logs/stderr.log")) == "\(writer): \(message)\n")
    }
}
