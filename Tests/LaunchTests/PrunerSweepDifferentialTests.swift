import Foundation
import Testing
import TestSupport
@testable import Launch

/// Pruning decided inside real sweeps, against Optuna's pruners on the same traces: a
/// sequential study (`hydra.sweeper.n_jobs=1`, grid sampler over the trial index) of an external
/// task that logs a fixed trace per trial; trial by trial, pruned or not and at which step, as
/// Optuna decides when the same traces are reported in the same order
/// (`Tests/Reference/optuna_pruners.py`).
@Suite("Differential: pruning in real sweeps against Optuna",
       .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
struct PrunerSweepDifferentialTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Overrides selecting the pruner and its keys.
        let overrides: [String]
        /// The same pruner in Optuna's spelling (JSON object members).
        let optuna: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "median", overrides: ["hydra/sweeper/pruner=median", "hydra.sweeper.pruner.n_startup_trials=2",
                                         "hydra.sweeper.pruner.n_warmup_steps=1"],
             optuna: #""type": "median", "n_startup_trials": 2, "n_warmup_steps": 1"#),
        Case(name: "percentile", overrides: ["hydra/sweeper/pruner=percentile", "hydra.sweeper.pruner.percentile=40",
                                             "hydra.sweeper.pruner.n_startup_trials=2"],
             optuna: #""type": "percentile", "percentile": 40.0, "n_startup_trials": 2"#),
        Case(name: "successive_halving", overrides: ["hydra/sweeper/pruner=successive_halving",
                                                     "hydra.sweeper.pruner.min_resource=1", "hydra.sweeper.pruner.reduction_factor=2"],
             optuna: #""type": "successive_halving", "min_resource": 1, "reduction_factor": 2"#),
        Case(name: "hyperband", overrides: ["hydra/sweeper/pruner=hyperband", "hydra.sweeper.pruner.min_resource=1",
                                            "hydra.sweeper.pruner.max_resource=8", "hydra.sweeper.pruner.reduction_factor=2"],
             optuna: #""type": "hyperband", "min_resource": 1, "max_resource": 8, "reduction_factor": 2"#),
    ]

    static let trialCount = 10

    /// Trial `t`'s trace: steps 1...8 of a decaying loss whose level and speed differ per trial.
    static func trace(_ trial: Int) -> [(step: Int, value: Double)] {
        var state = UInt64(trial + 1) &* 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let floor = 0.1 + 0.8 * next(), speed = 0.2 + 0.6 * next()
        return (1...8).map { step in (step, ((floor + exp(-speed * Double(step))) * 1e6).rounded() / 1e6) }
    }

    @Test(arguments: cases)
    func decisionsEqualOptunas(_ c: Case) async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let traces = (0..<Self.trialCount).map { Self.trace($0).map { [Double($0.step), $0.value] } }
        let tracesFile = fixture.root.appendingPathComponent("traces.json")
        try JSONSerialization.data(withJSONObject: traces).write(to: tracesFile)
        // The task logs its whole trace at once and stays a while: the launcher reads the steps in
        // order and decides after each, so the step it prunes at does not depend on timing.
        let script = fixture.root.appendingPathComponent("trace_task.py")
        try """
            import json, os, re, sys, time
            trial = int(re.search(r"^trial: (\\d+)", open(os.environ["ABLATE_CONFIG"]).read(), re.M).group(1))
            with open(os.environ["ABLATE_METRICS"], "a") as out:
                for step, value in json.load(open(sys.argv[1]))[trial]:
                    out.write(json.dumps({"step": int(step), "metrics": {"obj": value}}) + "\\n")
            time.sleep(2.5)
            """.write(to: script, atomically: true, encoding: .utf8)
        let study = "diff_\(c.name)"
        let run = try await TrainProcess.run(
            ["task=external", "task.command=[python3,\(script.path),\(tracesFile.path)]", "+trial=range(0,\(Self.trialCount))",
             "hydra/sweeper=optuna", "hydra/sweeper/sampler=grid", "hydra.sweeper.n_jobs=1",
             "hydra.sweeper.n_trials=\(Self.trialCount)", "hydra.sweeper.direction=minimize", "hydra.sweeper.metric=obj",
             "hydra.sweeper.objective=last", "hydra.sweeper.study_name=\(study)", "exp_name=\(study)", "-m"] + c.overrides,
            in: fixture.root)
        #expect(run.exit == .exited(0), "\(run.stderr)")

        // Where each trial was pruned, from its status.json ("pruned at step N ...").
        let jobs = try sweepJobs(fixture.root.appendingPathComponent("outputs/\(study)"))
        try #require(jobs.count == Self.trialCount)
        let ours: [Int?] = try jobs.map { job in
            let status = try #require(try JobStatus.read(from: job))
            guard status.state == .pruned else { return nil }
            let reason = try #require(status.error)
            return Int(try #require(reason.firstMatch(of: /pruned at step (\d+)/)).1)
        }

        let input = #"{"cases": [{"id": "x", "pruner": {"# + c.optuna + #"}, "direction": "minimize", "study_name": ""#
            + study + #"", "trials": "# + String(decoding: try JSONSerialization.data(withJSONObject: traces.map { trace in
                ["trace": trace, "final": trace.last![1]] as [String: Any]
            }), as: UTF8.self) + "}]}"
        let output = try ReferencePython.run("optuna_pruners.py", input: Data(input.utf8))
        let decoded = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        let optuna = try #require((decoded["decisions"] as? [String: [Any]])?["x"]).map { $0 as? Int }
        #expect(ours == optuna, "\(c.name): Ablate \(ours), Optuna \(optuna)")
        #expect(ours.contains { $0 != nil }, "the traces prune at least one trial under \(c.name)")
    }
}
