import Foundation
import Store

/// The metrics store is what the launcher ingests into while a sweep runs.
extension MetricsStore: RunIngestor {
    public func ingest(runDirectory: URL) throws {
        let _: IngestReport = try ingest(runDirectory: runDirectory)
    }
}
