import Foundation

/// The results of a selection of runs: one row per run, one column per field, as
/// collect_results writes it and generate_ablation_table reads it back.
///
/// Columns: `run_id, exp_name, job_num, run_dir, status, duration`, then every config key
/// that varies across the runs (dotted names), then for each metric `NAME:best`, `NAME:last`,
/// `NAME:best_step`, `NAME:best_epoch`.
public struct ResultsTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[Cell]]

    public init(columns: [String], rows: [[Cell]]) {
        self.columns = columns
        self.rows = rows
    }

    /// One value.
    public enum Cell: Sendable, Equatable {
        case empty
        case int(Int)
        case number(Double)
        case text(String)
        /// A config value in canonical text (`8`, `0.001`, `true`, `null`, `dbnet`, `[1,2]`):
        /// CSV writes the text, JSON the typed value.
        case config(String)

        /// The text written to CSV.
        public var text: String {
            switch self {
            case .empty: return ""
            case let .int(value): return String(value)
            case let .number(value): return "\(value)"
            case let .text(value), let .config(value): return value
            }
        }

        /// The value as a number, when it is one.
        public var number: Double? {
            switch self {
            case .empty: return nil
            case let .int(value): return Double(value)
            case let .number(value): return value
            case let .text(value), let .config(value): return Double(value.trimmingCharacters(in: .whitespaces))
            }
        }
    }

    /// The run fields every table starts with.
    public static let runColumns = ["run_id", "exp_name", "job_num", "run_dir", "status", "duration"]
    /// The per-metric column suffixes, in order.
    public static let metricFields = ["best", "last", "best_step", "best_epoch"]

    /// The column holding a metric's best value.
    public static func bestColumn(_ metric: String) -> String { metric + ":best" }

    /// The metrics the table holds (names of its `NAME:best` columns), in column order.
    public var metricNames: [String] {
        columns.compactMap { $0.hasSuffix(":best") ? String($0.dropLast(5)) : nil }
    }

    /// The config-key columns: neither run fields nor metric fields.
    public var configKeys: [String] {
        columns.filter { column in
            !Self.runColumns.contains(column)
                && !Self.metricFields.contains { column.hasSuffix(":" + $0) }
        }
    }

    public func index(of column: String) -> Int? {
        columns.firstIndex(of: column)
    }
}
