import Diagnostics
import Foundation
import Store

/// Runs grouped by the compared keys, each group's metric as mean ± sample std over its
/// runs (the seeds), sorted by the primary metric, with an optional baseline comparison.
public struct AblationTable: Sendable, Equatable {
    /// Mean, sample standard deviation (nil below two values) and count of one column in one group.
    public struct Statistic: Sendable, Equatable {
        public var mean: Double
        public var std: Double?
        public var count: Int

        init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            count = values.count
            mean = values.reduce(0, +) / Double(count)
            if count > 1 {
                let mean = mean
                std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)).squareRoot()
            }
        }
    }

    public struct Row: Sendable, Equatable {
        /// The group-by keys' values.
        public var keys: [String]
        /// The primary metric, then each extra column.
        public var values: [Statistic?]
        /// Runs in the group.
        public var runs: Int
        /// Primary mean minus the baseline's.
        public var delta: Double?
        /// Relative improvement over the baseline, in % (sign flipped for a minimized metric).
        public var improvement: Double?
        public var isBaseline = false
        /// Train vs val (`--fit`): the group's mean gap at the last evaluation, read.
        public var fit: FitDiagnosis?
        /// Where the primary metric was best (mean epoch over the runs), and its last value minus its best.
        public var bestEpoch: Double?
        public var lastMinusBest: Double?
    }

    public var groupBy: [String]
    public var metric: String
    /// The results column the primary metric was read from.
    public var metricColumn: String
    public var columns: [String]
    public var rows: [Row]
    public var runCount: Int
    public var minimized: Bool
    /// The baseline as given, `key=value,...`, when one was.
    public var baseline: String?
    public var precision: Int
    /// Whether the table has the train vs val column.
    public var showsFit = false
    /// What the status filter left out ("2 matching runs not completed left out (...)"), said under the table.
    public var leftOutNote: String?

    public init(results: ResultsTable, options: AblationOptions) throws {
        guard !results.rows.isEmpty else { throw ReportError.noRunsMatch(filters: "the input", runsInStore: 0) }
        metric = options.metric
        metricColumn = try Self.column(options.metric, in: results, primary: true)
        let extraColumns = try options.columns.map { try Self.column($0, in: results, primary: false) }
        columns = options.columns
        precision = options.precision
        runCount = results.rows.count
        let baseName = metricColumn.split(separator: ":").first.map(String.init) ?? metricColumn
        minimized = options.direction.isMinimized(options.metric) || options.direction.isMinimized(baseName)

        let groupable = results.columns.filter { !results.metricNames.contains(Self.metricName(of: $0) ?? "") }
        groupBy = options.groupBy ?? Self.defaultGroupKeys(results)
        for key in groupBy where !groupable.contains(key) || key == metricColumn {
            throw ReportError.unknownGroupKey(key: key, known: results.configKeys)
        }

        // Group runs by their group-key values, in first-seen order.
        let keyIndices = groupBy.map { results.index(of: $0)! }
        let valueIndices = ([metricColumn] + extraColumns).map { results.index(of: $0)! }
        var order: [[String]] = []
        var members: [[String]: [[ResultsTable.Cell]]] = [:]
        for row in results.rows {
            let key = keyIndices.map { row[$0] == .empty ? "(unset)" : row[$0].text }
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(row)
        }
        rows = order.map { key in
            let group = members[key]!
            return Row(keys: key, values: valueIndices.map { index in Statistic(group.compactMap { $0[index].number }) },
                       runs: group.count)
        }
        if options.fit {
            try addFit(results, members: members, order: order, metricBase: baseName)
        }
        let minimized = minimized
        rows = rows.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.values[0]?.mean, rhs.element.values[0]?.mean)
            switch (left, right) {
            case let (left?, right?) where left != right: return minimized ? left < right : left > right
            case (.some, .none): return true
            case (.none, .some): return false
            default: return lhs.offset < rhs.offset
            }
        }.map(\.element)

        if !options.baseline.isEmpty {
            try applyBaseline(options.baseline)
        }
    }

    /// The varying config keys other than seeds, in column order, leaving out a key that only
    /// follows the keys before it (a model's head settings follow its architecture): a key is
    /// kept when it splits the runs into more groups.
    static func defaultGroupKeys(_ results: ResultsTable) -> [String] {
        var chosen: [Int] = []
        var groups = 1
        for key in results.configKeys where !AblationOptions.isSeedKey(key) {
            guard let index = results.index(of: key) else { continue }
            let candidate = chosen + [index]
            let count = Set(results.rows.map { row in candidate.map { row[$0].text } }).count
            if count > groups {
                chosen = candidate
                groups = count
            }
        }
        return chosen.map { results.columns[$0] }
    }

    /// The results column a name reads: the column itself, or a metric's `NAME:best`.
    private static func column(_ name: String, in results: ResultsTable, primary: Bool) throws -> String {
        if results.index(of: name) != nil, primary ? metricName(of: name) != nil || name == "duration" : true {
            return name
        }
        let best = ResultsTable.bestColumn(name)
        if results.index(of: best) != nil { return best }
        if primary { throw ReportError.unknownMetric(name: name, known: results.metricNames) }
        throw ReportError.unknownColumn(name: name, known: results.metricNames + ["duration"])
    }

    private static func metricName(of column: String) -> String? {
        for field in ResultsTable.metricFields where column.hasSuffix(":" + field) {
            return String(column.dropLast(field.count + 1))
        }
        return nil
    }

    /// Fills each row's train vs val reading from `fit/gap:last`, and where the primary metric was best.
    private mutating func addFit(_ results: ResultsTable, members: [[String]: [[ResultsTable.Cell]]], order: [[String]],
                                 metricBase: String) throws {
        guard let gapIndex = results.index(of: FitDiagnosis.gapMetric + ":last") else {
            throw ReportError.noFitMetric(known: results.metricNames)
        }
        showsFit = true
        let bestEpochIndex = results.index(of: metricBase + ":best_epoch")
        let bestIndex = results.index(of: metricBase + ":best"), lastIndex = results.index(of: metricBase + ":last")
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        for (position, key) in order.enumerated() {
            let group = members[key]!
            rows[position].fit = mean(group.compactMap { $0[gapIndex].number }.filter(\.isFinite)).map { FitDiagnosis(gap: $0) }
            rows[position].bestEpoch = bestEpochIndex.flatMap { index in mean(group.compactMap { $0[index].number }) }
            if let bestIndex, let lastIndex {
                rows[position].lastMinusBest = mean(group.compactMap { row in
                    guard let best = row[bestIndex].number, let last = row[lastIndex].number else { return nil }
                    return last - best
                }.filter(\.isFinite))
            }
        }
    }

    private mutating func applyBaseline(_ conditions: [ConfigCondition]) throws {
        let text = conditions.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        var positions: [Int] = []
        for condition in conditions where !groupBy.contains(condition.key) {
            throw ReportError.baselineKeyNotGrouped(key: condition.key, groupBy: groupBy)
        }
        for (index, row) in rows.enumerated() {
            let matches = conditions.allSatisfy { condition in
                let position = groupBy.firstIndex(of: condition.key)!
                return ConfigText.canonical(row.keys[position]) == ConfigText.canonical(condition.value)
            }
            if matches { positions.append(index) }
        }
        guard let position = positions.first else {
            throw ReportError.baselineNotFound(baseline: text, values: rows.map { row in
                zip(groupBy, row.keys).map { "\($0)=\($1)" }.joined(separator: ",")
            })
        }
        guard positions.count == 1 else {
            let given = Set(conditions.map(\.key))
            throw ReportError.baselineAmbiguous(baseline: text, groups: positions.count,
                                                otherKeys: groupBy.filter { !given.contains($0) })
        }
        baseline = text
        rows[position].isBaseline = true
        guard let base = rows[position].values[0]?.mean else { return }
        for index in rows.indices {
            guard let mean = rows[index].values[0]?.mean else { continue }
            let delta = mean - base
            rows[index].delta = delta
            if base != 0 {
                rows[index].improvement = (minimized ? -delta : delta) / abs(base) * 100
            }
        }
    }
}
