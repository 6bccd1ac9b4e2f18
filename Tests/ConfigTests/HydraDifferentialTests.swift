import Foundation
import Testing
import TestSupport
@testable import Config

/// Our composition against Hydra's compose API (Tests/Reference/hydra_compose.py) on
/// Fixtures/compose: the resolved task configs must be equal, key order included, and
/// where Hydra fails we must fail too.
@Suite("Differential: composition against Hydra 1.3", .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
struct HydraDifferentialTests {
    /// Override sets, as typed on a command line; ours are parsed by OverrideParser.
    static let cases: [[String]] = [
        [],
        ["db=postgres"],
        ["db=sqlite"],
        ["server/plugins=gzip"],
        ["+extras=early"],
        ["+extras=late"],
        ["+extras=globals"],
        ["+extras=experiment"],
        ["+extras=experiment", "db=sqlite"],
        ["db@backup=postgres"],
        ["~db@backup"],
        ["telemetry=full"],
        ["app.port=1"],
        ["+app.new=5"],
        ["++app.port=7"],
        ["++app.fresh=x"],
        ["~app.rel"],
        ["app={name: z, port: 1}"],
        ["lists.l=[9]"],
        ["~nums.s=yes"],
        ["app.rel.a=10"],
        ["app.host=example.com", "db=postgres"],
        ["telemetry=full", "app.host=h"],
        ["+common=base"],
        ["nums.f=2.5", "nums.t=false"],
        ["+lists.nested.0.extra=1"],
        ["app.name='quoted, with comma'", "nums.i=int(7.0)"],
        ["db=postgres", "+extras=late", "server/plugins=gzip", "app.port=1"],
        ["db=mysql", "db=postgres"],
        // Hydra fails on these; so must we.
        ["server=apache"],
        ["~db"],
        ["foo.bar=1"],
        ["db=nope"],
        ["extras=early"],
        ["+app.port=1"],
    ]

    /// Override sets for the shipped configs/ tree, where Hydra and Ablate agree (selectors aside).
    static let shippedCases: [[String]] = [
        [],
        ["optimizer=adam", "scheduler=cosine"],
        ["model/architectures=craft", "model/encoder=resnet50"],
        ["data=icdar2015", "hydra/launcher=slurm"],
        ["data=fashion_mnist", "~model/architectures", "~model/encoder"],
        ["training.learning_rate=0.01", "data.batch_size=16", "exp_name=arch"],
        ["optimizer=adadelta", "scheduler=piecewise", "train.ema=true", "logger.tags=[arch,ablation]"],
        ["+model=architectures/dbnetpp", "~model/architectures"],
    ]

    @Test func composeMatchesHydra() throws {
        try compare(configDir: Paths.fixtureTree, configName: "config", cases: Self.cases)
    }

    /// The shipped tree loads in Hydra too; `_selectors_` (ours, dropped from our result) is
    /// removed from Hydra's before comparing. Hydra is given `train`'s built-in groups
    /// (`hydra/launcher`, ...) as files beside the shipped ones, since it has no `pkg://ablate.conf`.
    @Test func shippedConfigsMatchHydra() throws {
        let tree = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-shipped-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tree) }
        try FileManager.default.copyItem(atPath: Paths.shippedConfigs, toPath: tree.path)
        // Hydra's `hydra` node is a schema without `task` (Ablate's addition): Hydra is given the
        // tree without that entry, which never reaches a job's config.
        let primary = tree.appendingPathComponent("train.yaml")
        let text = try String(contentsOf: primary, encoding: .utf8)
        try #require(text.contains("  - hydra/task: train\n"))
        try text.replacingOccurrences(of: "  - hydra/task: train\n", with: "").write(to: primary, atomically: true, encoding: .utf8)
        for (path, text) in BuiltinConfigs.files {
            let file = tree.appendingPathComponent(path + ".yaml")
            guard !FileManager.default.fileExists(atPath: file.path) else { continue }
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        try compare(configDir: tree.path, configName: "train", cases: Self.shippedCases, dropFromReference: ["_selectors_"])
    }

    private func compare(configDir: String, configName: String, cases: [[String]], dropFromReference: [String] = []) throws {
        let python = try #require(ReferencePython.path, "ABLATE_REF_PYTHON is not set to an executable python")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let casesFile = work.appendingPathComponent("cases.json")
        try JSONSerialization.data(withJSONObject: cases).write(to: casesFile)
        let run = try runProcess(python, [Paths.referenceScripts + "/hydra_compose.py", configDir, configName,
                                          casesFile.path, work.path])
        try #require(run.status == 0, "hydra_compose.py failed: \(run.stderr)")

        let composer = Composer(searchPath: try ConfigSearchPath(primary: configDir))
        let resolvers = Resolvers.standard()
        var compared = 0
        for (i, lines) in cases.enumerated() {
            let name = lines.isEmpty ? "(no overrides)" : lines.joined(separator: " ")
            let overrides = try OverrideParser.parse(lines)
            let expectedFile = work.appendingPathComponent("\(i).yaml").path
            let ours = Result { try composer.compose(configName: configName, overrides: overrides).taskConfig.resolved(with: resolvers) }
            if FileManager.default.fileExists(atPath: expectedFile) {
                var expected = try ConfigValue(yaml: try String(contentsOfFile: expectedFile, encoding: .utf8))
                for key in dropFromReference { expected.remove(at: [key]) }
                switch ours {
                case .success(let value):
                    #expect(value == expected, "case \(name)")
                    #expect(value.yamlString() == expected.yamlString(), "case \(name)")
                case .failure(let error):
                    Issue.record("case \(name): Hydra composed it, we failed: \(error.localizedDescription)")
                }
            } else {
                let hydraError = (try? String(contentsOfFile: work.appendingPathComponent("\(i).err").path, encoding: .utf8)) ?? "?"
                if case .success = ours {
                    Issue.record("case \(name): Hydra failed (\(hydraError)), we composed it")
                }
            }
            compared += 1
        }
        #expect(compared == cases.count)
    }
}
