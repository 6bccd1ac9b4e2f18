import Foundation
import Store

/// Opens the results database for a report and first ingests every run directory under the
/// outputs root that is not fully ingested, so nothing is lost if the launcher was killed.
public enum StoreCatchUp {
    /// - Parameters:
    ///   - databaseOption: `--db`; else `ABLATE_DB`; else `<root>/ablate.sqlite`.
    ///   - root: the outputs root (`--root`, default `outputs`).
    ///   - verbose: also report what was ingested and how fast.
    ///   - reportSkippedLines: warn of the metrics lines this catch-up skipped; false when the
    ///     caller lists the skipped lines of the runs it shows itself (collect_results).
    ///   - warn: receives one line per skipped metrics line or unreadable run directory.
    public static func open(databaseOption: String?, root: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            verbose: Bool = false, reportSkippedLines: Bool = true,
                            warn: (String) -> Void) throws -> MetricsStore {
        let (path, explicit) = MetricsStore.databasePath(option: databaseOption, environment: environment, root: root)
        let rootURL = URL(fileURLWithPath: root)
        if !FileManager.default.fileExists(atPath: path) {
            if explicit { throw StoreError.missingDatabase(path: path) }
            if MetricsStore.runDirectories(under: rootURL).isEmpty {
                throw StoreError.nothingToIngest(database: path, root: root)
            }
        }
        let store = try MetricsStore(path: path, outputsRoot: rootURL)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = Self.processCPUSeconds()
        let summary = try store.ingestAll(under: rootURL)
        let elapsed = clock.now - start
        if verbose {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rate = seconds > 0 ? Int(Double(summary.newMetricRows) / seconds) : 0
            warn("ingested \(summary.newMetricRows) metric rows from \(summary.reports.count) run directories in "
                 + String(format: "%.3f s (%d rows/s; CPU %.3f s); %d already up to date",
                          seconds, rate, Self.processCPUSeconds() - cpuStart, summary.upToDate))
        }
        for report in summary.reports where reportSkippedLines {
            for line in report.malformedLines { warn("warning: \(line)") }
        }
        for failure in summary.failures {
            warn("warning: \(failure.localizedDescription); run directory skipped")
        }
        let lost = try store.markLostRuns()
        if lost > 0 {
            warn("note: \(lost) run(s) marked lost: their status says queued or running but their process on this host "
                 + "is gone (a killed launcher?); `train <same overrides> -m --resume` runs them again")
        }
        return store
    }

    /// User plus system CPU time of this process so far, all threads.
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        let who = RUSAGE_SELF.rawValue
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
