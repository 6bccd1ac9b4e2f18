import Foundation
import Testing
import TestSupport
@testable import Sweep

/// Ablate's pruners against Optuna's on the same traces, fed in the same order, one trial
/// after another: for every trial, pruned or not, and at which step.
@Suite("Differential: pruners against Optuna", .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
struct PrunerDifferentialTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        /// The pruner's Optuna spelling: type and keyword arguments.
        let optuna: [String: String]
        let direction: StudyDirection
        let trials: [PrunerTrace]
        let make: @Sendable () throws -> any Pruner
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "median, defaults, minimize", optuna: ["type": "\"median\""], direction: .minimize,
             trials: PrunerTrace.curves(seed: 1, trials: 30, steps: 0..<20),
             make: { try PercentilePruner.median() }),
        Case(id: "median, warmup 3, interval 2, startup 3, maximize",
             optuna: ["type": "\"median\"", "n_warmup_steps": "3", "interval_steps": "2", "n_startup_trials": "3"],
             direction: .maximize, trials: PrunerTrace.curves(seed: 2, trials: 30, steps: 0..<20, maximize: true),
             make: { try PercentilePruner.median(nStartupTrials: 3, nWarmupSteps: 3, intervalSteps: 2) }),
        Case(id: "median, sparse steps every 3, interval 4, warmup 2",
             optuna: ["type": "\"median\"", "n_warmup_steps": "2", "interval_steps": "4"],
             direction: .minimize, trials: PrunerTrace.curves(seed: 3, trials: 25, steps: Array(stride(from: 1, to: 40, by: 3))),
             make: { try PercentilePruner.median(nWarmupSteps: 2, intervalSteps: 4) }),
        Case(id: "percentile 25, n_min_trials 3, maximize",
             optuna: ["type": "\"percentile\"", "percentile": "25.0", "n_min_trials": "3"],
             direction: .maximize, trials: PrunerTrace.curves(seed: 4, trials: 30, steps: 0..<15, maximize: true),
             make: { try PercentilePruner(percentile: 25, nMinTrials: 3) }),
        Case(id: "percentile 75 with NaN reports, minimize",
             optuna: ["type": "\"percentile\"", "percentile": "75.0", "n_startup_trials": "2"],
             direction: .minimize, trials: PrunerTrace.curves(seed: 5, trials: 30, steps: 0..<12, nanEvery: 4),
             make: { try PercentilePruner(percentile: 75, nStartupTrials: 2) }),
        Case(id: "successive halving, defaults (auto resource)", optuna: ["type": "\"successive_halving\""],
             direction: .minimize, trials: PrunerTrace.curves(seed: 6, trials: 40, steps: 0..<30),
             make: { try SuccessiveHalvingPruner() }),
        Case(id: "successive halving, min 2, rf 2, rate 1, maximize",
             optuna: ["type": "\"successive_halving\"", "min_resource": "2", "reduction_factor": "2", "min_early_stopping_rate": "1"],
             direction: .maximize, trials: PrunerTrace.curves(seed: 7, trials: 40, steps: 1..<40, maximize: true, nanEvery: 9),
             make: { try SuccessiveHalvingPruner(minResource: 2, reductionFactor: 2, minEarlyStoppingRate: 1) }),
        Case(id: "hyperband, defaults (auto max)", optuna: ["type": "\"hyperband\""],
             direction: .minimize, trials: PrunerTrace.curves(seed: 8, trials: 60, steps: 0..<27),
             make: { try HyperbandPruner() }),
        Case(id: "hyperband, min 1, max 30, rf 2, maximize",
             optuna: ["type": "\"hyperband\"", "min_resource": "1", "max_resource": "30", "reduction_factor": "2"],
             direction: .maximize, trials: PrunerTrace.curves(seed: 9, trials: 60, steps: 1..<31, maximize: true),
             make: { try HyperbandPruner(minResource: 1, maxResource: 30, reductionFactor: 2) }),
    ]

    static let studyName = "ablate-differential"

    /// Optuna's decisions for every case, from one run of the reference script.
    static let reference: Result<[String: [Int?]], any Error> = Result {
        let input = "{\"cases\": [" + cases.map { c in
            let pruner = "{" + c.optuna.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
            return "{\"id\": \"\(c.id)\", \"pruner\": \(pruner), \"direction\": \"\(c.direction.rawValue)\", "
                + "\"study_name\": \"\(studyName)\", \"trials\": [" + c.trials.map(\.json).joined(separator: ", ") + "]}"
        }.joined(separator: ", ") + "]}"
        let output = try ReferencePython.run("optuna_pruners.py", input: Data(input.utf8))
        struct Output: Decodable { let decisions: [String: [Int?]] }
        return try JSONDecoder().decode(Output.self, from: output).decisions
    }

    @Test(arguments: cases)
    func sameDecisionsAsOptuna(_ c: Case) throws {
        let expected = try #require(try Self.reference.get()[c.id])
        var pruner = try c.make()
        let ours = PrunerTrace.replay(c.trials, pruner: &pruner, study: Study(name: Self.studyName, direction: c.direction))
        #expect(ours.count == expected.count)
        for (number, (mine, theirs)) in zip(ours, expected).enumerated() where mine != theirs {
            Issue.record("trial \(number): Ablate \(mine.map { "pruned at step \($0)" } ?? "kept"), Optuna \(theirs.map { "pruned at step \($0)" } ?? "kept")")
        }
        // A case where nothing is pruned (or everything is) would not test the rule.
        let prunedCount = expected.compactMap { $0 }.count
        #expect(prunedCount > 0 && prunedCount < expected.count, "the traces must make the pruner prune some trials and keep others")
    }
}

/// One trial's fixed trace: its reports (step, value) in order and its final objective.
struct PrunerTrace: Sendable {
    let reports: [(step: Int, value: Double)]
    let final: Double

    var json: String {
        "{\"trace\": [" + reports.map { "[\($0.step), \(Self.number($0.value))]" }.joined(separator: ", ")
            + "], \"final\": \(Self.number(final))}"
    }

    static func number(_ x: Double) -> String { x.isNaN ? "NaN" : "\(x)" }

    /// Noisy learning curves: each trial's loss decays from about 1 toward its own floor
    /// (maximize: 1 − loss); every `nanEvery`-th trial reports NaN at one step.
    static func curves(seed: UInt64, trials: Int, steps: some Sequence<Int>, maximize: Bool = false,
                       nanEvery: Int? = nil) -> [PrunerTrace] {
        var generator = SeededGenerator(seed: seed)
        let steps = Array(steps)
        return (0..<trials).map { t in
            let floor = 0.05 + 0.5 * generator.unit()
            let rate = 0.05 + 0.3 * generator.unit()
            var reports: [(Int, Double)] = steps.map { step in
                let loss = floor + (1 - floor) * exp(-rate * Double(step)) + 0.03 * (generator.unit() - 0.5)
                let value = maximize ? 1 - loss : loss
                return (step, (value * 1e6).rounded() / 1e6)
            }
            if let nanEvery, t % nanEvery == nanEvery - 1 {
                reports[min(3, reports.count - 1)].1 = .nan
            }
            let last = reports.last { !$0.1.isNaN }?.1 ?? 0
            return PrunerTrace(reports: reports, final: last)
        }
    }

    /// Runs the traces one trial after another through `pruner`: each report is added to the
    /// study and decided on; returns each trial's pruned step (nil: ran to the end).
    static func replay(_ trials: [PrunerTrace], pruner: inout some Pruner, study: Study) -> [Int?] {
        var final = study
        return replay(trials, pruner: &pruner, study: study, keeping: &final)
    }
}

/// A pruner saved mid-study and read back (the study's `pruner_state`) decides as if it had
/// never stopped.
@Suite struct PrunerStateTests {
    static func resumed<P: Pruner & Codable>(_ pruner: P, _ traces: [PrunerTrace], direction: StudyDirection) throws -> ([Int?], [Int?]) {
        var straight = pruner
        let all = PrunerTrace.replay(traces, pruner: &straight, study: Study(name: "s", direction: direction))
        // Half the trials, save, read back, the other half over the same study.
        var first = pruner
        var study = Study(name: "s", direction: direction)
        let half = traces.count / 2
        var decisions = PrunerTrace.replay(Array(traces[..<half]), pruner: &first, study: study, keeping: &study)
        var second = try PrunerState.decode(P.self, from: try PrunerState.encode(first))
        decisions += PrunerTrace.replay(Array(traces[half...]), pruner: &second, study: study, keeping: &study)
        return (all, decisions)
    }

    @Test func savedPrunersContinueTheSame() throws {
        let traces = PrunerTrace.curves(seed: 21, trials: 40, steps: 0..<30, nanEvery: 7)
        for (all, resumed) in [
            try Self.resumed(try SuccessiveHalvingPruner(), traces, direction: .minimize),
            try Self.resumed(try HyperbandPruner(), traces, direction: .minimize),
            try Self.resumed(try ASHAPruner(maxT: 25, gracePeriod: 1, reductionFactor: 3, brackets: 2, seed: 4), traces, direction: .minimize),
            try Self.resumed(try PercentilePruner.median(), traces, direction: .minimize),
        ] {
            #expect(all == resumed)
            #expect(all.contains { $0 != nil } && all.contains { $0 == nil })
        }
    }
}

extension PrunerTrace {
    /// `replay`, handing back the study it ends with.
    static func replay(_ trials: [PrunerTrace], pruner: inout some Pruner, study: Study, keeping final: inout Study) -> [Int?] {
        var study = study
        let decisions = trials.map { trace -> Int? in
            let number = study.nextNumber
            study.add(TrialRecord(number: number, point: [], lines: []))
            for (step, value) in trace.reports {
                study.report(number, step: step, value: value)
                switch pruner.decide(number, in: study) {
                case .keep: continue
                case .prune:
                    study.prune(number, at: step)
                    return step
                case .finish:
                    study.complete(number, value: value)
                    pruner.finished(number, in: study)
                    return nil
                }
            }
            study.complete(number, value: trace.final)
            pruner.finished(number, in: study)
            return nil
        }
        final = study
        return decisions
    }
}
