import Foundation
import Launch
import Report
import Store
import Sweep

/// The launcher's ingestor with the sweep's live report behind it: each batch of run directories
/// goes to the store, then the report hears that metrics arrived (it regenerates, throttled, on
/// its own queue). The launcher itself is unchanged: this is the ingestor it is given.
struct LiveReportIngestor: RunIngestor {
    let store: MetricsStore
    let report: LiveReport

    func ingest(runDirectories: [URL]) throws -> [String] {
        let problems = try store.ingest(runDirectories: runDirectories) as [String]
        report.metricsArrived()
        return problems
    }

    func skippedLines(in runDirectories: [URL]) throws -> [String] {
        try store.skippedLines(in: runDirectories)
    }

    /// For a sweep (`-m`) whose results database opened: `<sweep dir>/report.html`, written once
    /// now (its path printed) and kept current while the jobs run. Otherwise the ingestor as given.
    /// The path goes to stderr, so `--json` output on stdout stays machine-readable.
    static func wrap(_ ingestor: RunIngestor?, plan: SweepPlan) -> (RunIngestor?, LiveReport?) {
        guard plan.mode == .multirun, let store = ingestor as? MetricsStore else { return (ingestor, nil) }
        let output = plan.directory.appendingPathComponent("report.html")
        let title = plan.jobs.first?.taskConfig.value(at: ["exp_name"])?.stringValue ?? plan.directory.lastPathComponent
        let report = LiveReport(output: output, store: store, title: title,
                                runDirectories: Set(plan.jobs.map { store.storedPath(of: $0.runDirectory) }))
        report.start()
        let shown = Self.relative(output)
        let line = "report: \(shown) (updated as metrics arrive; open it in a browser)\n"
        Console.err(line)
        return (LiveReportIngestor(store: store, report: report), report)
    }

    /// A path relative to the working directory when under it.
    private static func relative(_ url: URL) -> String {
        let here = FileManager.default.currentDirectoryPath + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(here) ? String(path.dropFirst(here.count)) : path
    }
}
