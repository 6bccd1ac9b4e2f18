import Config
import Foundation
import Testing
import TestSupport

/// Sweeps over a config tree that is not Ablate's (Tests/Fixtures/user_project/conf: a `model`
/// and a `db` group, interpolations, `${hydra:job.num}`), run by real Hydra 1.3
/// (`--multirun hydra/launcher=basic`: its BasicSweeper and basic launcher; every case in one
/// Python process, Tests/Reference/hydra_multirun_tree.py) and by the built `train -m` with the
/// same overrides, each in its own working directory. Compared job by job: the job number, its
/// run directory relative to that working directory (dates and times normalised), the text of
/// its `.hydra/overrides.yaml`, its config (Ablate's `.hydra/config.yaml` against the config
/// Hydra handed the job, resolved, as YAML), `hydra.job.override_dirname` (resolved) and the
/// group choices; and where each wrote `multirun.yaml`. Hydra's defaults apply throughout:
/// `multirun/<date>/<time>` and `subdir: ${hydra.job.num}` unless a case sets them.
@Suite("Differential: sweeps over a user's own config tree against Hydra 1.3's BasicSweeper (built binary)",
       .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
struct HydraUserSweepDifferentialTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let configName: String
        /// `@WORK@` stands for the absolute path of the directory the sweep is started in.
        let overrides: [String]
        var index = 0
        var testDescription: String { id }

        init(_ id: String, _ configName: String, _ overrides: [String]) {
            self.id = id
            self.configName = configName
            self.overrides = overrides
        }

        func overrides(in directory: URL) -> [String] {
            overrides.map { $0.replacingOccurrences(of: "@WORK@", with: directory.path) }
        }
    }

    static let cases: [Case] = [
        Case("group and value sweep, Hydra's default dirs", "app", ["db=mysql,postgres", "lr=0.1,0.01"]),
        Case("range over a value, glob over a group with exclude", "app", ["batch=range(8,32,8)", "db=glob(*,exclude=sqlite)"]),
        Case("glob over every option, float range", "config", ["model=glob(*)", "lr=range(0.1,0.4,0.1)"]),
        Case("added key and added group", "config", ["+new_key=1,2", "+db=postgres,sqlite"]),
        Case("deleted keys", "app", ["~tags", "~model.depth", "lr=0.5,0.05"]),
        Case("quoted strings", "config", ["task='a b','c,d'", "+note=\"it's\""]),
        Case("interpolations in overrides", "app", ["name=run_${db.driver}_${lr}", "lr=0.1,0.01", "+twice='${epochs}${epochs}'"]),
        Case("absolute sweep dir, default subdir", "app", ["hydra.sweep.dir=@WORK@/scratch/sweeps", "db=mysql,sqlite"]),
        Case("subdir from override_dirname", "app",
             ["hydra.sweep.subdir=${hydra.job.num}_${hydra.job.override_dirname}", "db=mysql,postgres", "lr=0.1,0.01"]),
        Case("excluded keys, own separators", "config",
             ["hydra.sweep.subdir=${hydra.job.override_dirname}", "hydra.job.config.override_dirname.exclude_keys=[task]",
              "hydra.job.config.override_dirname.kv_sep=-", "hydra.job.config.override_dirname.item_sep=_",
              "task=x", "lr=0.1,0.01", "batch=4,8"]),
        Case("sweep dir holding a swept key", "config", ["hydra.sweep.dir=sweeps/${task}", "task=a,b"]),
        Case("choice, sort, a key of a chosen group", "app", ["lr=choice(0.1,0.2)", "db=postgres", "db.port=sort(6544,6543)"]),
        Case("dict and list values, '=' in a value", "config",
             ["+opt={a:1,b:[2,3]}", "+expr='x=1'", "lr=0.1,0.2", "hydra.sweep.subdir=${hydra.job.override_dirname}"]),
        Case("same key twice: the last sweep, at the first place", "config", ["lr=0.1,0.2", "batch=4", "lr=0.3,0.4,0.5"]),
    ].enumerated().map { index, testCase in
        var numbered = testCase
        numbered.index = index
        return numbered
    }

    static let configDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/user_project/conf")

    /// Hydra's side of every case, run once: case N's sweep is under `<root>/N`; or why it could not run.
    static let hydraRuns: (root: URL, failure: String?) = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-hydra-tree-\(UUID().uuidString)")
        do {
            var requests: [[String: Any]] = []
            for testCase in cases {
                let directory = root.appendingPathComponent(String(testCase.index))
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                requests.append(["config": testCase.configName, "dir": directory.path,
                                 "overrides": testCase.overrides(in: directory)])
            }
            _ = try ReferencePython.run("hydra_multirun_tree.py", arguments: [configDirectory.path],
                                        input: try JSONSerialization.data(withJSONObject: requests))
            return (root, nil)
        } catch {
            return (root, "\(error)")
        }
    }()

    /// One job as a sweep left it on disk.
    struct Job: Equatable, CustomStringConvertible {
        let num: Int
        let directory: String
        let overrides: String
        let config: String
        let overrideDirname: String
        let choices: String

        var description: String {
            "#\(num) \(directory)\n  overrides: \(overrides.debugDescription)\n  override_dirname: \(overrideDirname)\n"
                + "  choices: \(choices)\n  config: \(config.debugDescription)"
        }
    }

    /// Every job under `directory` (a folder holding `.hydra/overrides.yaml`), by number, and the
    /// folders holding `multirun.yaml`. `configFile` and `hydraFile` name the resolved config and
    /// hydra node in `.hydra/`. Dates and times (`2026-12-06/03-45-04`) read `<date>/<time>`.
    static func sweep(in directory: URL, configFile: String, hydraFile: String) throws -> (jobs: [Job], multirun: [String]) {
        let paths = (FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String]) ?? []
        func normalised(_ path: String) -> String {
            path.replacingOccurrences(of: #"\d{4}-\d{2}-\d{2}/\d{2}-\d{2}-\d{2}"#, with: "<date>/<time>", options: .regularExpression)
        }
        var jobs: [Job] = []
        for path in paths where path.hasSuffix(".hydra/overrides.yaml") {
            let relative = String(path.dropLast(".hydra/overrides.yaml".count)).trimmingSuffix("/")
            let hydraDirectory = directory.appendingPathComponent(relative).appendingPathComponent(".hydra")
            let hydra = try ConfigValue(yaml: readText(hydraDirectory.appendingPathComponent(hydraFile)))
            guard case .int(let num)? = hydra.value(at: "hydra.job.num") else {
                throw TreeFailure(description: "no hydra.job.num in \(hydraDirectory.path)/\(hydraFile)")
            }
            let choices = (hydra.value(at: "hydra.runtime.choices")?.dictValue ?? [:])
                .filter { !$0.key.hasPrefix("hydra/") }
                .map { "\($0.key)=\($0.value.stringValue ?? $0.value.kindName)" }.sorted().joined(separator: " ")
            jobs.append(Job(num: num, directory: normalised(relative),
                            overrides: readText(hydraDirectory.appendingPathComponent("overrides.yaml")),
                            config: readText(hydraDirectory.appendingPathComponent(configFile)),
                            overrideDirname: hydra.value(at: "hydra.job.override_dirname")?.stringValue ?? "(none)",
                            choices: choices))
        }
        let multirun = paths.filter { $0 == "multirun.yaml" || $0.hasSuffix("/multirun.yaml") }
            .map { normalised(String($0.dropLast("multirun.yaml".count))) }.sorted()
        return (jobs.sorted { $0.num < $1.num }, multirun)
    }

    @Test(arguments: cases)
    func sameJobsAsHydra(_ testCase: Case) async throws {
        let hydraRuns = Self.hydraRuns
        if let failure = hydraRuns.failure { throw TreeFailure(description: failure) }
        let hydraDirectory = hydraRuns.root.appendingPathComponent(String(testCase.index))
        defer { try? FileManager.default.removeItem(at: hydraDirectory) }
        let refusal = hydraDirectory.appendingPathComponent("hydra.err")
        try #require(!FileManager.default.fileExists(atPath: refusal.path), "Hydra refused the case: \(readText(refusal))")
        let hydra = try Self.sweep(in: hydraDirectory, configFile: "resolved.yaml", hydraFile: "resolved_hydra.yaml")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-user-tree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A task that does nothing: what is compared is what train lays out before it runs.
        let result = try await TrainProcess.run(["-cp", Self.configDirectory.path, "-cn", testCase.configName]
            + testCase.overrides(in: directory) + ["task.command=['true']", "hydra/launcher=basic", "-m"], in: directory)
        try #require(result.exit == .exited(0), "stderr: \(result.stderr)")
        let ours = try Self.sweep(in: directory, configFile: "config.yaml", hydraFile: "hydra.yaml")

        #expect(!hydra.jobs.isEmpty)
        #expect(ours.jobs.map(\.num) == hydra.jobs.map(\.num))
        for (job, expected) in zip(ours.jobs, hydra.jobs) {
            #expect(job == expected)
        }
        #expect(ours.multirun == hydra.multirun)
    }
}

private struct TreeFailure: Error, CustomStringConvertible {
    let description: String
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
