import Foundation

/// Feeds run directories to the ingestor on one background queue, so a slow database write
/// never holds up starting and reaping workers. One queue keeps the launcher the database's
/// only writer; a directory submitted twice before it is reached is ingested once.
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
            for directory in batch {
                do {
                    try ingestor.ingest(runDirectory: directory)
                } catch {
                    let text = "warning: could not record \(directory.path) in the results database: "
                        + "\((error as? LocalizedError)?.errorDescription ?? "\(error)") (collect_results ingests it later)"
                    lock.lock()
                    warning = text
                    lock.unlock()
                }
            }
        }
    }
}
