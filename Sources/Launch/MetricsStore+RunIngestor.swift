import Foundation
import Store

/// The metrics store is what the launcher ingests into while a sweep runs.
extension MetricsStore: RunIngestor {
    public func ingest(runDirectories: [URL]) throws -> [String] {
        let summary: IngestSummary = try ingest(runDirectories: runDirectories)
        return summary.failures.map { $0.errorDescription ?? "\($0)" }
    }

    public func skippedLines(in runDirectories: [URL]) throws -> [String] {
        try skippedLines(inRunDirectories: runDirectories).map(\.description)
    }
}
