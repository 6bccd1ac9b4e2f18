import Config
import Foundation
import Testing
@testable import Sweep

/// `hydra/sweeper=...` as composed from the built-in configs and the command line.
@Suite("sweeper settings from the hydra.sweeper node")
struct SweeperSettingsTests {
    static func choice(_ overrides: [String]) throws -> SweeperChoice {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let base = try fixture.planner().multirunBase(try OverrideParser.parse(overrides))
        return try SweeperChoice(sweeper: base.sweeper)
    }

    static func study(_ overrides: [String]) throws -> StudySettings {
        guard case .optuna(let settings) = try choice(["hydra/sweeper=optuna"] + overrides) else {
            throw SweepError.badSweeperParams(found: "not a study")
        }
        return settings
    }

    @Test("no sweeper override: the basic sweeper (the grid), as before")
    func basicByDefault() throws {
        #expect(try Self.choice(["seed=1,2"]) == .basic)
        #expect(try Self.choice(["hydra/sweeper=basic"]) == .basic)
    }

    @Test("hydra/sweeper=optuna: the Optuna plugin's defaults (TPE, 20 trials, 2 jobs, minimize, no pruner)")
    func optunaDefaults() throws {
        let settings = try Self.study([])
        #expect(settings.sampler == .tpe(TPESampler.Settings()))
        #expect(settings.nTrials == 20 && settings.nJobs == 2 && settings.direction == .minimize)
        #expect(settings.pruner == .none && settings.objective == .last && settings.metric == nil && settings.seed == nil)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let overrides: [String]
        let check: @Sendable (StudySettings) -> Bool
        var testDescription: String { overrides.joined(separator: " ") }
    }

    @Test("the plugin's keys and Ablate's metric/objective are read", arguments: [
        Case(overrides: ["hydra/sweeper/sampler=random", "hydra.sweeper.sampler.seed=7"]) { $0.sampler == .random && $0.seed == 7 },
        Case(overrides: ["hydra/sweeper/sampler=grid"]) { $0.sampler == .grid },
        Case(overrides: ["hydra.sweeper.sampler.n_startup_trials=3", "hydra.sweeper.sampler.n_ei_candidates=8"]) {
            $0.sampler == .tpe(TPESampler.Settings(nStartupTrials: 3, nEICandidates: 8)) },
        Case(overrides: ["hydra.sweeper.direction=maximize", "hydra.sweeper.n_trials=40", "hydra.sweeper.n_jobs=4",
                         "hydra.sweeper.study_name=lr", "hydra.sweeper.metric=val/hmean", "hydra.sweeper.objective=best"]) {
            $0.direction == .maximize && $0.nTrials == 40 && $0.nJobs == 4 && $0.studyName == "lr" && $0.metric == "val/hmean" && $0.objective == .best },
        Case(overrides: ["hydra/sweeper/pruner=median", "hydra.sweeper.pruner.n_warmup_steps=3"]) {
            $0.pruner == .median(nStartupTrials: 5, nWarmupSteps: 3, intervalSteps: 1, nMinTrials: 1) },
        Case(overrides: ["hydra/sweeper/pruner=percentile", "hydra.sweeper.pruner.percentile=25"]) {
            $0.pruner == .percentile(percentile: 25, nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1) },
        Case(overrides: ["hydra/sweeper/pruner=successive_halving"]) {
            $0.pruner == .successiveHalving(minResource: nil, reductionFactor: 4, minEarlyStoppingRate: 0) },
        Case(overrides: ["hydra/sweeper/pruner=hyperband", "hydra.sweeper.pruner.max_resource=81"]) {
            $0.pruner == .hyperband(minResource: 1, maxResource: 81, reductionFactor: 3) },
        Case(overrides: ["hydra/sweeper/pruner=asha", "hydra.sweeper.pruner.max_t=27", "hydra.sweeper.pruner.grace_period=3"]) {
            $0.pruner == .asha(maxT: 27, gracePeriod: 3, reductionFactor: 4, brackets: 1) },
    ])
    func reads(_ test: Case) throws {
        #expect(test.check(try Self.study(test.overrides)))
    }

    @Test("bad settings are refused naming the key and what it must be", arguments: [
        (["hydra.sweeper.direction=up"], "hydra.sweeper.direction=up is out of range: it must be minimize or maximize."),
        (["hydra.sweeper.n_trials=0"], "hydra.sweeper.n_trials=0 is out of range: it must be an integer >= 1."),
        (["hydra.sweeper.objective=mean"], "hydra.sweeper.objective=mean is out of range: it must be last or best."),
        (["+hydra.sweeper.n_trial=3"], "hydra.sweeper.n_trial=set is out of range: it must be one of the known keys"),
        (["hydra/sweeper/pruner=percentile"], "hydra.sweeper.pruner.percentile=null is out of range: it must be a number in [0, 100]"),
        (["hydra.sweeper.storage=sqlite:///x.db"], "hydra.sweeper.storage=string is out of range: it must be null"),
        (["hydra.sweeper.sampler.multivariate=true"], "hydra.sweeper.sampler.multivariate=true is out of range"),
    ])
    func refuses(_ overrides: [String], _ message: String) throws {
        let error = #expect(throws: SweepError.self) { try Self.study(overrides) }
        #expect(error?.errorDescription?.hasPrefix(message) == true, "\(error?.errorDescription ?? "")")
    }
}
