import Store

/// Builds a `ResultsTable` from the store.
public struct ResultsQuery: Sendable {
    public var filter: RunFilter
    /// Metrics to report; nil reports every metric the selected runs logged.
    public var metrics: [String]?
    public var direction: MetricDirection
    /// Config keys to include even when they do not vary (e.g. `--group-by` keys).
    public var includeKeys: [String]
    /// When set, only the runs stored under these run directory paths (a sweep's own jobs).
    public var runDirectories: Set<String>?

    public init(filter: RunFilter = RunFilter(), metrics: [String]? = nil,
                direction: MetricDirection = MetricDirection(), includeKeys: [String] = [],
                runDirectories: Set<String>? = nil) {
        self.filter = filter
        self.runDirectories = runDirectories
        self.metrics = metrics
        self.direction = direction
        self.includeKeys = includeKeys
    }

    /// The table of the selected runs. Throws `ReportError.noRunsMatch` for an empty selection
    /// and `ReportError.unknownMetric` for a metric none of them logged.
    public func run(on store: MetricsStore) throws -> ResultsTable {
        var runs = try store.runs(matching: filter)
        if let runDirectories { runs = runs.filter { runDirectories.contains($0.path) } }
        guard !runs.isEmpty else {
            throw ReportError.noRunsMatch(filters: filter.commandLine, runsInStore: try store.runCount())
        }
        let ids = runs.map(\.id)
        let configs = try store.configs(ofRuns: ids)
        let keys = configs.keys.filter { key in
            includeKeys.contains(key) || Set(runs.map { configs.values[$0.id]?[key] }).count > 1
        }
        let known = try store.metricNames(ofRuns: ids)
        let names = metrics ?? known
        for name in names where !known.contains(name) {
            throw ReportError.unknownMetric(name: name, known: known)
        }
        let summaries = try store.metricSummaries(ofRuns: ids, names: names, minimized: direction.minimizedNames(names))
        // A run a study pruned shows where: `pruned@step`.
        let prunedSteps = try store.prunedSteps(ofRuns: runs.filter { $0.status == "pruned" }.map(\.path))

        var columns = ResultsTable.runColumns + keys
        for name in names {
            columns += ResultsTable.metricFields.map { name + ":" + $0 }
        }
        let rows: [[ResultsTable.Cell]] = runs.map { run in
            var row: [ResultsTable.Cell] = [
                .int(Int(run.id)), Self.cell(run.expName), Self.cell(run.jobNum), .text(run.runDirectory),
                Self.cell(prunedSteps[run.path].map { "pruned@\($0)" } ?? run.status), Self.cell(run.duration),
            ]
            let config = configs.values[run.id] ?? [:]
            row += keys.map { key in config[key].map(ResultsTable.Cell.config) ?? .empty }
            for name in names {
                guard let summary = summaries[run.id]?[name] else {
                    row += [.empty, .empty, .empty, .empty]
                    continue
                }
                row += [.number(summary.best), .number(summary.last), Self.cell(summary.bestStep), Self.cell(summary.bestEpoch)]
            }
            return row
        }
        return ResultsTable(columns: columns, rows: rows)
    }

    private static func cell(_ value: String?) -> ResultsTable.Cell { value.map(ResultsTable.Cell.text) ?? .empty }
    private static func cell(_ value: Int?) -> ResultsTable.Cell { value.map(ResultsTable.Cell.int) ?? .empty }
    private static func cell(_ value: Double?) -> ResultsTable.Cell { value.map(ResultsTable.Cell.number) ?? .empty }
}
