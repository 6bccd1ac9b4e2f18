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
            if the launcher was killed. Every metrics line skipped in whole or in part in the runs shown is listed on \
            stderr with its file and line number. Exit codes: 0 ok, 2 usage, configuration or input error.
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
        // The skipped lines are listed below for the runs shown, whoever ingested them first.
        let store = try selection.openStore(reportSkippedLines: false)
        let filter = try selection.filter()
        let chosen = CommandLineValues.list(metrics)
        let query = ResultsQuery(filter: filter, metrics: chosen.isEmpty ? nil : chosen,
                                 direction: MetricDirection(minimize: CommandLineValues.list(minimize)))
        let table = try query.run(on: store)
        try ReportOutput.write(try ReportOutput.results(table, to: output, stdoutFormat: format), to: output)
        if output != "-" {
            printError("wrote \(output): \(table.rows.count) runs, \(table.columns.count) columns")
        }
        // Every metrics line skipped in whole or in part in the runs shown, once, with its file and line.
        for line in try store.skippedLines(ofRuns: try store.runs(matching: filter).map(\.id)) {
            printError("warning: \(line)")
        }
        let states = try CommandLineValues.statesBeforeStatusFilter(filter, in: store)
        if let note = CommandLineValues.leftOutNote(states, keeping: filter.statuses) { printError("note: " + note) }
    }
}

ReportCommandMain.run(CollectResults.self, name: "collect_results")
