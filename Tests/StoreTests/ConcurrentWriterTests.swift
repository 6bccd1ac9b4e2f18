import Foundation
import Store
import Testing

@Suite("Ingestion while a worker process appends")
struct ConcurrentWriterTests {
    /// A real child process appends lines, each in two separate writes so readers see torn
    /// lines, while the store ingests over and over; every line must land exactly once.
    @Test func everyLineLandsExactlyOnce() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "live", job: 0, overrides: [], config: "exp_name: live\n")
        let metrics = run.appendingPathComponent("metrics.jsonl").path
        let lines = 400
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/bash")
        writer.arguments = ["-c", """
            for i in $(seq 1 \(lines)); do
              printf '{"step":%d,"epoch":%d,' "$i" "$((i / 100))" >> "$0"
              printf '"metrics":{"val/acc":%d.5,"train/loss":%d}}\\n' "$i" "$i" >> "$0"
              if (( i % 40 == 0 )); then sleep 0.02; fi  # let ingestion passes interleave
            done
            """, metrics]
        let store = try MetricsStore(path: fixture.databasePath)
        try writer.run()
        var passes = 0
        var sawPartialFile = false
        while writer.isRunning {
            let report = try store.ingest(runDirectory: run)
            #expect(report.malformedLines.isEmpty)
            if report.newLines > 0 && report.newLines < lines { sawPartialFile = true }
            passes += 1
        }
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        try store.ingest(runDirectory: run)

        let record = try #require(try store.run(storedPath: "live/0_"))
        let history = try store.metricHistory(ofRun: record.id, name: "val/acc")
        #expect(history.map(\.step) == Array(1...lines).map { Optional($0) })
        #expect(history.map(\.value) == (1...lines).map { Double($0) + 0.5 })
        #expect(try store.metricHistory(ofRun: record.id, name: "train/loss").count == lines)
        #expect(passes > 1)
        #expect(sawPartialFile, "the writer finished before any pass saw a partial file; the test did not exercise tailing")
    }
}
