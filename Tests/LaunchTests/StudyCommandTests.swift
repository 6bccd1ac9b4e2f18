import Foundation
import Testing
@testable import Launch

/// `train -m hydra/sweeper=optuna ...` end to end, with an external task that reports a metric.
@Suite("train runs studies (built binary, real processes)")
struct StudyCommandTests {
    /// A task that logs loss = (x-3)^2 + 1/step at steps 1...3, x read from the job's config.
    static func task(in fixture: SweepFixture) throws -> [String] {
        let script = fixture.root.appendingPathComponent("trial.sh")
        try #"""
        x=$(sed -n 's/^x: //p' "$ABLATE_CONFIG")
        for s in 1 2 3; do
          awk -v x="$x" -v s="$s" 'BEGIN { printf "{\"step\":%d,\"metrics\":{\"loss\":%.6f}}\n", s, (x-3)^2+1/s }' >> "$ABLATE_METRICS"
        done
        """#.write(to: script, atomically: true, encoding: .utf8)
        return ["task=external", "task.command=[/bin/sh,\(script.path)]"]
    }

    static func study(_ name: String, sampler: String, seed: Int, in fixture: SweepFixture) throws -> [String] {
        try task(in: fixture) + ["+x=interval(0,10)", "hydra/sweeper=optuna", "hydra/sweeper/sampler=\(sampler)",
                "hydra.sweeper.sampler.seed=\(seed)", "hydra.sweeper.n_trials=4", "hydra.sweeper.n_jobs=1",
                "hydra.sweeper.metric=loss", "exp_name=\(name)", "-m"]
    }

    /// Each trial's `x`, by trial number, as its run directory's overrides hold it.
    static func trialValues(_ sweepDir: URL) throws -> [String] {
        try sweepJobs(sweepDir).map { job in
            readText(job.appendingPathComponent(".hydra/overrides.yaml")).split(separator: "\n")
                .first { $0.hasPrefix("- +x=") }.map(String.init) ?? "(no x)"
        }
    }

    @Test("a seeded TPE study runs n_trials trials, writes optimization_results.yaml; the same seed gives the same trials",
          arguments: ["tpe", "random"])
    func seededStudy(sampler: String) async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let first = try await TrainProcess.run(Self.study("a", sampler: sampler, seed: 5, in: fixture), in: fixture.root)
        #expect(first.exit == .exited(0), "stderr: \(first.stderr)")
        let sweepA = fixture.root.appendingPathComponent("outputs/a")
        let trials = try Self.trialValues(sweepA)
        #expect(trials.count == 4)
        #expect(Set(trials).count == 4, "four distinct points: \(trials)")
        #expect(first.stdout.contains("4 job(s): 4 completed"))
        let results = readText(sweepA.appendingPathComponent("optimization_results.yaml"))
        #expect(results.hasPrefix("name: optuna\nbest_params:\n  +x: "), "\(results)")
        #expect(results.contains("best_value: "))

        let again = try await TrainProcess.run(Self.study("b", sampler: sampler, seed: 5, in: fixture), in: fixture.root)
        #expect(again.exit == .exited(0), "stderr: \(again.stderr)")
        #expect(try Self.trialValues(fixture.root.appendingPathComponent("outputs/b")) == trials)
        let other = try await TrainProcess.run(Self.study("c", sampler: sampler, seed: 6, in: fixture), in: fixture.root)
        #expect(other.exit == .exited(0), "stderr: \(other.stderr)")
        #expect(try Self.trialValues(fixture.root.appendingPathComponent("outputs/c")) != trials)
    }

    @Test("a study without hydra.sweeper.metric stops before anything runs: exit 2 saying how to set it")
    func noMetric() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let run = try await TrainProcess.run(try Self.task(in: fixture) + ["+x=interval(0,1)", "hydra/sweeper=optuna", "exp_name=m", "-m"], in: fixture.root)
        #expect(run.exit == .exited(2))
        #expect(run.stderr.contains("hydra.sweeper.metric is not set"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("outputs/m").path))
    }

    /// Writes `name` in the fixture as a shell script task; returns the task overrides.
    static func script(_ name: String, _ text: String, in fixture: SweepFixture) throws -> [String] {
        let url = fixture.root.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return ["task=external", "task.command=[/bin/sh,\(url.path)]"]
    }

    @Test("a grid study with the median pruner: the bad trial is stopped at step 1, status pruned; collect_results shows pruned@1")
    func prunedThroughTrain() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let task = try Self.script("slow.sh", #"""
        x=$(sed -n 's/^x: //p' "$ABLATE_CONFIG")
        for s in 1 2 3 4 5 6; do printf '{"step":%d,"metrics":{"loss":%s}}\n' "$s" "$x" >> "$ABLATE_METRICS"; sleep 0.3; done
        """#, in: fixture)
        let run = try await TrainProcess.run(task + ["+x=0,5,0", "hydra/sweeper=optuna", "hydra/sweeper/sampler=grid",
            "hydra/sweeper/pruner=median", "hydra.sweeper.pruner.n_startup_trials=1", "hydra.sweeper.n_jobs=1",
            "hydra.sweeper.metric=loss", "exp_name=p", "-m"], in: fixture.root)
        #expect(run.exit == .exited(0), "stderr: \(run.stderr)")
        #expect(run.stdout.contains("3 job(s): 2 completed, 1 pruned"), "\(run.stdout)")
        let jobs = try sweepJobs(fixture.root.appendingPathComponent("outputs/p"))
        #expect(try jobs.map { try JobStatus.read(from: $0)?.state } == [.completed, .pruned, .completed])
        let collect = Process()
        collect.executableURL = BuiltProducts.url("collect_results")
        collect.arguments = ["--root", "outputs", "--status", "all", "--output", "results.csv"]
        collect.currentDirectoryURL = fixture.root
        collect.environment = ProcessInfo.processInfo.environment.filter { $0.key != "ABLATE_DB" && $0.key != "ABLATE_OUTPUTS_ROOT" }
        try collect.run()
        collect.waitUntilExit()
        #expect(collect.terminationStatus == 0)
        let csv = readText(fixture.root.appendingPathComponent("results.csv"))
        #expect(csv.contains(",pruned@1,"), "\(csv)")
    }

    @Test("train killed mid-study, then --resume: numbering continues, finished trials are not run again, the running one is")
    func killedThenResumed() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let gate = fixture.root.appendingPathComponent("gate").path
        let task = try Self.script("gated.sh", #"""
        x=$(sed -n 's/^x: //p' "$ABLATE_CONFIG")
        echo run >> runs; echo ready > ready
        case "$ABLATE_RUN_DIR" in */2_*) while [ ! -f "\#(gate)" ]; do sleep 0.05; done;; esac
        printf '{"step":1,"metrics":{"loss":%s}}\n' "$x" >> "$ABLATE_METRICS"
        """#, in: fixture)
        let arguments = task + ["+x=interval(0,10)", "hydra/sweeper=optuna", "hydra/sweeper/sampler=random",
                                "hydra.sweeper.sampler.seed=3", "hydra.sweeper.n_trials=4", "hydra.sweeper.n_jobs=1",
                                "hydra.sweeper.metric=loss", "exp_name=r", "-m"]
        let sweep = fixture.root.appendingPathComponent("outputs/r")
        let train = try TrainProcess.start(arguments, in: fixture.root)
        _ = try await readyJobs(sweep, count: 3, of: train)
        kill(train.pid, SIGKILL)
        _ = try await train.wait()

        FileManager.default.createFile(atPath: gate, contents: nil)
        let resumed = try await TrainProcess.run(arguments + ["--resume"], in: fixture.root)
        #expect(resumed.exit == .exited(0), "stderr: \(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming study 'r': 2 trial(s) finished, 1 to run again, 1 new"), "\(resumed.stdout)")
        let jobs = try sweepJobs(sweep)
        #expect(jobs.map { $0.lastPathComponent.prefix { $0 != "_" } } == ["0", "1", "2", "3"])
        #expect(jobs.map { readText($0.appendingPathComponent("runs")) } == ["run\n", "run\n", "run\nrun\n", "run\n"])
        #expect(resumed.stdout.contains("2 job(s): 2 completed"), "only trials 2 and 3 ran: \(resumed.stdout)")
        #expect(FileManager.default.fileExists(atPath: sweep.appendingPathComponent("optimization_results.yaml").path))
    }
}
