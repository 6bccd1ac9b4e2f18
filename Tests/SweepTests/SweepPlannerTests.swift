import Config
import Foundation
import Testing
@testable import Sweep

@Suite struct SweepPlannerTests {
    @Test func cartesianProductVariesTheFirstOverrideSlowest() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(["seed=1,2", "data.batch_size=4,8,16"])
        #expect(plan.jobs.map(\.overrides) == [
            ["seed=1", "data.batch_size=4"], ["seed=1", "data.batch_size=8"], ["seed=1", "data.batch_size=16"],
            ["seed=2", "data.batch_size=4"], ["seed=2", "data.batch_size=8"], ["seed=2", "data.batch_size=16"],
        ])
        #expect(fixture.relative(plan.jobs[4].runDirectory) == "outputs/test/4_data.batch_size=8,seed=2")
        #expect(plan.jobs[4].taskConfig.value(at: "data.batch_size") == .int(8))
        #expect(plan.jobs[4].hydraConfig.value(at: "hydra.job.num") == .int(4))
    }

    @Test func groupOverridesAreOneDirectory() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(["model/architectures=craft,dbnet"])
        #expect(plan.jobs.map { fixture.relative($0.runDirectory) } == [
            "outputs/test/0_model.architectures=craft", "outputs/test/1_model.architectures=dbnet",
        ])
        #expect(plan.jobs[0].taskConfig.value(at: "model.head.name") == .string("craft_head"))
    }

    @Test func longNamesAreShortenedWithAHash() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let long = String(repeating: "x", count: 300)
        let plan = try fixture.plan(["+note=\(long),short"])
        let name = plan.jobs[0].runDirectory.lastPathComponent
        #expect(name.utf8.count <= 255)
        #expect(name.hasPrefix("0_+note=xxxx"))
        #expect(name.range(of: "~[0-9a-f]{16}$", options: .regularExpression) != nil)
        #expect(plan.jobs[1].runDirectory.lastPathComponent == "1_+note=short")
        try RunDirectoryWriter().write(plan, resume: false)
        #expect(FileManager.default.fileExists(atPath: plan.jobs[0].runDirectory.appendingPathComponent(".hydra/config.yaml").path))
    }

    @Test func aValueSubstitutedIntoARunPathMayNotMoveIt() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        #expect(throws: SweepError.unsafePathValue(key: "hydra.sweep.dir", interpolation: "${exp_name}",
                                                   value: "../../etc", problem: "climbs out with '..'")) {
            try fixture.plan(["exp_name=../../etc", "seed=1,2"])
        }
        #expect(throws: SweepError.unsafePathValue(key: "hydra.sweep.dir", interpolation: "${exp_name}",
                                                   value: "/etc", problem: "is an absolute path")) {
            try fixture.plan(["exp_name=/etc", "seed=1,2"])
        }
        #expect(throws: SweepError.self) { try fixture.plan(["exp_name=..", "seed=1,2"]) }
        #expect(SweepError.unsafePathValue(key: "hydra.sweep.dir", interpolation: "${exp_name}", value: "..",
                                           problem: "climbs out with '..'").errorDescription
            == "Refusing to place a run: in hydra.sweep.dir, ${exp_name} is '..', which climbs out with '..'. "
            + "Choose a value without '..' or a leading '/' (to write elsewhere, set hydra.sweep.dir itself to that path).")
    }

    @Test func anExplicitAbsoluteSweepOrRunDirectoryIsTheUsersChoice() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let elsewhere = fixture.workingDirectory.deletingLastPathComponent()
            .appendingPathComponent("ablate-scratch-\(UUID().uuidString)")
        let sweep = try fixture.plan(["hydra.sweep.dir=\(elsewhere.path)", "seed=1,2"])
        #expect(sweep.directory.path == elsewhere.path)
        #expect(sweep.jobs.map { $0.runDirectory.deletingLastPathComponent().path } == [elsewhere.path, elsewhere.path])
        let run = try fixture.planner().planRun(try OverrideParser.parse(["hydra.run.dir=\(elsewhere.path)/single"]))
        #expect(run.jobs[0].runDirectory.path == elsewhere.path + "/single")
    }

    @Test func aSweptKeyInTheSweepDirectoryMovesEachJobAsInHydra() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let sweep = try fixture.plan(["exp_name=a,b", "seed=1"])
        // multirun.yaml (and the lock) go where the config composed without sweep values says.
        #expect(fixture.relative(sweep.directory) == "outputs/test")
        #expect(sweep.jobs.map { fixture.relative($0.runDirectory) } == ["outputs/a/0_exp_name=a,seed=1", "outputs/b/1_exp_name=b,seed=1"])
    }

    @Test func overrideLinesAreKeptAsTheSweeperMadeThem() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let sweep = try fixture.plan(["+note='${seed}'", "seed=1,2"])
        // As Hydra writes overrides.yaml and hands them to a job: the interpolation unresolved.
        #expect(sweep.jobs.map(\.taskOverrides) == [["+note='${seed}'", "seed=1"], ["+note='${seed}'", "seed=2"]])
        #expect(sweep.jobs.map { $0.taskConfig.value(at: "note") } == [.int(1), .int(2)])
        #expect(sweep.jobs.map { $0.hydraConfig.value(at: "hydra.job.override_dirname")?.stringValue }
            == ["+note='1',seed=1", "+note='2',seed=2"])
    }

    @Test func aJobThatCannotBeComposedStopsThePlanAndIsNamed() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        do {
            _ = try fixture.plan(["model/architectures=dbnet,nope"])
            Issue.record("planning should have failed")
        } catch let error as SweepError {
            guard case let .jobFailedToCompose(num, overrides, reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(num == 1)
            #expect(overrides == ["model/architectures=nope"])
            #expect(reason.contains("Could not find 'model/architectures/nope'"))
            #expect(error.localizedDescription.hasPrefix("Job #1 (model/architectures=nope) cannot be composed, so no job was started: "))
        }
    }

    @Test func intervalIsRejectedByTheGridSweeper() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        #expect(throws: ConfigError.self) { try fixture.plan(["training.learning_rate=interval(0.1,0.2)"]) }
    }
}

@Suite struct RunDirectoryWriterTests {
    @Test func writesHydrasLayout() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(["exp_name=lay", "seed=1,2"])
        try RunDirectoryWriter().write(plan, resume: false)
        let sweep = fixture.workingDirectory.appendingPathComponent("outputs/lay")
        let job = sweep.appendingPathComponent("1_exp_name=lay,seed=2")
        for path in ["multirun.yaml"] {
            #expect(FileManager.default.fileExists(atPath: sweep.appendingPathComponent(path).path))
        }
        for path in [".hydra/config.yaml", ".hydra/overrides.yaml", ".hydra/hydra.yaml", "logs", "checkpoints"] {
            #expect(FileManager.default.fileExists(atPath: job.appendingPathComponent(path).path), "\(path)")
        }
        let overrides = try String(contentsOf: job.appendingPathComponent(".hydra/overrides.yaml"), encoding: .utf8)
        #expect(overrides == "- exp_name=lay\n- seed=2\n")
        let config = try ConfigValue(yaml: String(contentsOf: job.appendingPathComponent(".hydra/config.yaml"), encoding: .utf8))
        #expect(config.value(at: "seed") == .int(2))
        #expect(config.value(at: "hydra") == nil)
        let hydra = try ConfigValue(yaml: String(contentsOf: job.appendingPathComponent(".hydra/hydra.yaml"), encoding: .utf8))
        #expect(hydra.value(at: "hydra.job.num") == .int(1))
        #expect(hydra.value(at: "hydra.runtime.output_dir") == .string(job.path))
        let multirun = try ConfigValue(yaml: String(contentsOf: sweep.appendingPathComponent("multirun.yaml"), encoding: .utf8))
        #expect(multirun.value(at: "hydra.job.num") == .missing)
        #expect(multirun.value(at: "seed") == .int(42))
        #expect(multirun.value(at: "hydra.overrides.task") == .list([.string("exp_name=lay"), .string("seed=1,2")]))
    }

    @Test func anEarlierSweepIsNeverOverwritten() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(["exp_name=keep", "seed=1,2"])
        try RunDirectoryWriter().write(plan, resume: false)
        let again = try fixture.plan(["exp_name=keep", "seed=3,4"])
        #expect(throws: SweepError.sweepDirectoryInUse(path: plan.directory.path, expName: "keep")) {
            try RunDirectoryWriter().write(again, resume: false)
        }
        #expect(SweepError.sweepDirectoryInUse(path: "/o/keep", expName: "keep").localizedDescription
            == "'/o/keep' already holds runs of an earlier sweep. Add --resume to continue that sweep, or choose another exp_name (e.g. exp_name=keep_2).")
        #expect(throws: SweepError.self) { try RunDirectoryWriter().write(again, resume: true) }
        try RunDirectoryWriter().write(plan, resume: true)
    }

    @Test func aSweepWithAQuotedInterpolationResumes() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let lines = ["exp_name=quoted", "+note='${seed}'", "seed=1,2"]
        let plan = try fixture.plan(lines)
        try RunDirectoryWriter().write(plan, resume: false)
        let multirun = try ConfigValue(yaml: String(contentsOf: plan.directory.appendingPathComponent("multirun.yaml"), encoding: .utf8))
        #expect(multirun.value(at: "hydra.overrides.task") == .list(lines.map { .string($0) }))
        try RunDirectoryWriter().write(try fixture.plan(lines), resume: true)
    }

    @Test func resumeNeedsAnEarlierSweep() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(["exp_name=fresh", "seed=1,2"])
        #expect(throws: SweepError.nothingToResume(path: plan.directory.path)) {
            try RunDirectoryWriter().write(plan, resume: true)
        }
    }

    @Test func dryRunListsJobsAsJSON() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(["exp_name=d", "seed=1,2"])
        let json = DryRun.json(plan, workingDirectory: fixture.workingDirectory)
        struct Listing: Decodable { struct Job: Decodable { let num: Int; let dir: String; let overrides: [String] }; let jobs: [Job] }
        let listing = try JSONDecoder().decode(Listing.self, from: Data(json.utf8))
        #expect(listing.jobs.map(\.num) == [0, 1])
        #expect(listing.jobs[1].dir == "outputs/d/1_exp_name=d,seed=2")
        #expect(listing.jobs[1].overrides == ["exp_name=d", "seed=2"])
        #expect(!FileManager.default.fileExists(atPath: plan.directory.path))
        #expect(DryRun.text(plan, workingDirectory: fixture.workingDirectory) == """
            2 jobs in outputs/d
            #0  outputs/d/0_exp_name=d,seed=1
                exp_name=d seed=1
            #1  outputs/d/1_exp_name=d,seed=2
                exp_name=d seed=2

            """)
    }
}
