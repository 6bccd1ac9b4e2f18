/// What one ingestion pass over a run directory did.
public struct IngestReport: Sendable, Equatable {
    /// The run directory as shown: relative to the outputs root when under it.
    public var runDirectory: String
    public var runID: Int64
    /// Metric rows inserted by this pass.
    public var newMetricRows = 0
    /// Complete `metrics.jsonl` lines consumed by this pass (malformed ones included).
    public var newLines = 0
    /// Whether status.json was (re)read.
    public var statusUpdated = false
    /// Whether `.hydra/config.yaml` was (re)read.
    public var configUpdated = false
    /// The run's state after this pass (queued, running, completed, failed, interrupted).
    public var state: String?
    /// metrics.jsonl had shrunk (rewritten): its rows were dropped and it was read again from the start.
    public var restarted = false
    /// Lines skipped in whole (not a metric record) or in part (a metric that is not a number),
    /// reported by the pass that first read them; never retried.
    public var malformedLines: [MalformedLine] = []
}

/// A `metrics.jsonl` line that could not be read.
public struct MalformedLine: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line number.
    public var line: Int
    public var reason: String

    public var description: String { "\(file):\(line): \(reason)" }
}

/// What `ingestAll(under:)` did.
public struct IngestSummary: Sendable {
    /// One report per run directory that had something new.
    public var reports: [IngestReport] = []
    /// Run directories already fully ingested.
    public var upToDate = 0
    /// Run directories that could not be ingested, with the reason; the others still were.
    public var failures: [StoreError] = []

    public var newMetricRows: Int { reports.reduce(0) { $0 + $1.newMetricRows } }
}
