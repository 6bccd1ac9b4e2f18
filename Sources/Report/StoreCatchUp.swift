import Foundation
import Store

/// Opens the results database for a report and first ingests every run directory under the
/// outputs root that is not fully ingested, so nothing is lost if the launcher was killed.
public enum StoreCatchUp {
    /// - Parameters:
    ///   - databaseOption: `--db`; else `ABLATE_DB`; else `<root>/ablate.sqlite`.
    ///   - root: the outputs root (`--root`, default `outputs`).
    ///   - warn: receives one line per skipped metrics line or unreadable run directory.
    public static func open(databaseOption: String?, root: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
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
        let summary = try store.ingestAll(under: rootURL)
        for report in summary.reports {
            for line in report.malformedLines { warn("warning: \(line)") }
        }
        for failure in summary.failures {
            warn("warning: \(failure.localizedDescription); run directory skipped")
        }
        return store
    }
}
