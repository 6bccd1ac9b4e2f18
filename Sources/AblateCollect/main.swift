import ArgumentParser
import Foundation
import Report
import Store

/// `collect_results`: ingest what the launcher did not, then write the results table.
struct CollectResults: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect_results",
        abstract: "Write a table of runs (config keys that vary, best and last of each metric) from the results database.",
        discussion: """
            Every run directory under --root not fully ingested yet is ingested first, so nothing is lost \
            if the launcher was killed. Exit codes: 0 ok, 2 usage, configuration or input error.
            """)

    @OptionGroup(title: "Run selection")
    var selection: RunSelectionOptions
    @Option(help: "Metrics to report, comma-separated (default: every metric logged).")
    var metrics: [String] = []
    @Option(help: "Metrics where lower is better, comma-separated (names ending in 'loss' always are).")
    var minimize: [String] = []
    @Option(help: "Output file, CSV or JSON by its extension, or - for stdout.")
    var output = "-"
    @Option(help: "Format written to stdout with --output -: csv or json.")
    var format = "csv"

    func run() throws {
        let store = try selection.openStore()
        let filter = try selection.filter()
        let chosen = CommandLineValues.list(metrics)
        let query = ResultsQuery(filter: filter, metrics: chosen.isEmpty ? nil : chosen,
                                 direction: MetricDirection(minimize: CommandLineValues.list(minimize)))
        let table = try query.run(on: store)
        try ReportOutput.write(try ReportOutput.results(table, to: output, stdoutFormat: format), to: output)
        if output != "-" {
            printError("wrote \(output): \(table.rows.count) runs, \(table.columns.count) columns")
        }
        if let statuses = filter.statuses {
            var others = filter
            others.statuses = nil
            let left = try store.runs(matching: others).compactMap { $0.status ?? "unknown" }.filter { !statuses.contains($0) }
            if !left.isEmpty {
                let counts = Dictionary(grouping: left, by: { $0 }).map { "\($0.value.count) \($0.key)" }.sorted()
                printError("note: \(left.count) matching run\(left.count == 1 ? "" : "s") not \(statuses.joined(separator: "/")) left out "
                           + "(\(counts.joined(separator: ", "))); --status all includes them")
            }
        }
    }
}

ReportCommandMain.run(CollectResults.self, name: "collect_results")
