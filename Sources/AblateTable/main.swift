import ArgumentParser
import Foundation
import Report
import Store

/// `generate_ablation_table`: group runs by the compared keys, aggregate seeds, write markdown.
struct GenerateAblationTable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate_ablation_table",
        abstract: "Write a markdown ablation table: runs grouped by the compared keys, seeds as mean ± std.",
        discussion: """
            Reads a collect_results CSV (--input), or the results database directly (--project, --tag ...), \
            ingesting run directories under --root not yet ingested. Exit codes: 0 ok, 2 usage, \
            configuration or input error.
            """)

    @Option(help: "A results CSV written by collect_results (default: read the results database).")
    var input: String?
    @OptionGroup(title: "Run selection (reading the database)")
    var selection: RunSelectionOptions
    @Option(help: "The primary metric (its best per run), e.g. val/hmean.")
    var metric: String
    @OptionGroup(title: "Grouping and comparison")
    var ablation: AblationArguments
    @Option(name: .customLong("output-md"), help: "The markdown file to write, or - for stdout.")
    var outputMarkdown = "-"

    func validate() throws {
        if input != nil, selection.namesStoreSelection {
            throw ValidationError("--input reads a CSV; --project, --tag, --exp, --where and --db read the database: use one or the other")
        }
    }

    func run() throws {
        var results: ResultsTable
        let filter = try selection.filter()
        let statuses = filter.statuses
        let states: [String]
        if let input {
            if input.lowercased().hasSuffix(".json") {
                throw ReportError.unreadableInput(
                    path: input, reason: "--input reads the CSV collect_results writes; write one with --output results.csv")
            }
            guard let text = try? String(contentsOfFile: input, encoding: .utf8) else {
                let missing = !FileManager.default.fileExists(atPath: input)
                throw ReportError.unreadableInput(
                    path: input, reason: missing ? "no such file; write it with collect_results --output \(input)" : "not UTF-8 text")
            }
            results = try CSV.read(text, file: input)
            // A CSV written with --status all still holds failed runs: the same status filter applies.
            if let column = results.index(of: "status"), let statuses {
                states = results.rows.map { $0[column].text }
                results.rows = results.rows.filter { statuses.contains($0[column].text) }
            } else {
                states = []
            }
        } else {
            let store = try selection.openStore()
            results = try ResultsQuery(filter: filter, direction: ablation.direction, includeKeys: ablation.groupKeys).run(on: store)
            states = try CommandLineValues.statesBeforeStatusFilter(filter, in: store)
        }
        let options = try ablation.options(metric: metric)
        var table = try AblationTable(results: results, options: options)
        // Said under the table, where its readers see it, and on stderr.
        table.leftOutNote = CommandLineValues.leftOutNote(states, keeping: statuses)
        if let note = table.leftOutNote { printError("note: " + note) }
        try ReportOutput.write(table.markdown(), to: outputMarkdown)
        if outputMarkdown != "-" {
            printError("wrote \(outputMarkdown): \(table.rows.count) rows from \(table.runCount) runs")
        }
    }
}

ReportCommandMain.run(GenerateAblationTable.self, name: "generate_ablation_table")
