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
    @Option(help: "The outputs root holding the run directories (database mode).")
    var root = "outputs"
    @Option(help: "The results database (default: $ABLATE_DB, else <root>/ablate.sqlite).")
    var db: String?
    @Option(help: "Only runs of this project (logger.project).")
    var project: String?
    @Option(name: .customLong("tag"), help: "Only runs with this tag; repeat: all must match.")
    var tags: [String] = []
    @Option(help: "Only runs of this experiment (exp_name).")
    var exp: String?
    @Option(help: "Only runs in these states, comma-separated, or 'all'.")
    var status = "completed"
    @Option(name: .customLong("where"), help: "Only runs whose resolved config has key=value; repeatable.")
    var conditions: [String] = []
    @Option(help: "The primary metric (its best per run), e.g. val/hmean.")
    var metric: String
    @Option(help: "Extra columns, comma-separated: metrics (their best) or duration.")
    var columns: [String] = []
    @Option(name: .customLong("group-by"), help: "Keys a row stands for, comma-separated (default: the varying config keys other than seeds, less keys that only follow another, as a model's head follows its architecture).")
    var groupBy: [String] = []
    @Option(help: "The group to compare with, key=value[,key=value]; adds the difference and the improvement in %.")
    var baseline: String?
    @Option(help: "Metrics where lower is better, comma-separated (names ending in 'loss' always are).")
    var minimize: [String] = []
    @Option(help: "Decimals shown for metric values.")
    var precision = 4
    @Option(name: .customLong("output-md"), help: "The markdown file to write, or - for stdout.")
    var outputMarkdown = "-"
    @Flag(name: .shortAndLong, help: "Say what was ingested from the run directories, and how fast.")
    var verbose = false

    func validate() throws {
        let storeFilters = project != nil || !tags.isEmpty || exp != nil || !conditions.isEmpty || db != nil
        if input != nil, storeFilters {
            throw ValidationError("--input reads a CSV; --project, --tag, --exp, --where and --db read the database: use one or the other")
        }
        if !(0...12).contains(precision) { throw ValidationError("--precision must be between 0 and 12") }
    }

    func run() throws {
        let direction = MetricDirection(minimize: CommandLineValues.list(minimize))
        let groupKeys = CommandLineValues.list(groupBy)
        let results: ResultsTable
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
        } else {
            let store = try StoreCatchUp.open(databaseOption: db, root: root, verbose: verbose) { printError($0) }
            let filter = try CommandLineValues.filter(project: project, tags: tags, exp: exp, status: status, conditions: conditions)
            results = try ResultsQuery(filter: filter, direction: direction, includeKeys: groupKeys).run(on: store)
        }
        let baselineConditions: [ConfigCondition] = try baseline.map { text in
            try CommandLineValues.list([text]).map { part -> ConfigCondition in
                guard let condition = ConfigCondition(parsing: part) else {
                    throw ReportError.badCondition(option: "--baseline", text: part)
                }
                return condition
            }
        } ?? []
        let options = AblationOptions(
            metric: metric, columns: CommandLineValues.list(columns), groupBy: groupKeys.isEmpty ? nil : groupKeys,
            baseline: baselineConditions, direction: direction, precision: precision)
        let table = try AblationTable(results: results, options: options)
        try ReportOutput.write(table.markdown(), to: outputMarkdown)
        if outputMarkdown != "-" {
            printError("wrote \(outputMarkdown): \(table.rows.count) rows from \(table.runCount) runs")
        }
    }
}

ReportCommandMain.run(GenerateAblationTable.self, name: "generate_ablation_table")
