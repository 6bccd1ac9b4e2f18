import Foundation
import Report
import Store
import Testing

@Suite("Results table from the store")
struct ResultsQueryTests {
    /// Two experiments, tags, a failed run and a config value holding a comma.
    static func makeStore() throws -> (RunDirectoryFixture, MetricsStore) {
        let fixture = try RunDirectoryFixture()
        try SweepFixture.write(into: fixture, exp: "lr", key: "optimizer.lr", values: ["0.001", "0.0001"], seeds: [1],
                               tags: ["sweep", "nightly"], best: { value, _ in [0.8, 0.7][value] },
                               loss: { value, _ in [0.3, 0.4][value] })
        try SweepFixture.write(into: fixture, exp: "arch", key: "model.architecture_name", values: ["dbnet", "craft"],
                               seeds: [1], tags: ["sweep"], best: { value, _ in [0.6, 0.65][value] })
        let failed = try fixture.makeRun(exp: "lr", job: 2, overrides: ["optimizer.lr=0.1"],
                                         config: "exp_name: lr\noptimizer:\n  lr: 0.1\n")
        try fixture.writeStatus(failed, state: "failed", job: 2, end: 1763712001, exitCode: 1)
        let store = try MetricsStore(path: fixture.databasePath)
        try store.ingestAll(under: fixture.root)
        return (fixture, store)
    }

    static func column(_ table: ResultsTable, _ name: String) -> [String] {
        guard let index = table.index(of: name) else { return [] }
        return table.rows.map { $0[index].text }
    }

    @Test func columnsHoldVaryingKeysAndEachMetricsBestAndLast() throws {
        let (_, store) = try Self.makeStore()
        let table = try ResultsQuery(filter: RunFilter(expName: "lr")).run(on: store)
        #expect(table.columns == [
            "run_id", "exp_name", "job_num", "run_dir", "status", "duration", "optimizer.lr",
            "train/loss:best", "train/loss:last", "train/loss:best_step", "train/loss:best_epoch",
            "val/hmean:best", "val/hmean:last", "val/hmean:best_step", "val/hmean:best_epoch",
            "val/precision:best", "val/precision:last", "val/precision:best_step", "val/precision:best_epoch",
        ])
        #expect(Self.column(table, "run_dir") == ["lr/0_optimizer.lr=0.001,seed=1", "lr/1_optimizer.lr=0.0001,seed=1"])
        #expect(Self.column(table, "optimizer.lr") == ["0.001", "0.0001"])
        #expect(Self.column(table, "duration") == ["60.0", "60.0"])
        // Maximized: best 0.8 at step 200 / epoch 1, last 0.8 - 0.05.
        #expect(Self.column(table, "val/hmean:best") == ["0.8", "0.7"])
        #expect(Self.column(table, "val/hmean:last") == ["\(0.8 - 0.05)", "\(0.7 - 0.05)"])
        #expect(Self.column(table, "val/hmean:best_step") == ["200", "200"])
        #expect(Self.column(table, "val/hmean:best_epoch") == ["1", "1"])
        // Names ending in loss are minimized: best is the minimum.
        #expect(Self.column(table, "train/loss:best") == ["0.3", "0.4"])
        #expect(Self.column(table, "train/loss:last") == ["\(0.3 + 0.1)", "\(0.4 + 0.1)"])
    }

    @Test func minimizeOptionAndChosenMetrics() throws {
        let (_, store) = try Self.makeStore()
        let query = ResultsQuery(filter: RunFilter(expName: "lr"), metrics: ["val/hmean"],
                                 direction: MetricDirection(minimize: ["val/hmean"]))
        let table = try query.run(on: store)
        #expect(table.metricNames == ["val/hmean"])
        #expect(Self.column(table, "val/hmean:best") == ["\(0.8 - 0.1)", "\(0.7 - 0.1)"])
        #expect(Self.column(table, "val/hmean:best_step") == ["100", "100"])
    }

    struct FilterCase: Sendable, CustomTestStringConvertible {
        let id: String
        let filter: RunFilter
        let runs: [String]
        var testDescription: String { id }
    }

    static let filterCases: [FilterCase] = [
        FilterCase(id: "default: completed only", filter: RunFilter(),
                   runs: ["arch/0_model.architecture_name=dbnet,seed=1", "arch/1_model.architecture_name=craft,seed=1",
                          "lr/0_optimizer.lr=0.001,seed=1", "lr/1_optimizer.lr=0.0001,seed=1"]),
        FilterCase(id: "project", filter: RunFilter(project: "OCR_Ablation", expName: "arch"),
                   runs: ["arch/0_model.architecture_name=dbnet,seed=1", "arch/1_model.architecture_name=craft,seed=1"]),
        FilterCase(id: "all tags must match", filter: RunFilter(tags: ["sweep", "nightly"]),
                   runs: ["lr/0_optimizer.lr=0.001,seed=1", "lr/1_optimizer.lr=0.0001,seed=1"]),
        FilterCase(id: "exp_name is a tag", filter: RunFilter(tags: ["arch"]),
                   runs: ["arch/0_model.architecture_name=dbnet,seed=1", "arch/1_model.architecture_name=craft,seed=1"]),
        FilterCase(id: "where, value in another spelling",
                   filter: RunFilter(config: [ConfigCondition(key: "optimizer.lr", value: "1e-4")]),
                   runs: ["lr/1_optimizer.lr=0.0001,seed=1"]),
        FilterCase(id: "status failed", filter: RunFilter(statuses: ["failed"]), runs: ["lr/2_optimizer.lr=0.1"]),
        FilterCase(id: "any status", filter: RunFilter(expName: "lr", statuses: nil),
                   runs: ["lr/0_optimizer.lr=0.001,seed=1", "lr/1_optimizer.lr=0.0001,seed=1", "lr/2_optimizer.lr=0.1"]),
    ]

    @Test(arguments: filterCases)
    func filters(_ test: FilterCase) throws {
        let (_, store) = try Self.makeStore()
        #expect(try store.runs(matching: test.filter).map(\.runDirectory) == test.runs)
    }

    @Test func emptySelectionNamesTheFilters() throws {
        let (_, store) = try Self.makeStore()
        let filter = RunFilter(project: "OCR", tags: ["sweep"], config: [ConfigCondition(key: "seed", value: "9")])
        let error = try #require(throws: ReportError.self) { try ResultsQuery(filter: filter).run(on: store) }
        #expect(error.localizedDescription
            == "no runs match --project OCR --tag sweep --where seed=9 --status completed (the store holds 5 runs); loosen the filters, or try --status all")
    }

    @Test func unknownMetricListsTheKnownOnes() throws {
        let (_, store) = try Self.makeStore()
        let error = try #require(throws: ReportError.self) { try ResultsQuery(metrics: ["val/f1"]).run(on: store) }
        #expect(error.localizedDescription == "unknown metric 'val/f1'; known metrics: train/loss, val/hmean, val/precision")
    }

    @Test func jsonOutputKeepsColumnOrderAndTypes() throws {
        let table = ResultsTable(
            columns: ["run_id", "data.name", "seed", "optimizer.lr", "model.pretrained", "data.sizes", "val/hmean:best",
                      "val/hmean:best_step"],
            rows: [[.int(1), .config("icdar, \"15\""), .config("3"), .config("0.0001"), .config("true"), .config("[1,2]"),
                    .number(0.5), .empty]])
        #expect(ResultsJSON.write(table) == """
            [
              {"run_id": 1, "data.name": "icdar, \\"15\\"", "seed": 3, "optimizer.lr": 0.0001, "model.pretrained": true, \
            "data.sizes": [1,2], "val/hmean:best": 0.5, "val/hmean:best_step": null}
            ]

            """)
    }
}
