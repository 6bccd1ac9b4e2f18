import Foundation
import Store

/// A sweep's report.html kept current while the sweep runs: each time metrics arrive the page is
/// regenerated on a queue of its own (never holding up ingestion), at most once per interval (the
/// interval grows with the time one generation takes, so a large sweep is not slowed by its
/// report), written atomically (a temp file renamed over the old one: an open page never reads
/// half a file). The page reloads itself while `live`; `finish()` writes the final, still page.
public final class LiveReport: @unchecked Sendable {
    public let output: URL
    private let store: MetricsStore
    private let request: ReportRequest
    private let minimumInterval: Double
    private let queue = DispatchQueue(label: "ablate.report.live")
    // State below is touched only on `queue`.
    private var lastWrite = -Double.infinity
    private var interval: Double
    private var pending = false
    private var scheduled = false
    private var finished = false
    /// The last failure to write, reported once by `finish()`.
    private var problem: String?

    /// - Parameters:
    ///   - runDirectories: the sweep's jobs, as the store keys them.
    ///   - minimumInterval: seconds between two regenerations at the least.
    public init(output: URL, store: MetricsStore, title: String, runDirectories: Set<String>,
                minimumInterval: Double = 2, refreshSeconds: Int = 5) {
        self.output = output
        self.store = store
        self.minimumInterval = minimumInterval
        interval = minimumInterval
        request = ReportRequest(title: title, filter: RunFilter(statuses: nil), runDirectories: runDirectories,
                                live: true, refreshSeconds: refreshSeconds)
    }

    /// Writes the first page (the sweep's runs as recorded so far, maybe none yet).
    public func start() {
        queue.sync { write(live: true) }
    }

    /// New metrics were ingested: regenerate now, or when the interval since the last write is up.
    public func metricsArrived() {
        queue.async { [self] in
            guard !finished else { return }
            pending = true
            let wait = lastWrite + interval - Self.now()
            if wait <= 0 {
                write(live: true)
            } else if !scheduled {
                scheduled = true
                queue.asyncAfter(deadline: .now() + wait) { [self] in
                    scheduled = false
                    if pending, !finished { write(live: true) }
                }
            }
        }
    }

    /// Writes the final page (no more reloads); returns a warning if a write failed on the way.
    @discardableResult
    public func finish() -> String? {
        queue.sync {
            finished = true
            write(live: false)
            return problem
        }
    }

    private func write(live: Bool) {
        pending = false
        let started = Self.now()
        var request = request
        request.live = live
        do {
            let data = try ReportData.load(from: store, request: request, allowEmpty: true)
            try Data(ReportPage.html(data).utf8).write(to: output, options: .atomic)
        } catch {
            problem = "warning: could not update \(output.path): \((error as? LocalizedError)?.errorDescription ?? "\(error)")"
        }
        let took = Self.now() - started
        lastWrite = Self.now()
        interval = max(minimumInterval, took * 10)
    }

    private static func now() -> Double { Date().timeIntervalSince1970 }
}
