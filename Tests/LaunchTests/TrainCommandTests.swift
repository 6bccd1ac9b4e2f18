import Foundation
import Testing
@testable import Launch

/// `train` end to end: composition, run directories, the launcher and exit codes, as a user runs it.
@Suite("train runs jobs (built binary, real processes)")
struct TrainCommandTests {
    private func task(_ script: String) -> [String] {
        ["task=external", "task.command=[/bin/sh,-c,'\(script)',job]"]
    }

    @Test("SIGINT to train: forwarded, stragglers killed after kill_timeout, no process left, all interrupted, exit 130")
    func interrupt() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        // Job 0 dies on SIGINT; job 1 ignores it and must be killed after the timeout.
        let script = #"if grep -q "^seed: 1$" "$ABLATE_CONFIG"; then trap "" INT; fi; echo ready > ready; while :; do sleep 0.05; done"#
        let train = try TrainProcess.start(
            task(script) + ["seed=0,1", "launcher.n_jobs=2", "launcher.kill_timeout=1", "exp_name=intr", "-m"],
            in: fixture.root)
        let jobs = try await readyJobs(fixture.root.appendingPathComponent("outputs/intr"), count: 2, of: train)
        let groups = Set(try jobs.map { try #require(try JobStatus.read(from: $0)?.pid).map(Int32.init)! })
        #expect(processes(inGroups: groups).count >= 2, "both jobs' processes are running")
        kill(train.pid, SIGINT)
        let exit = try await train.wait()
        #expect(exit == .exited(130), "stderr: \(train.stderr)")
        #expect(processes(inGroups: groups).isEmpty, "no worker or task outlives train")
        for job in jobs {
            #expect(try JobStatus.read(from: job)?.state == .interrupted)
        }
        #expect(train.stderr.contains("2 job(s): 0 completed, 2 interrupted"))
        #expect(train.stdout.contains("interrupted (signal 2): stopping 2 running job(s), killing them after 1 s"))
    }

    @Test("a second SIGINT kills the jobs at once instead of waiting for kill_timeout")
    func secondInterrupt() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let train = try TrainProcess.start(
            task(#"trap "" INT; echo ready > ready; while :; do sleep 0.05; done"#)
                + ["seed=0,1", "launcher.n_jobs=2", "launcher.kill_timeout=600", "exp_name=twice", "-m"],
            in: fixture.root)
        let jobs = try await readyJobs(fixture.root.appendingPathComponent("outputs/twice"), count: 2, of: train)
        kill(train.pid, SIGINT)
        for _ in 0..<1000 where !train.stdout.contains("interrupted (signal 2)") {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        kill(train.pid, SIGINT)
        #expect(try await train.wait(limit: 120) == .exited(130))
        #expect(train.stdout.contains("interrupted again: killing 2 job(s) now"))
        #expect(try jobs.map { try JobStatus.read(from: $0)?.state } == [.interrupted, .interrupted])
    }

    @Test("SIGKILL to train takes its workers and their tasks down (parent-death signal)")
    func launcherKilled() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let train = try TrainProcess.start(
            task("echo ready > ready; while :; do sleep 0.05; done") + ["seed=0,1", "launcher.n_jobs=2", "exp_name=kill9", "-m"],
            in: fixture.root)
        let jobs = try await readyJobs(fixture.root.appendingPathComponent("outputs/kill9"), count: 2, of: train)
        let groups = Set(try jobs.map { try #require(try JobStatus.read(from: $0)?.pid).map(Int32.init)! })
        #expect(processes(inGroups: groups).count >= 2, "both jobs' processes are running")
        kill(train.pid, SIGKILL)
        #expect(try await train.wait() == .signaled(9))
        for _ in 0..<500 where !processes(inGroups: groups).isEmpty {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(processes(inGroups: groups).isEmpty, "no worker or task outlives a killed train")
    }

    @Test("a failed sweep exits 1 listing the failure; --resume reruns only it and exits 0")
    func failureThenResume() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let gate = fixture.root.appendingPathComponent("gate").path
        let script = #"echo run >> runs; if grep -q "^seed: 1$" "$ABLATE_CONFIG"; then test -f "# + gate + #" || { echo "no gate" >&2; exit 5; }; fi"#
        let arguments = task(script) + ["seed=0,1,2", "launcher.n_jobs=2", "exp_name=res", "-m"]
        let first = try await TrainProcess.run(arguments, in: fixture.root)
        #expect(first.exit == .exited(1))
        let jobs = try sweepJobs(fixture.root.appendingPathComponent("outputs/res"))
        try #require(jobs.count == 3)
        #expect(first.stderr.contains("3 job(s): 2 completed, 1 failed\njob 1 failed: /bin/sh exited with code 5\n"
            + "  run dir: \(jobs[1].path)\n  stderr:  \(jobs[1].path)/logs/stderr.log\n  | no gate\n"))

        FileManager.default.createFile(atPath: gate, contents: nil)
        let second = try await TrainProcess.run(arguments + ["--resume"], in: fixture.root)
        #expect(second.exit == .exited(0), "stderr: \(second.stderr)")
        #expect(jobs.map { readText($0.appendingPathComponent("runs")) } == ["run\n", "run\nrun\n", "run\n"])
        #expect(try jobs.map { try JobStatus.read(from: $0)?.attempt } == [1, 2, 1])
        #expect(second.stdout.contains("3 job(s): 3 completed (2 skipped: already completed)"))
        #expect(FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("outputs/ablate.sqlite").path))
    }

    @Test("--resume runs the task its run directory's config holds, as the job was first composed")
    func resumeUsesTheRunDirectoryTask() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let arguments = task("exit 3") + ["seed=0", "exp_name=kept", "-m"]
        #expect(try await TrainProcess.run(arguments, in: fixture.root).exit == .exited(1))
        let job = try #require(try sweepJobs(fixture.root.appendingPathComponent("outputs/kept")).first)
        // The run's recorded task (hydra.task in .hydra/hydra.yaml) names another program than
        // the command line composes now.
        let config = job.appendingPathComponent(".hydra/hydra.yaml")
        let text = readText(config).replacingOccurrences(of: "exit 3", with: "echo from-run-dir > ran")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let resumed = try await TrainProcess.run(arguments + ["--resume"], in: fixture.root)
        #expect(resumed.exit == .exited(0), "stderr: \(resumed.stderr)")
        #expect(readText(job.appendingPathComponent("ran")) == "from-run-dir\n")
    }

    @Test("a sweep whose task cannot run starts nothing: exit 2 naming the job and how to fix it")
    func unusableTask() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let result = try await TrainProcess.run(["task=external", "seed=0,1", "exp_name=notask", "-m"], in: fixture.root)
        #expect(result.exit == .exited(2))
        #expect(result.stderr.contains("Job #0 (task=external seed=0 exp_name=notask) cannot be composed, so no job was started: "
            + "Invalid value for 'task.command': empty; give the program to run, e.g. task.command=[python3,train.py], or choose task=train."))
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("outputs/notask").path))
    }

    @Test("a failing single run exits 1 with its stderr tail, and no --resume hint (its dir is new each time)")
    func singleRunFails() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let result = try await TrainProcess.run(task("echo out of memory >&2; exit 9") + ["exp_name=bad"], in: fixture.root)
        #expect(result.exit == .exited(1))
        #expect(result.stderr.hasPrefix("1 job(s): 0 completed, 1 failed\njob 0 failed: /bin/sh exited with code 9\n"))
        #expect(result.stderr.hasSuffix("/logs/stderr.log\n  | out of memory\n"))
    }

    @Test("a single run (no -m) gets its own run dir and one worker")
    func singleRun() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let result = try await TrainProcess.run(
            task(#"echo "$ABLATE_RUN_DIR" > where"#) + ["exp_name=one"], in: fixture.root)
        #expect(result.exit == .exited(0), "stderr: \(result.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(
            at: fixture.root.appendingPathComponent("outputs/one"), includingPropertiesForKeys: nil)
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent(".hydra/config.yaml").path) }
        try #require(runs.count == 1)
        let run = runs[0].resolvingSymlinksInPath()
        #expect(readText(run.appendingPathComponent("where")) == run.path + "\n")
        #expect(try JobStatus.read(from: run)?.state == .completed)
    }

    @Test("single runs never share a directory: a time-stamped one already taken (at once or earlier) goes to <dir>_N; a fixed one is refused")
    func singleRunsInTheSameSecond() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        // A year-stamped directory: every run of this test falls in "the same second".
        // Each process in a folder of its own (for its train.stdout), all placing their run in one place.
        let same = fixture.root.appendingPathComponent("outputs/same")
        let arguments = task(#"echo "$ABLATE_RUN_DIR" > where; sleep 0.3"#) + ["hydra.run.dir=\(same.path)/at_${now:%Y}"]
        let together = try (0..<3).map { index in
            let folder = fixture.root.appendingPathComponent("p\(index)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return try TrainProcess.start(arguments, in: folder)
        }
        for train in together { #expect(try await train.wait() == .exited(0), "\(train.stderr)") }
        let later = try await TrainProcess.run(arguments, in: fixture.root)
        #expect(later.exit == .exited(0), "\(later.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(at: same, includingPropertiesForKeys: nil)
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent(".hydra/config.yaml").path) }
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(Set(runs.map(\.lastPathComponent)) == ["at_\(year)", "at_\(year)_1", "at_\(year)_2", "at_\(year)_3"])
        for run in runs {
            #expect(readText(run.appendingPathComponent("where")) == run.resolvingSymlinksInPath().path + "\n")
            #expect(try JobStatus.read(from: run)?.state == .completed)
        }
        // A directory the user named (no time in it) is theirs: never overwritten, never renamed.
        let fixed = task("true") + ["hydra.run.dir=\(same.path)/fixed"]
        #expect(try await TrainProcess.run(fixed, in: fixture.root).exit == .exited(0))
        let again = try await TrainProcess.run(fixed, in: fixture.root)
        #expect(again.exit == .exited(2))
        #expect(again.stderr.contains("already holds a run"), "\(again.stderr)")
    }
}
