import Foundation
import Store

/// Everything a report page or plot shows, read from the store once: the runs with their varying
/// parameters, each metric's summary per run, every logged point, and the ablation tables.
public struct ReportData: Sendable {
    public struct Run: Sendable, Equatable {
        public var record: RunRecord
        /// Values of `ReportData.parameters`, in order (nil: the run's config lacks the key).
        public var parameters: [String?]
        /// Per metric name.
        public var summaries: [String: Summary]
    }

    /// One metric in one run: best and last as the results table (collect_results) has them,
    /// minimum and maximum over the run's finite values, and the count of logged values.
    public struct Summary: Sendable, Equatable {
        public var best: Double?
        public var last: Double?
        public var bestStep: Int?
        public var bestEpoch: Int?
        public var min: Double?
        public var max: Double?
        public var count: Int
        /// Logged values that were NaN or infinite.
        public var nonFinite: Int
    }

    /// One run's logged values of one metric, in logging order.
    public struct Curve: Sendable, Equatable {
        public var steps: [Int?]
        public var epochs: [Int?]
        public var values: [Double]
    }

    public var title: String
    /// The selection as command-line options, for the page's header.
    public var selection: String
    public var generated: Date
    public var live: Bool
    public var refreshSeconds: Int
    /// Config keys that vary across the runs, in config order.
    public var parameters: [String]
    /// Those of `parameters` the runs' command lines set (`key=...`, or under a group they
    /// choose): what the user compared. Others vary because of them (an architecture's head
    /// settings follow its choice); labels and parallel coordinates show these only.
    public var overridden: [String] = []
    public var metrics: [String]
    public var minimized: Set<String>
    public var primaryMetric: String?
    public var runs: [Run]
    /// Per metric, per run (in `runs` order); nil where the run did not log the metric.
    public var curves: [String: [Curve?]]
    /// Per metric: the ablation table as generate_ablation_table computes it, or why there is none.
    public var ablations: [String: Result<AblationTable, ReportError>]
    /// The generate_ablation_table command the tables correspond to (without --metric).
    public var ablationCommand: String

    /// The keys among `parameters` that `overrides` set: a key named as it is (`+`, `++`, `~`
    /// prefixes aside), or lying under a config group an override chooses (`model/encoder=x`
    /// names `model.encoder.*`).
    static func overriddenKeys(_ parameters: [String], overrides: [String]) -> [String] {
        var keys = Set<String>(), prefixes = Set<String>()
        for override in overrides {
            let name = override.drop { "+~".contains($0) }.prefix { $0 != "=" }
            guard !name.isEmpty else { continue }
            if name.contains("/") {
                prefixes.insert(name.replacingOccurrences(of: "/", with: ".") + ".")
            } else {
                keys.insert(String(name))
            }
        }
        return parameters.filter { key in keys.contains(key) || prefixes.contains { key.hasPrefix($0) } }
    }

    /// Reads the report's runs. An empty selection is an empty report when `allowEmpty`
    /// (a sweep whose first runs are not recorded yet), else `ReportError.noRunsMatch`.
    public static func load(from store: MetricsStore, request: ReportRequest, allowEmpty: Bool = false) throws -> ReportData {
        var data = ReportData(
            title: request.title, selection: request.filter.commandLine, generated: Date(), live: request.live,
            refreshSeconds: request.refreshSeconds, parameters: [], metrics: [], minimized: [], primaryMetric: nil,
            runs: [], curves: [:], ablations: [:], ablationCommand: Self.ablationCommand(request))
        let query = ResultsQuery(filter: request.filter, metrics: request.metrics, direction: request.ablation.direction,
                                 runDirectories: request.runDirectories)
        let results: ResultsTable
        do {
            results = try query.run(on: store)
        } catch ReportError.noRunsMatch(let filters, let count) {
            if allowEmpty { return data }
            throw ReportError.noRunsMatch(filters: filters, runsInStore: count)
        }
        data.metrics = results.metricNames
        data.minimized = request.ablation.direction.minimizedNames(data.metrics)
        data.parameters = results.configKeys
        if let chosen = request.primaryMetric, !data.metrics.contains(chosen) {
            throw ReportError.unknownMetric(name: chosen, known: data.metrics)
        }
        data.primaryMetric = request.primaryMetric ?? Self.defaultPrimary(data.metrics, minimized: data.minimized)

        let records = try store.runs(matching: request.filter)
        data.overridden = Self.overriddenKeys(data.parameters, overrides: records.flatMap(\.overrides))
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let idColumn = results.index(of: "run_id")!
        let parameterColumns = data.parameters.map { results.index(of: $0)! }
        var curves: [String: [Curve?]] = Dictionary(uniqueKeysWithValues: data.metrics.map { ($0, []) })
        for row in results.rows {
            guard case let .int(id) = row[idColumn], let record = byID[Int64(id)] else { continue }
            var run = Run(record: record, parameters: parameterColumns.map { row[$0] == .empty ? nil : row[$0].text },
                          summaries: [:])
            var runCurves: [String: Curve] = [:]
            for point in try store.metricHistory(ofRun: record.id) where curves[point.name] != nil {
                runCurves[point.name, default: Curve(steps: [], epochs: [], values: [])].append(point)
            }
            for name in data.metrics {
                let curve = runCurves[name]
                curves[name]!.append(curve)
                guard let curve else { continue }
                var summary = Summary(count: curve.values.count, nonFinite: 0)
                for value in curve.values {
                    guard value.isFinite else { summary.nonFinite += 1; continue }
                    summary.min = Swift.min(summary.min ?? value, value)
                    summary.max = Swift.max(summary.max ?? value, value)
                }
                if let index = results.index(of: name + ":best") {
                    summary.best = row[index].number
                    summary.last = row[index + 1].number
                    if case let .int(step) = row[index + 2] { summary.bestStep = step }
                    if case let .int(epoch) = row[index + 3] { summary.bestEpoch = epoch }
                }
                // The last logged value, NaN included (the store's summary skips what SQL cannot hold).
                summary.last = curve.values.last ?? summary.last
                run.summaries[name] = summary
            }
            data.runs.append(run)
        }
        data.curves = curves
        data.ablations = try Self.ablations(store: store, request: request, metrics: data.metrics,
                                            primary: data.primaryMetric)
        return data
    }

    /// The metric a page opens on: the first validation metric that is maximized, else the first
    /// validation metric, else the first metric.
    static func defaultPrimary(_ metrics: [String], minimized: Set<String>) -> String? {
        metrics.first { $0.hasPrefix("val") && !minimized.contains($0) } ?? metrics.first { $0.hasPrefix("val") }
            ?? metrics.first
    }

    /// Each metric's ablation table over the completed runs, as generate_ablation_table makes it.
    /// A user's mistake in the grouping options (an unknown key, a baseline matching nothing) is
    /// an error, as it is there; a metric with no completed runs gets a note instead of a table.
    private static func ablations(store: MetricsStore, request: ReportRequest, metrics: [String], primary: String?) throws
        -> [String: Result<AblationTable, ReportError>] {
        let query = ResultsQuery(filter: request.ablationFilter, direction: request.ablation.direction,
                                 includeKeys: request.ablation.groupBy ?? [], runDirectories: request.runDirectories)
        let results: ResultsTable
        do {
            results = try query.run(on: store)
        } catch let error as ReportError {
            return Dictionary(uniqueKeysWithValues: metrics.map { ($0, .failure(error)) })
        }
        // The runs the status filter leaves out are noted under each table, as generate_ablation_table notes them.
        let states = try CommandLineValues.statesBeforeStatusFilter(request.ablationFilter, in: store,
                                                                    runDirectories: request.runDirectories)
        let note = CommandLineValues.leftOutNote(states, keeping: request.ablationFilter.statuses)
        var tables: [String: Result<AblationTable, ReportError>] = [:]
        for metric in metrics {
            var options = request.ablation
            options.metric = metric
            do {
                var table = try AblationTable(results: results, options: options)
                table.leftOutNote = note
                tables[metric] = .success(table)
            } catch let error as ReportError {
                switch error {
                case .unknownMetric, .noRunsMatch:
                    tables[metric] = .failure(error)
                default:
                    if metric == primary { throw error }
                    tables[metric] = .failure(error)
                }
            }
        }
        return tables
    }

    private static func ablationCommand(_ request: ReportRequest) -> String {
        var parts = ["generate_ablation_table", request.ablationFilter.commandLine]
        if let groupBy = request.ablation.groupBy { parts.append("--group-by " + groupBy.joined(separator: ",")) }
        if !request.ablation.baseline.isEmpty {
            parts.append("--baseline " + request.ablation.baseline.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
        }
        if !request.ablation.columns.isEmpty { parts.append("--columns " + request.ablation.columns.joined(separator: ",")) }
        return parts.joined(separator: " ")
    }
}

extension ReportData.Curve {
    mutating func append(_ point: MetricPoint) {
        steps.append(point.step)
        epochs.append(point.epoch)
        values.append(point.value)
    }
}
