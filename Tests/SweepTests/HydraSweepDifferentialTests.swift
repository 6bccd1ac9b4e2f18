import Config
import Foundation
import Testing
@testable import Sweep

/// The jobs Hydra's basic sweeper makes, and the directories it puts them in, against ours.
@Suite("Differential: sweep order and run directories against Hydra 1.3", Reference.condition)
struct HydraSweepDifferentialTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let configName: String
        let overrides: [String]
        var testDescription: String { id }

        init(_ id: String, _ overrides: [String], configName: String = "train") {
            self.id = id
            self.overrides = overrides
            self.configName = configName
        }
    }

    static let cases: [Case] = [
        Case("architecture comparison", ["exp_name=arch", "model.architecture_name=dbnet,dbnetpp,craft", "data.batch_size=8,16"]),
        Case("batch size ablation", ["data.batch_size=4,8,16", "exp_name=bs"]),
        Case("learning rate with seeds", ["training.learning_rate=0.001,0.005,0.01", "seed=1,2"]),
        Case("float range", ["training.learning_rate=range(0.1,0.5,0.1)"]),
        Case("int range and choice", ["seed=range(3)", "data.batch_size=choice(8,16)"]),
        Case("group sweep", ["model/architectures=dbnet,craft", "exp_name=grp"]),
        Case("glob over group options", ["model/architectures=glob(db*)"]),
        Case("added key", ["+extra=1,2", "data.batch_size=8"]),
        Case("deleted keys", ["~seed", "data.batch_size=4,8", "~training.learning_rate=0.001"]),
        Case("repeated key, last wins at first position", ["seed=1,2", "data.batch_size=4", "seed=3,4,5"]),
        Case("excluded keys", ["exp_name=ex", "seed=1,2", "hydra.job.config.override_dirname.exclude_keys=[exp_name,seed]", "data.batch_size=8,16"]),
        Case("sorted and quoted values", ["exp_name='my exp'", "training.learning_rate=sort(0.1,0.01)"]),
        Case("sweeper params from the config", ["training.learning_rate=0.1,0.2"], configName: "params"),
    ]

    struct HydraJob: Decodable, Equatable {
        let num: Int
        let overrides: [String]
        let dirname: String
        let dir: String
    }

    @Test(arguments: cases)
    func sameJobsAndDirectoriesAsHydra(_ testCase: Case) throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let output = try Reference.run("hydra_sweep.py", [SweepFixture.configDirectory.path, testCase.configName,
                                                          fixture.workingDirectory.path] + testCase.overrides)
        let hydra = try output.split(separator: "\n").filter { $0.hasPrefix("{") }.map {
            try JSONDecoder().decode(HydraJob.self, from: Data($0.utf8))
        }
        let plan = try fixture.plan(testCase.overrides, configName: testCase.configName)
        let ours = plan.jobs.map { job in
            // Hydra reports the task overrides: the job's lines without `hydra.` ones.
            HydraJob(num: job.num, overrides: job.overrides.filter { !$0.hasPrefix("hydra.") },
                     dirname: job.hydraConfig.value(at: "hydra.job.override_dirname")?.stringValue ?? "",
                     dir: fixture.relative(job.runDirectory))
        }
        // Hydra nests directories at a group's `/`; Ablate flattens it to `.` on purpose.
        let expected = hydra.map {
            HydraJob(num: $0.num, overrides: $0.overrides, dirname: RunDirectoryName.flattened($0.dirname),
                     dir: $0.dir.split(separator: "/").prefix(2).joined(separator: "/") + "/"
                        + RunDirectoryName.flattened($0.dir.split(separator: "/").dropFirst(2).joined(separator: "/")))
        }
        #expect(ours == expected)
        #expect(!ours.isEmpty)
    }
}
