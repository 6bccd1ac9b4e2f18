import ArgumentParser
import Store

/// The options that choose runs from the results database, shared by collect_results,
/// generate_ablation_table and generate_report (one `@OptionGroup`, so the three agree on names,
/// help and meaning).
public struct RunSelectionOptions: ParsableArguments, Sendable {
    @Option(help: "The outputs root holding the run directories.")
    public var root = "outputs"
    @Option(help: "The results database (default: $ABLATE_DB, else <root>/ablate.sqlite).")
    public var db: String?
    @Option(help: "Only runs of this project (logger.project).")
    public var project: String?
    @Option(name: .customLong("tag"), help: "Only runs with this tag (logger.tags or exp_name); repeat: all must match.")
    public var tags: [String] = []
    @Option(help: "Only runs of this experiment (exp_name).")
    public var exp: String?
    @Option(help: ArgumentHelp(
        "Only runs in these states, comma-separated (queued, running, completed, failed, interrupted, pruned, lost), or 'all'.",
        discussion: "Default: completed (generate_report: all).",
        valueName: "states"))
    public var status: String?
    @Option(name: .customLong("where"), help: "Only runs whose resolved config has key=value; repeatable.")
    public var conditions: [String] = []
    @Flag(name: .shortAndLong, help: "Say what was ingested from the run directories, and how fast.")
    public var verbose = false

    public init() {}

    /// Whether an option that reads the database (rather than a CSV) was given.
    public var namesStoreSelection: Bool {
        project != nil || !tags.isEmpty || exp != nil || !conditions.isEmpty || db != nil
    }

    /// The run filter these options describe; `defaultStatus` applies when `--status` was not given.
    public func filter(defaultStatus: String = "completed") throws -> RunFilter {
        try CommandLineValues.filter(project: project, tags: tags, exp: exp, status: status ?? defaultStatus,
                                     conditions: conditions)
    }

    /// Opens the database, first ingesting run directories under `--root` not ingested yet.
    /// - Parameter reportSkippedLines: warn of the metrics lines the catch-up ingestion skipped.
    public func openStore(reportSkippedLines: Bool = true) throws -> MetricsStore {
        try StoreCatchUp.open(databaseOption: db, root: root, verbose: verbose, reportSkippedLines: reportSkippedLines) { printError($0) }
    }
}
