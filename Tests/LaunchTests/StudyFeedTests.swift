import Config
import Foundation
import Store
import Sweep
import Testing
@testable import Launch

/// The sweep loop of a study (`StudyFeed`) on the local pool, with shell-script trials: no `train`.
@Suite("study loop: asynchronous slots, objectives and pruning from the store")
struct StudyFeedTests {
    /// A trial's task: reads `x=<value>` (its one override) and logs `loss` at steps 1...steps,
    /// `pause` seconds apart; the job of `slowDir` first sleeps `slow` seconds.
    static func script(loss: String, steps: Int = 3, pause: Double = 0, slowDir: String = "", slow: Double = 0) -> String {
        #"x="${1#*=}"; case "$ABLATE_RUN_DIR" in *"/\#(slowDir)") sleep \#(slow);; esac; "#
            + #"for s in $(seq 1 \#(steps)); do awk -v x="$x" -v s="$s" 'BEGIN { printf "{\"step\":%d,\"metrics\":{\"loss\":%.6f}}\n", s, \#(loss) }' >> "$ABLATE_METRICS"; sleep \#(pause); done"#
    }

    struct Setup {
        let fixture: SweepFixture
        let store: MetricsStore
        let feed: StudyFeed

        init(settings: StudySettings, sweeper: any Sweeper, pruner: any Pruner = NopPruner(), script: String) throws {
            fixture = try SweepFixture()
            store = try MetricsStore(path: fixture.root.appendingPathComponent("ablate.sqlite").path, outputsRoot: fixture.root)
            let stored = try store.openStudy(name: "s", direction: settings.direction.rawValue, sweepDir: nil, settings: "{}")
            let fixture = self.fixture
            feed = try StudyFeed(settings: settings, study: Study(name: "s", direction: settings.direction), studyID: stored.id,
                                 sweeper: sweeper, pruner: pruner, store: store) { trial in
                try fixture.job(trial.number, script: script, overrides: trial.lines, passOverrides: true)
            }
        }

        func run(launcherJobs: Int? = nil, killTimeout: Double = 10) throws -> [JobResult] {
            var launcher = fixture.launcher(LocalLauncherSettings(nJobs: launcherJobs, killTimeout: killTimeout))
            launcher.ingestor = store
            return try launcher.launchAndWait(feed: feed)
        }
    }

    static func settings(nTrials: Int, nJobs: Int, pruner: PrunerSettings = .none) -> StudySettings {
        var settings = StudySettings()
        settings.nTrials = nTrials
        settings.nJobs = nJobs
        settings.metric = "loss"
        settings.sampler = .random
        settings.pruner = pruner
        return settings
    }

    @Test("n_jobs slots stay busy: while trial 0 runs long, the other slot runs every other trial; n_trials in all")
    func asynchronousSlots() throws {
        let space = try SearchSpace(OverrideParser.parse(["x=interval(0,10)"])) { _ in [] }
        let setup = try Setup(settings: Self.settings(nTrials: 5, nJobs: 2),
                              sweeper: SamplingSweeper(space: space, nTrials: 5, sampler: RandomSampler(seed: 3)),
                              script: Self.script(loss: "(x-3)^2/s", slowDir: "0_x=0", slow: 2.5))
        defer { setup.fixture.remove() }
        let results = try setup.run()
        #expect(results.map(\.job.num) == [0, 1, 2, 3, 4])
        #expect(results.allSatisfy { $0.state == .completed })
        let statuses = try results.map { try status($0.job) }
        let slowEnd = try #require(statuses[0].endTime)
        // A batch sweeper would wait for trial 0 before starting trial 2: here 1...4 all ran meanwhile.
        for later in statuses.dropFirst() {
            #expect(try #require(later.startTime) < slowEnd && (later.endTime ?? .infinity) < slowEnd)
        }
        let stored = try #require(try setup.store.loadStudy(name: "s"))
        #expect(stored.trials.count == 5)
        for trial in stored.trials {
            let x = try #require(Double(trial.lines[0].dropFirst(2)))
            #expect(trial.state == "complete")
            // The objective is the last logged value (step 3), read from the store.
            #expect(abs(try #require(trial.value) - (x - 3) * (x - 3) / 3) < 1e-5)
            #expect(trial.intermediateValues.keys.sorted() == [1, 2, 3])
            #expect(trial.runDir != nil)
        }
        #expect(setup.feed.study.bestTrial?.number == stored.trials.min { $0.value! < $1.value! }?.number)
    }

    @Test("launcher.n_jobs, when set, caps the study's slots")
    func launcherCapsSlots() throws {
        let setup = try Setup(settings: Self.settings(nTrials: 3, nJobs: 3),
                              sweeper: GridSweeper(jobs: [["x=1"], ["x=2"], ["x=3"]]),
                              script: Self.script(loss: "x", steps: 1, pause: 0.3))
        defer { setup.fixture.remove() }
        let results = try setup.run(launcherJobs: 1)
        let statuses = try results.map { try status($0.job) }
        for (earlier, later) in zip(statuses, statuses.dropFirst()) {
            #expect(try #require(earlier.endTime) <= (later.startTime ?? 0), "one at a time")
        }
    }

    @Test("a trial worse than the median at a step is stopped there: SIGTERM, status pruned, later values unused")
    func medianPruning() throws {
        // Trial 1 (x=5) logs 5 at every step while trial 0 logged 0: pruned at step 1.
        let setup = try Setup(settings: Self.settings(nTrials: 3, nJobs: 1, pruner: .median(nStartupTrials: 1, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1)),
                              sweeper: GridSweeper(jobs: [["x=0"], ["x=5"], ["x=0"]]),
                              pruner: try PercentilePruner.median(nStartupTrials: 1),
                              script: Self.script(loss: "x", steps: 6, pause: 0.3))
        defer { setup.fixture.remove() }
        let results = try setup.run()
        #expect(results.map(\.state) == [.completed, .pruned, .completed])
        let pruned = try status(results[1].job)
        #expect(pruned.state == .pruned)
        #expect(pruned.error == "pruned at step 1 (hydra/sweeper/pruner=median)")
        #expect(pruned.signal == Int(SIGTERM), "stopped by SIGTERM, before kill_timeout")
        let stored = try #require(try setup.store.loadStudy(name: "s"))
        #expect(stored.trials.map(\.state) == ["complete", "pruned", "complete"])
        #expect(stored.trials[1].prunedStep == 1)
        #expect(stored.trials[1].intermediateValues.keys.sorted() == [1])
        #expect(stored.trials.map(\.value) == [0, nil, 0])
        // The pruned job was stopped well before its 6 steps (1.8 s).
        #expect(try #require(pruned.endTime) - (pruned.startTime ?? 0) < 1.5)
    }

    @Test("a task that ignores SIGTERM is killed after kill_timeout, still recorded pruned")
    func prunedStragglerKilled() throws {
        let trap = "trap '' TERM; "
        let setup = try Setup(settings: Self.settings(nTrials: 2, nJobs: 1),
                              sweeper: GridSweeper(jobs: [["x=0"], ["x=5"]]),
                              pruner: try PercentilePruner.median(nStartupTrials: 1),
                              script: trap + Self.script(loss: "x", steps: 8, pause: 0.2))
        defer { setup.fixture.remove() }
        let results = try setup.run(killTimeout: 0.5)
        #expect(results.map(\.state) == [.completed, .pruned])
        let pruned = try status(results[1].job)
        #expect(pruned.signal == Int(SIGKILL))
    }

    @Test("a trial that logs no objective counts as failed; max_failure_rate 0 stops asking for more")
    func failureRate() throws {
        var settings = Self.settings(nTrials: 4, nJobs: 1)
        settings.metric = "val/acc"
        let setup = try Setup(settings: settings, sweeper: GridSweeper(jobs: [["x=1"], ["x=2"], ["x=3"], ["x=4"]]),
                              script: Self.script(loss: "x", steps: 1))
        defer { setup.fixture.remove() }
        let results = try setup.run()
        #expect(results.count == 1)
        #expect(setup.feed.study.trials.map(\.state) == [.failed])
        #expect(setup.feed.warnings == ["trial 0: no value of 'val/acc' was logged; it counts as failed"])
        #expect(setup.feed.stopReason?.hasPrefix("1 of 1 finished trial(s) failed") == true)
    }
}
