import Foundation
import Store
import Testing
import TestSupport

/// Studies persist in the SQLite store: trials, their parameters, states and intermediate
/// values survive reopening the database (what `--resume` continues from).
@Suite("Studies in the store")
struct StudyStoreTests {
    @Test func trialsSurviveReopening() throws {
        let fixture = try RunDirectoryFixture()
        let path = fixture.root.appendingPathComponent("ablate.sqlite").path
        do {
            let store = try MetricsStore(path: path)
            let study = try store.openStudy(name: "lr", direction: "maximize", sweepDir: "outputs/lr", settings: #"{"sampler":"tpe","seed":1}"#)
            #expect(study.trials.isEmpty)
            try store.addTrial(study: study.id, StoredTrial(number: 0, lines: ["lr=0.01"], point: [0.01], runDir: "lr/0_lr=0.01"))
            try store.addTrial(study: study.id, StoredTrial(number: 1, lines: ["lr=0.1"], point: [0.1]))
            try store.addTrial(study: study.id, StoredTrial(number: 2, lines: ["lr=0.5"], point: [0.5]))
            for (step, value) in [(1, 0.5), (2, 0.7), (2, 0.72), (3, 0.8)] {
                try store.reportTrialValue(study: study.id, number: 0, step: step, value: value)
            }
            for (step, value) in [(1, 0.2), (2, .nan), (3, 0.3)] {
                try store.reportTrialValue(study: study.id, number: 1, step: step, value: value)
            }
            try store.finishTrial(study: study.id, number: 0, state: "complete", value: 0.8)
            try store.finishTrial(study: study.id, number: 1, state: "pruned", value: nil, prunedStep: 2)
            try store.savePrunerState(study: study.id, #"{"rungs":{"0":[0.5]}}"#)
        }
        let store = try MetricsStore(path: path)
        let study = try #require(try store.loadStudy(name: "lr"))
        #expect(study.direction == "maximize" && study.sweepDir == "outputs/lr")
        #expect(study.prunerState == #"{"rungs":{"0":[0.5]}}"#)
        #expect(study.trials.map(\.number) == [0, 1, 2])
        #expect(study.trials.map(\.state) == ["complete", "pruned", "running"])
        #expect(study.trials[0].value == 0.8 && study.trials[0].lines == ["lr=0.01"] && study.trials[0].point == [0.01])
        #expect(study.trials[0].runDir == "lr/0_lr=0.01")
        #expect(study.trials[0].intermediateValues == [1: 0.5, 2: 0.72, 3: 0.8], "a step reported again keeps the latest value")
        // Pruned at step 2: the value it reported after that is gone; the NaN report is kept as NaN.
        #expect(study.trials[1].prunedStep == 2)
        #expect(study.trials[1].intermediateValues.keys.sorted() == [1, 2])
        #expect(study.trials[1].intermediateValues[2]!.isNaN)

        // A trial that was running when the launcher died is run again from scratch.
        try store.reportTrialValue(study: study.id, number: 2, step: 1, value: 0.1)
        try store.restartTrial(study: study.id, number: 2)
        let again = try #require(try store.loadStudy(name: "lr"))
        #expect(again.trials[2].state == "running" && again.trials[2].intermediateValues.isEmpty)
        // Opening it again by name loads it (Optuna's load_if_exists).
        #expect(try store.openStudy(name: "lr", direction: "maximize", sweepDir: nil, settings: #"{"sampler":"tpe","seed":1}"#).trials.count == 3)
    }

    @Test func aStudyResumedWithOtherSettingsIsRefused() throws {
        let fixture = try RunDirectoryFixture()
        let path = fixture.root.appendingPathComponent("ablate.sqlite").path
        let store = try MetricsStore(path: path)
        _ = try store.openStudy(name: "s", direction: "minimize", sweepDir: nil, settings: "{}")
        #expect { try store.openStudy(name: "s", direction: "maximize", sweepDir: nil, settings: "{}") } throws: { error in
            (error as? StoreError)?.localizedDescription
                == "study 's' in '\(path)' was started with direction minimize, not maximize: resume it with its own settings, or choose another hydra.sweeper.study_name"
        }
        #expect(throws: StoreError.self) { try store.openStudy(name: "s", direction: "minimize", sweepDir: nil, settings: #"{"seed":2}"#) }
        #expect(try store.loadStudy(name: "other") == nil)
    }
}
