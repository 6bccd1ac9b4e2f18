import Foundation
import Report
import Store
import Testing

/// The four ablation kinds the seeds run (learning rate, batch size, architecture, a custom
/// key), each a sweep over seeds, read back from a real SQLite store; whole markdown asserted.
@Suite("Ablation tables")
struct AblationTableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let key: String
        let values: [String]
        let seeds: [Int]
        let best: @Sendable (Int, Int) -> Double
        let loss: @Sendable (Int, Int) -> Double
        let options: AblationOptions
        let markdown: String
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(
            id: "learning rate", key: "optimizer.lr", values: ["0.001", "0.01", "0.1"], seeds: [1, 2, 3],
            best: { value, seed in [[0.80, 0.82, 0.84], [0.85, 0.86, 0.87], [0.70, 0.74, 0.78]][value][seed] },
            loss: { _, _ in 0.5 },
            options: AblationOptions(metric: "val/hmean", columns: ["duration"],
                                     baseline: [ConfigCondition(key: "optimizer.lr", value: "1e-3")]),
            markdown: """
                Ablation of optimizer.lr on val/hmean (best per run; mean ± std over seeds): 9 runs in 3 groups, higher is better, best in bold, compared with optimizer.lr=1e-3.

                | optimizer.lr | val/hmean | duration | n | Δ val/hmean | improvement |
                | :--- | ---: | ---: | ---: | ---: | ---: |
                | 0.01 | **0.8600 ± 0.0100** | 70.0 ± 10.0 | 3 | +0.0400 | +4.88% |
                | 0.001 | 0.8200 ± 0.0200 | 70.0 ± 10.0 | 3 | baseline | — |
                | 0.1 | 0.7400 ± 0.0400 | 70.0 ± 10.0 | 3 | -0.0800 | -9.76% |

                """),
        Case(
            id: "batch size", key: "data.batch_size", values: ["8", "16"], seeds: [1, 2, 3],
            best: { value, seed in [[0.80, 0.81, 0.82], [0.78, 0.80, 0.82]][value][seed] },
            loss: { _, _ in 0.5 },
            options: AblationOptions(metric: "val/hmean", columns: ["val/precision"],
                                     baseline: [ConfigCondition(key: "data.batch_size", value: "16")]),
            markdown: """
                Ablation of data.batch_size on val/hmean (best per run; mean ± std over seeds): 6 runs in 2 groups, higher is better, best in bold, compared with data.batch_size=16.

                | data.batch_size | val/hmean | val/precision | n | Δ val/hmean | improvement |
                | :--- | ---: | ---: | ---: | ---: | ---: |
                | 8 | **0.8100 ± 0.0100** | 0.8600 ± 0.0100 | 3 | +0.0100 | +1.25% |
                | 16 | 0.8000 ± 0.0200 | 0.8500 ± 0.0200 | 3 | baseline | — |

                """),
        Case(
            id: "architecture", key: "model.architecture_name", values: ["dbnet", "dbnetpp", "craft"], seeds: [7, 8],
            best: { value, seed in [[0.80, 0.82], [0.84, 0.86], [0.76, 0.80]][value][seed] },
            loss: { _, _ in 0.5 },
            options: AblationOptions(metric: "val/hmean", columns: ["val/precision", "train/loss"],
                                     baseline: [ConfigCondition(key: "model.architecture_name", value: "dbnet")]),
            markdown: """
                Ablation of model.architecture_name on val/hmean (best per run; mean ± std over seeds): 6 runs in 3 groups, higher is better, best in bold, compared with model.architecture_name=dbnet.

                | model.architecture_name | val/hmean | val/precision | train/loss | n | Δ val/hmean | improvement |
                | :--- | ---: | ---: | ---: | ---: | ---: | ---: |
                | dbnetpp | **0.8500 ± 0.0141** | 0.9000 ± 0.0141 | 0.5000 ± 0.0000 | 2 | +0.0400 | +4.94% |
                | dbnet | 0.8100 ± 0.0141 | 0.8600 ± 0.0141 | 0.5000 ± 0.0000 | 2 | baseline | — |
                | craft | 0.7800 ± 0.0283 | 0.8300 ± 0.0283 | 0.5000 ± 0.0000 | 2 | -0.0300 | -3.70% |

                """),
        Case(
            id: "custom key, minimized metric", key: "model.head.k", values: ["50", "100"], seeds: [1, 2],
            best: { _, _ in 0.8 },
            loss: { value, seed in [[0.30, 0.32], [0.20, 0.24]][value][seed] },
            options: AblationOptions(metric: "train/loss", baseline: [ConfigCondition(key: "model.head.k", value: "50")],
                                     precision: 3),
            markdown: """
                Ablation of model.head.k on train/loss (best per run; mean ± std over seeds): 4 runs in 2 groups, lower is better, best in bold, compared with model.head.k=50.

                | model.head.k | train/loss | n | Δ train/loss | improvement |
                | :--- | ---: | ---: | ---: | ---: |
                | 100 | **0.220 ± 0.028** | 2 | -0.090 | +29.03% |
                | 50 | 0.310 ± 0.014 | 2 | baseline | — |

                """),
    ]

    @Test(arguments: cases)
    func ablationKind(_ kind: Case) throws {
        let fixture = try RunDirectoryFixture()
        let exp = kind.key.replacingOccurrences(of: ".", with: "_")
        try SweepFixture.write(into: fixture, exp: exp, key: kind.key, values: kind.values, seeds: kind.seeds,
                               tags: ["ablation"], best: kind.best, loss: kind.loss)
        // Another experiment in the same store must not leak into the selection.
        try SweepFixture.write(into: fixture, exp: "other", key: "optimizer.lr", values: ["0.5"], seeds: [1],
                               tags: ["ablation"], best: { _, _ in 0.99 })
        let store = try MetricsStore(path: fixture.databasePath)
        try store.ingestAll(under: fixture.root)

        let results = try ResultsQuery(filter: RunFilter(tags: ["ablation", exp])).run(on: store)
        let table = try AblationTable(results: results, options: kind.options)
        #expect(table.markdown() == kind.markdown)

        // The same table from the CSV collect_results writes.
        let csv = try CSV.read(CSV.write(results), file: "results.csv")
        #expect(try AblationTable(results: csv, options: kind.options).markdown() == kind.markdown)
    }

    @Test func seedsAloneMakeOneGroup() throws {
        let fixture = try RunDirectoryFixture()
        try SweepFixture.write(into: fixture, exp: "seeds", key: "optimizer.lr", values: ["0.001"], seeds: [1, 2],
                               tags: [], best: { _, seed in [0.5, 0.7][seed] })
        let store = try MetricsStore(path: fixture.databasePath)
        try store.ingestAll(under: fixture.root)
        let results = try ResultsQuery().run(on: store)
        #expect(results.configKeys == ["seed"])
        let table = try AblationTable(results: results, options: AblationOptions(metric: "val/hmean"))
        #expect(table.markdown() == """
            Ablation of all runs as one group on val/hmean (best per run; mean ± std over seeds): 2 runs in 1 group, higher is better, best in bold.

            | group | val/hmean | n |
            | :--- | ---: | ---: |
            | all | **0.6000 ± 0.1414** | 2 |

            """)
    }

    @Test func groupingByAKeyThatDoesNotVaryComesFromTheStore() throws {
        let fixture = try RunDirectoryFixture()
        try SweepFixture.write(into: fixture, exp: "arch", key: "model.architecture_name", values: ["dbnet", "craft"],
                               seeds: [1], tags: [], best: { value, _ in [0.8, 0.7][value] })
        let store = try MetricsStore(path: fixture.databasePath)
        try store.ingestAll(under: fixture.root)
        let results = try ResultsQuery(includeKeys: ["data.batch_size"]).run(on: store)
        let options = AblationOptions(metric: "val/hmean", groupBy: ["model.architecture_name", "data.batch_size"])
        let table = try AblationTable(results: results, options: options)
        #expect(table.rows.map(\.keys) == [["dbnet", "8"], ["craft", "8"]])
    }

    @Test func defaultGroupingKeepsKeysThatSplitAndDropsFollowers() throws {
        let columns = ResultsTable.runColumns + ["optimizer.lr", "optimizer.name", "data.batch_size", "seed", "m:best"]
        var rows: [[ResultsTable.Cell]] = []
        for (lr, name) in [("0.1", "sgd"), ("0.01", "adam")] {
            for batch in ["8", "16"] {
                for seed in ["1", "2"] {
                    rows.append([.int(rows.count + 1), .text("e"), .int(rows.count), .text("e/\(rows.count)"),
                                 .text("completed"), .number(1), .config(lr), .config(name), .config(batch),
                                 .config(seed), .number(0.5)])
                }
            }
        }
        let table = try AblationTable(results: ResultsTable(columns: columns, rows: rows),
                                      options: AblationOptions(metric: "m"))
        #expect(table.groupBy == ["optimizer.lr", "data.batch_size"])
        #expect(table.rows.map(\.runs) == [2, 2, 2, 2])
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let id: String
        let options: AblationOptions
        let message: String
        var testDescription: String { id }
    }

    static let badCases: [BadCase] = [
        BadCase(id: "unknown metric", options: AblationOptions(metric: "val/hmeen"),
                message: "unknown metric 'val/hmeen'; known metrics: train/loss, val/hmean, val/precision"),
        BadCase(id: "unknown column", options: AblationOptions(metric: "val/hmean", columns: ["val/recall"]),
                message: "unknown column 'val/recall'; known: train/loss, val/hmean, val/precision, duration"),
        BadCase(id: "unknown group key", options: AblationOptions(metric: "val/hmean", groupBy: ["model.lr"]),
                message: "cannot group by 'model.lr': no such config key among the selected runs; keys: seed, optimizer.lr"),
        BadCase(id: "baseline not grouped",
                options: AblationOptions(metric: "val/hmean", baseline: [ConfigCondition(key: "seed", value: "1")]),
                message: "--baseline key 'seed' is not a group-by key (grouping by: optimizer.lr); add it with --group-by"),
        BadCase(id: "baseline not found",
                options: AblationOptions(metric: "val/hmean", baseline: [ConfigCondition(key: "optimizer.lr", value: "0.3")]),
                message: "no group matches --baseline optimizer.lr=0.3; groups: optimizer.lr=0.1, optimizer.lr=0.2"),
        BadCase(id: "baseline ambiguous",
                options: AblationOptions(metric: "val/hmean", groupBy: ["optimizer.lr", "seed"],
                                         baseline: [ConfigCondition(key: "optimizer.lr", value: "0.1")]),
                message: "--baseline optimizer.lr=0.1 matches 2 groups: add a value for seed, e.g. --baseline optimizer.lr=0.1,seed=..."),
    ]

    @Test(arguments: badCases)
    func badOptions(_ bad: BadCase) throws {
        let fixture = try RunDirectoryFixture()
        try SweepFixture.write(into: fixture, exp: "lr", key: "optimizer.lr", values: ["0.1", "0.2"], seeds: [1, 2],
                               tags: [], best: { _, _ in 0.5 })
        let store = try MetricsStore(path: fixture.databasePath)
        try store.ingestAll(under: fixture.root)
        let results = try ResultsQuery().run(on: store)
        let error = try #require(throws: ReportError.self) { try AblationTable(results: results, options: bad.options) }
        #expect(error.localizedDescription == bad.message)
    }
}
