import Foundation

/// Feeds run directories to the ingestor on one background queue, so a slow database write
/// never holds up starting and reaping workers. One queue keeps the launcher the database's
/// only writer; a directory submitted twice before it is reached is ingested once, and what
/// piled up while a batch was written goes in together as the next batch.
final class BackgroundIngest: @unchecked Sendable {
    private let ingestor: RunIngestor
    private let queue = DispatchQueue(label: "ablate.launch.ingest")
    private let lock = NSLock()
    private var pending: [URL] = []
    private var pendingSet: Set<URL> = []
    private var draining = false
    private var warning: String?

    init(ingestor: RunIngestor) {
        self.ingestor = ingestor
    }

    /// Queues `directories` for ingestion (in order, duplicates of queued ones dropped).
    func submit(_ directories: [URL]) {
        lock.lock()
        for directory in directories where pendingSet.insert(directory).inserted { pending.append(directory) }
        let start = !draining && !pending.isEmpty
        if start { draining = true }
        lock.unlock()
        if start { queue.async { self.drain() } }
    }

    /// Waits until everything submitted so far is ingested; returns the last warning, if any.
    func finish() -> String? {
        queue.sync {}
        lock.lock()
        defer { lock.unlock() }
        return warning
    }

    private func drain() {
        while true {
            lock.lock()
            let batch = pending
            pending = []
            pendingSet = []
            if batch.isEmpty { draining = false }
            lock.unlock()
            if batch.isEmpty { return }
            let problem = RunIngestWarning.of(batch) { try ingestor.ingest(runDirectories: batch) }
            if let problem {
                lock.lock()
                warning = problem
                lock.unlock()
            }
        }
    }
}

/// The warning a launcher prints when runs could not be recorded in the results database
/// (they still can be: collect_results ingests run directories it has not seen).
enum RunIngestWarning {
    /// Runs `ingest` over `directories`; nil when every one was recorded.
    static func of(_ directories: [URL], _ ingest: () throws -> [String]) -> String? {
        do {
            guard let reason = try ingest().last else { return nil }
            return "warning: could not record a run in the results database: \(reason) (collect_results ingests it later)"
        } catch {
            let reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            let what = directories.count == 1 ? directories[0].path : "\(directories.count) run directories"
            return "warning: could not record \(what) in the results database: \(reason) (collect_results ingests it later)"
        }
    }
}
