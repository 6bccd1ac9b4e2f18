import Foundation
import Store
import Testing
@testable import Launch

@Suite("Launcher ingests into the metrics store")
struct StoreIngestTests {
    @Test("runs and their metrics are in SQLite when the launch returns, failures included")
    func ingestsWhileRunning() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let write = #"printf '{"step":%s,"epoch":1,"time":1763712000.5,"metrics":{"val/acc":0.%s}}\n' 10 5 >> "$ABLATE_METRICS""#
        let jobs = [
            try fixture.job(0, script: write),
            try fixture.job(1, script: write + "; exit 4"),
        ]
        let store = try MetricsStore(path: fixture.root.appendingPathComponent("ablate.sqlite").path,
                                     outputsRoot: fixture.root)
        var launcher = fixture.launcher(LocalLauncherSettings(nJobs: 2))
        launcher.ingestor = store
        _ = try await launcher.launch(jobs)
        let runs = try store.runs(matching: RunFilter(statuses: nil)).sorted { ($0.jobNum ?? -1) < ($1.jobNum ?? -1) }
        #expect(runs.map(\.status) == ["completed", "failed"])
        #expect(runs.map(\.exitCode) == [0, 4])
        #expect(try store.metricNames(ofRuns: runs.map(\.id)) == ["val/acc"])
    }
}
