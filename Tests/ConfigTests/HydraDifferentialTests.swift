import Foundation
import Testing
@testable import Config

/// Our composition against Hydra's compose API (Tests/Reference/hydra_compose.py) on
/// Fixtures/compose: the resolved task configs must be equal, key order included, and
/// where Hydra fails we must fail too.
@Suite("Differential: composition against Hydra 1.3", .enabled(if: Reference.available, "set ABLATE_REF_PYTHON to a python with hydra-core (scripts/test does)"))
struct HydraDifferentialTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let hydra: [String]
        let ours: [Override]
        var testDescription: String { hydra.isEmpty ? "(no overrides)" : hydra.joined(separator: " ") }
    }

    static func c(_ pairs: (String, Override)...) -> Case {
        Case(hydra: pairs.map(\.0), ours: pairs.enumerated().map { i, p in var o = p.1; o.index = i; return o })
    }

    static let cases: [Case] = [
        c(),
        c(("db=postgres", O.group("db", "postgres", "db=postgres"))),
        c(("db=sqlite", O.group("db", "sqlite", "db=sqlite"))),
        c(("server/plugins=gzip", O.group("server/plugins", "gzip", "server/plugins=gzip"))),
        c(("+extras=early", O.add("extras", O.s("early"), "+extras=early"))),
        c(("+extras=late", O.add("extras", O.s("late"), "+extras=late"))),
        c(("+extras=globals", O.add("extras", O.s("globals"), "+extras=globals"))),
        c(("db@backup=postgres", O.group("db", package: "backup", "postgres", "db@backup=postgres"))),
        c(("~db@backup", Override(kind: .delete, keyOrGroup: "db", package: "backup", value: nil, inputLine: "~db@backup", index: 0))),
        c(("telemetry=full", O.group("telemetry", "full", "telemetry=full"))),
        c(("app.port=1", O.change("app.port", .int(1), "app.port=1"))),
        c(("+app.new=5", O.add("app.new", .int(5), "+app.new=5"))),
        c(("++app.port=7", O.forceAdd("app.port", .int(7), "++app.port=7"))),
        c(("++app.fresh=x", O.forceAdd("app.fresh", O.s("x"), "++app.fresh=x"))),
        c(("~app.rel", O.delete("app.rel", nil, "~app.rel"))),
        c(("app={name: z, port: 1}", O.change("app", .dict(["name": O.s("z"), "port": .int(1)]), "app={name: z, port: 1}"))),
        c(("lists.l=[9]", O.change("lists.l", .list([.int(9)]), "lists.l=[9]"))),
        c(("~nums.s=yes", O.delete("nums.s", O.s("yes"), "~nums.s=yes"))),
        c(("app.rel.a=10", O.change("app.rel.a", .int(10), "app.rel.a=10"))),
        c(("app.host=example.com", O.change("app.host", O.s("example.com"), "app.host=example.com")),
          ("db=postgres", O.group("db", "postgres", "db=postgres"))),
        c(("telemetry=full", O.group("telemetry", "full", "telemetry=full")),
          ("app.host=h", O.change("app.host", O.s("h"), "app.host=h"))),
        c(("+common=base", O.add("common", O.s("base"), "+common=base"))),
        c(("nums.f=2.5", O.change("nums.f", .double(2.5), "nums.f=2.5")), ("nums.t=false", O.change("nums.t", .bool(false), "nums.t=false"))),
        c(("+lists.nested.0.extra=1", O.add("lists.nested.0.extra", .int(1), "+lists.nested.0.extra=1"))),
        // Hydra fails on these; so must we.
        c(("server=apache", O.group("server", "apache", "server=apache"))),
        c(("~db", O.delete("db", nil, "~db"))),
        c(("foo.bar=1", O.change("foo.bar", .int(1), "foo.bar=1"))),
        c(("db=nope", O.group("db", "nope", "db=nope"))),
        c(("extras=early", O.group("extras", "early", "extras=early"))),
    ]

    @Test func composeMatchesHydra() throws {
        let python = try #require(Reference.python, "ABLATE_REF_PYTHON is not set to an executable python")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let casesFile = work.appendingPathComponent("cases.json")
        try JSONSerialization.data(withJSONObject: Self.cases.map(\.hydra)).write(to: casesFile)
        let run = try runProcess(python, [Paths.referenceScripts + "/hydra_compose.py", Paths.fixtureTree, "config",
                                          casesFile.path, work.path])
        try #require(run.status == 0, "hydra_compose.py failed: \(run.stderr)")

        let composer = try fixtureComposer()
        let resolvers = Resolvers.standard()
        var compared = 0
        for (i, testCase) in Self.cases.enumerated() {
            let expectedFile = work.appendingPathComponent("\(i).yaml").path
            let ours = Result { try composer.compose(configName: "config", overrides: testCase.ours).taskConfig.resolved(with: resolvers) }
            if FileManager.default.fileExists(atPath: expectedFile) {
                let expected = try ConfigValue(yaml: try String(contentsOfFile: expectedFile, encoding: .utf8))
                switch ours {
                case .success(let value):
                    #expect(value == expected, "case \(testCase.testDescription)")
                    #expect(value.yamlString() == expected.yamlString(), "case \(testCase.testDescription)")
                case .failure(let error):
                    Issue.record("case \(testCase.testDescription): Hydra composed it, we failed: \(error.localizedDescription)")
                }
            } else {
                let hydraError = (try? String(contentsOfFile: work.appendingPathComponent("\(i).err").path, encoding: .utf8)) ?? "?"
                if case .success = ours {
                    Issue.record("case \(testCase.testDescription): Hydra failed (\(hydraError)), we composed it")
                }
            }
            compared += 1
        }
        #expect(compared == Self.cases.count)
    }
}
