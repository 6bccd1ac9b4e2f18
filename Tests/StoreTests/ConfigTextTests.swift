import Foundation
import Store
import Testing

/// Canonical text of config values: how `--where key=value` matches what config.yaml holds.
@Suite("Config value canonical text")
struct ConfigTextTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let typed: String
        let canonical: String
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "integer", typed: "8", canonical: "8"),
        Case(id: "negative integer", typed: "-3", canonical: "-3"),
        Case(id: "float", typed: "0.001", canonical: "0.001"),
        Case(id: "exponent without a dot (OmegaConf float)", typed: "1e-4", canonical: "0.0001"),
        Case(id: "exponent with a dot", typed: "1.0e-3", canonical: "0.001"),
        Case(id: "integral float keeps its .0", typed: "1.0", canonical: "1.0"),
        Case(id: "boolean any case", typed: "True", canonical: "true"),
        Case(id: "false", typed: "false", canonical: "false"),
        Case(id: "null", typed: "null", canonical: "null"),
        Case(id: "tilde null", typed: "~", canonical: "null"),
        Case(id: "infinity", typed: ".inf", canonical: ".inf"),
        Case(id: "string", typed: "dbnet", canonical: "dbnet"),
        Case(id: "string that starts like a number", typed: "1e-4x", canonical: "1e-4x"),
        Case(id: "version-like string", typed: "1.2.3", canonical: "1.2.3"),
        Case(id: "yes stays a string", typed: "yes", canonical: "yes"),
    ]

    @Test(arguments: cases)
    func canonicalText(_ test: Case) {
        #expect(ConfigText.canonical(test.typed) == test.canonical)
    }

    /// The same values written in config.yaml, plain and quoted, as ingestion flattens them.
    @Test func configValuesMatchTheirTypedSpelling() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: """
            a: 1e-4
            b: '1e-4'
            c: 8
            d: "8"
            e: ~
            f: {}
            g: [1, 'two', null]
            h: 1.0
            """)
        let store = try MetricsStore(path: fixture.databasePath)
        let report = try store.ingest(runDirectory: run)
        let configs = try store.configs(ofRuns: [report.runID])
        #expect(configs.keys == ["a", "b", "c", "d", "e", "f", "g", "h"])
        #expect(configs.values[report.runID] == [
            "a": "0.0001", "b": "1e-4", "c": "8", "d": "8", "e": "null", "f": "{}", "g": #"[1,"two",null]"#, "h": "1.0",
        ])
        #expect(try store.runs(matching: RunFilter(statuses: nil, config: [ConfigCondition(key: "a", value: "0.0001")])).count == 1)
        #expect(try store.runs(matching: RunFilter(statuses: nil, config: [ConfigCondition(key: "h", value: "1")])).isEmpty)
    }
}
