import Foundation
import Store
import Testing
@testable import Config
@testable import Launch

/// `train ... launcher=slurm -m` end to end against a real cluster (scripts/slurm-local).
@Suite("Slurm launcher (built train, real local cluster)", .serialized, LocalSlurm.condition)
struct SlurmLauncherTests {
    private func task(_ script: String) -> [String] {
        ["task=external", "task.command=[/bin/sh,-c,'\(script)',job]", "task.pass_overrides=true"]
    }

    @Test("a sweep runs as one array: every job completes, its output in its logs/, every metric in the store")
    func sweepSucceeds() async throws {
        try LocalSlurm.requireCluster()
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let metrics = #"for s in 1 2; do printf "{\"step\":%s,\"metrics\":{\"val/acc\":0.%s}}\n" $s $s >> "$ABLATE_METRICS"; done; echo out-$SLURM_ARRAY_TASK_ID"#
        let result = try await TrainProcess.run(
            task(metrics) + LocalSlurm.launcherOverrides + ["seed=0,1,2", "launcher.array_parallelism=2", "exp_name=ok", "-m"],
            in: fixture.root)
        #expect(result.exit == .exited(0), "stderr: \(result.stderr)")
        let sweep = fixture.root.appendingPathComponent("outputs/ok")
        let jobs = try sweepJobs(sweep)
        try #require(jobs.count == 3)
        #expect(submittedArrays(sweep).count == 1, "one sbatch for the whole sweep")
        let script = readText(sweep.appendingPathComponent(".slurm/array.sbatch"))
        #expect(script.contains("#SBATCH --array=0-2%2\n"))
        for (num, job) in jobs.enumerated() {
            let status = try #require(try JobStatus.read(from: job))
            #expect(status.state == .completed && status.launcher == "slurm" && status.attempt == 1)
            #expect(readText(job.appendingPathComponent("logs/stdout.log")) == "out-\(num)\n")
        }
        #expect(result.stdout.contains("3 job(s): 3 completed"))
        let store = try MetricsStore(path: fixture.root.appendingPathComponent("outputs/ablate.sqlite").path,
                                     outputsRoot: fixture.root.appendingPathComponent("outputs"), mustExist: true)
        let runs = try store.runs(matching: RunFilter(statuses: nil)).sorted { ($0.jobNum ?? -1) < ($1.jobNum ?? -1) }
        #expect(runs.map(\.jobNum) == [0, 1, 2])
        #expect(runs.map(\.status) == ["completed", "completed", "completed"])
        for run in runs {
            #expect(try store.metricHistory(ofRun: run.id, name: "val/acc").map(\.value) == [0.1, 0.2])
        }
    }

    @Test("failed tasks are reported with Slurm's state and exit code, whether or not the worker could record them")
    func failuresReported() async throws {
        try LocalSlurm.requireCluster()
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        // Job 1's task exits 3 (the worker records it); job 2's task kills its worker, which records nothing.
        let script = #"case $SLURM_ARRAY_TASK_ID in 1) echo broken >&2; exit 3;; 2) kill -9 $PPID; sleep 5;; esac"#
        let result = try await TrainProcess.run(
            task(script) + LocalSlurm.launcherOverrides + ["seed=0,1,2", "exp_name=bad", "-m"], in: fixture.root)
        #expect(result.exit == .exited(1), "stderr: \(result.stderr)")
        let sweep = fixture.root.appendingPathComponent("outputs/bad")
        let jobs = try sweepJobs(sweep)
        try #require(jobs.count == 3)
        let id = try #require(submittedArrays(sweep).first)
        #expect(try jobs.map { try JobStatus.read(from: $0)?.state } == [.completed, .failed, .failed])
        #expect(result.stderr.contains("3 job(s): 1 completed, 2 failed\n"
            + "job 1 failed: /bin/sh exited with code 3 (Slurm: FAILED, exit code 1:0, job \(id)_1)\n"
            + "  run dir: \(jobs[1].path)\n  stderr:  \(jobs[1].path)/logs/stderr.log\n  | broken\n"))
        #expect(result.stderr.contains("job 2 failed: Slurm ended job \(id)_2 as FAILED, exit code 137:0\n"))
        let killed = try #require(try JobStatus.read(from: jobs[2]))
        #expect(killed.exitCode == 137 && killed.error == "Slurm ended job \(id)_2 as FAILED, exit code 137:0")
    }

    @Test("SIGINT to train cancels the array: nothing left running, every job interrupted, exit 130")
    func interruptCancels() async throws {
        try LocalSlurm.requireCluster()
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let script = #"echo ready > ready; while :; do sleep 0.1; done"#
        let train = try TrainProcess.start(
            task(script) + LocalSlurm.launcherOverrides
                + ["seed=0,1,2", "launcher.array_parallelism=2", "exp_name=intr", "-m"],
            in: fixture.root)
        let sweep = fixture.root.appendingPathComponent("outputs/intr")
        var jobs: [URL] = []
        var ready: [URL] = []
        for _ in 0..<3000 {
            jobs = (try? sweepJobs(sweep)) ?? []
            ready = jobs.filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("ready").path) }
            if ready.count == 2 { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        try #require(ready.count == 2, "two tasks running (array_parallelism=2): \(train.stderr)")
        let workers = try ready.map { try #require(try JobStatus.read(from: $0)?.pid) }
        kill(train.pid, SIGINT)
        let exit = try await train.wait()
        #expect(exit == .exited(130), "stderr: \(train.stderr)")
        let id = try #require(submittedArrays(sweep).first)
        #expect(try LocalSlurm.liveTasks(id).isEmpty, "no task of the array left queued or running")
        #expect(workers.allSatisfy { !isAlive(Int32($0)) }, "no worker left running")
        #expect(try jobs.map { try JobStatus.read(from: $0)?.state } == [.interrupted, .interrupted, .interrupted])
        #expect(try JobStatus.read(from: jobs[2])?.error == "not started: the sweep was interrupted")
        #expect(train.stderr.contains("3 job(s): 0 completed, 3 interrupted"))
    }

    @Test("--resume resubmits an array of exactly the unfinished jobs")
    func resumeResubmitsUnfinished() async throws {
        try LocalSlurm.requireCluster()
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let gate = fixture.root.appendingPathComponent("gate").path
        let script = #"echo run >> runs; case $SLURM_ARRAY_TASK_ID in 1|3) test -f "# + gate + #" || exit 5;; esac"#
        let arguments = task(script) + LocalSlurm.launcherOverrides + ["seed=0,1,2,3", "exp_name=res", "-m"]
        let first = try await TrainProcess.run(arguments, in: fixture.root)
        #expect(first.exit == .exited(1), "stderr: \(first.stderr)")
        let sweep = fixture.root.appendingPathComponent("outputs/res")
        let jobs = try sweepJobs(sweep)
        try #require(jobs.count == 4)

        FileManager.default.createFile(atPath: gate, contents: nil)
        let second = try await TrainProcess.run(arguments + ["--resume"], in: fixture.root)
        #expect(second.exit == .exited(0), "stderr: \(second.stderr)")
        #expect(submittedArrays(sweep).count == 2)
        #expect(readText(sweep.appendingPathComponent(".slurm/array.sbatch")).contains("#SBATCH --array=1,3\n"))
        #expect(jobs.map { readText($0.appendingPathComponent("runs")) } == ["run\n", "run\nrun\n", "run\n", "run\nrun\n"])
        #expect(try jobs.map { try JobStatus.read(from: $0)?.attempt } == [1, 2, 1, 2])
        #expect(second.stdout.contains("4 job(s): 4 completed (2 skipped: already completed)"))
    }

    @Test("a value full of shell metacharacters reaches the job's config untouched and runs nothing")
    func shellMetacharactersPassThrough() async throws {
        try LocalSlurm.requireCluster()
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let pwned = fixture.root.appendingPathComponent("pwned").path
        let sentinel = fixture.root.appendingPathComponent("x")
        try Data("keep".utf8).write(to: sentinel)
        let value = "$(touch \(pwned))`touch \(pwned)`'; rm -rf x \"; touch \(pwned) #"
        let quoted = "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        let result = try await TrainProcess.run(
            task(#"cp "$ABLATE_CONFIG" seen.yaml"#) + LocalSlurm.launcherOverrides
                + ["+note=\(quoted)", "seed=0,1", "exp_name=meta", "-m"],
            in: fixture.root)
        #expect(result.exit == .exited(0), "stderr: \(result.stderr)")
        let jobs = try sweepJobs(fixture.root.appendingPathComponent("outputs/meta"))
        try #require(jobs.count == 2)
        for job in jobs {
            #expect(job.lastPathComponent.contains("rm -rf x"), "the value is part of the run dir's name")
            let seen = try ConfigValue(yaml: readText(job.appendingPathComponent("seen.yaml")), file: "seen.yaml")
            #expect(seen.value(at: ["note"]) == .string(value))
        }
        #expect(!FileManager.default.fileExists(atPath: pwned), "no command in the value ran")
        #expect(readText(sentinel) == "keep")
    }

    @Test("--detach submits, prints the array's id and returns; collect_results and --resume work on the sweep later")
    func detachThenCollect() async throws {
        try LocalSlurm.requireCluster()
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let metrics = #"printf "{\"step\":1,\"metrics\":{\"val/acc\":0.5}}\n" >> "$ABLATE_METRICS""#
        let arguments = task(metrics) + LocalSlurm.launcherOverrides + ["seed=0,1", "exp_name=det", "-m"]
        let submitted = try await TrainProcess.run(arguments + ["--detach"], in: fixture.root)
        #expect(submitted.exit == .exited(0), "stderr: \(submitted.stderr)")
        let sweep = fixture.root.appendingPathComponent("outputs/det")
        let id = try #require(submittedArrays(sweep).first)
        #expect(submitted.stdout.hasPrefix("submitted 2 job(s) to Slurm as array job \(id): \(sweep.path)\n"))
        for _ in 0..<600 {
            if try LocalSlurm.liveTasks(id).isEmpty { break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        #expect(try LocalSlurm.liveTasks(id).isEmpty)

        let collect = try runProduct("collect_results", ["--exp", "det"], in: fixture.root)
        #expect(collect.exit == .exited(0), "stderr: \(collect.stderr)")
        let rows = collect.stdout.split(separator: "\n")
        #expect(rows.count == 3 && rows.dropFirst().allSatisfy { $0.contains(",completed,") && $0.contains(",0.5,0.5,1,") }, "csv: \(collect.stdout)")
        let resumed = try await TrainProcess.run(arguments + ["--resume"], in: fixture.root)
        #expect(resumed.exit == .exited(0))
        #expect(resumed.stdout.hasSuffix("nothing to resume: all 2 job(s) already completed\n"), "\(resumed.stdout)")
    }

    @Test("USR1 before the time limit stops the task and requeues it; the launcher waits for the second run")
    func requeueOnSignal() async throws {
        try LocalSlurm.requireCluster()
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        // The first run waits to be stopped; the requeued run finds `first` and completes.
        let script = #"echo run >> runs; if [ ! -f first ]; then touch first; echo ready > ready; while :; do sleep 0.1; done; fi"#
        let train = try TrainProcess.start(
            task(script) + LocalSlurm.launcherOverrides + ["seed=0", "exp_name=rq", "-m"], in: fixture.root)
        let sweep = fixture.root.appendingPathComponent("outputs/rq")
        var job: URL?
        for _ in 0..<3000 {
            job = try? sweepJobs(sweep).first
            if let job, FileManager.default.fileExists(atPath: job.appendingPathComponent("ready").path) { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        let run = try #require(job)
        let id = try #require(submittedArrays(sweep).first)
        // What Slurm does signal_delay_s before the time limit: USR1 to the batch script.
        let signal = try SlurmCommands().run("scancel", ["--batch", "--signal=USR1", "\(id)_0"])
        try #require(signal.status == 0, "scancel: \(signal.stderr)")
        let exit = try await train.wait()
        #expect(exit == .exited(0), "stderr: \(train.stderr)")
        #expect(readText(run.appendingPathComponent("runs")) == "run\nrun\n")
        let final = try JobStatus.read(from: run)
        #expect(final?.state == .completed && final?.attempt == 2, "the requeued run is the job's second attempt")
        #expect(readText(run.appendingPathComponent("logs/stderr.log")).contains("ablate: time limit near: requeueing job \(id) task 0\n"))
    }

    @Test("an array sbatch would refuse is reported with its reason before any run directory is made")
    func refusedBeforeRunDirectories() async throws {
        try LocalSlurm.requireCluster()
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let result = try await TrainProcess.run(
            task("true") + LocalSlurm.launcherOverrides + ["launcher.partition=no_such_partition", "seed=0,1", "exp_name=ref", "-m"],
            in: fixture.root)
        #expect(result.exit == .exited(2))
        #expect(result.stderr == "error: sbatch refused the job array for \(fixture.root.path)/outputs/ref: "
            + "allocation failure: Invalid partition name specified. Check the launcher.* settings "
            + "(hydra.launcher.*; `train --cfg hydra hydra/launcher=slurm` shows them, --dry-run the script) and run again.\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("outputs/ref").path))
    }
}
