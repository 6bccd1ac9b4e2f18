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

    @Option(help: "The outputs root holding the run directories.")
    var root = "outputs"
    @Option(help: "The results database (default: $ABLATE_DB, else <root>/ablate.sqlite).")
    var db: String?
    @Option(help: "Only runs of this project (logger.project).")
    var project: String?
    @Option(name: .customLong("tag"), help: "Only runs with this tag (logger.tags or exp_name); repeat: all must match.")
    var tags: [String] = []
    @Option(help: "Only runs of this experiment (exp_name).")
    var exp: String?
    @Option(help: "Only runs in these states, comma-separated (queued, running, completed, failed, interrupted), or 'all'.")
    var status = "completed"
    @Option(name: .customLong("where"), help: "Only runs whose resolved config has key=value; repeatable.")
    var conditions: [String] = []
    @Option(help: "Metrics to report, comma-separated (default: every metric logged).")
    var metrics: [String] = []
    @Option(help: "Metrics where lower is better, comma-separated (names ending in 'loss' always are).")
    var minimize: [String] = []
    @Option(help: "Output file, CSV or JSON by its extension, or - for stdout.")
    var output = "-"
    @Option(help: "Format written to stdout with --output -: csv or json.")
    var format = "csv"
    @Flag(name: .shortAndLong, help: "Say what was ingested from the run directories, and how fast.")
    var verbose = false

    func run() throws {
        let store = try StoreCatchUp.open(databaseOption: db, root: root, verbose: verbose) { printError($0) }
        let filter = try CommandLineValues.filter(project: project, tags: tags, exp: exp, status: status, conditions: conditions)
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
