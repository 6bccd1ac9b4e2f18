import Foundation
import Store
import TestSupport
import Testing

/// What the store keeps when runs misbehave: NaN and infinite values, a step written twice by a
/// resumed attempt, a metrics file replaced by another, one run reached through two paths, and a
/// run whose process died without saying so.
@Suite("The store under faults")
struct StoreFaultTests {
    @Test func nanAndInfinityAreKeptAndNeverBest() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "exp_name: e\n")
        try fixture.append(run, #"{"step":1,"metrics":{"loss":NaN,"acc":0.5}}"# + "\n")
        try fixture.append(run, #"{"step":2,"metrics":{"loss":Infinity,"acc":-Infinity}}"# + "\n")
        try fixture.append(run, #"{"step":3,"metrics":{"loss":-Infinity,"acc":NaN}}"# + "\n")
        let store = try MetricsStore(path: fixture.databasePath)
        let report = try store.ingest(runDirectory: run)
        #expect(report.malformedLines.isEmpty)

        let record = try #require(try store.run(storedPath: "e/0_"))
        let loss = try store.metricHistory(ofRun: record.id, name: "loss").map(\.value)
        #expect(loss.count == 3)
        #expect(loss[0].isNaN)
        #expect(loss[1] == .infinity && loss[2] == -.infinity)
        let summaries = try store.metricSummaries(ofRuns: [record.id], names: ["acc", "loss"], minimized: ["loss"])
        let acc = try #require(summaries[record.id]?["acc"])
        #expect(acc.best == 0.5 && acc.bestStep == 1, "NaN is never the best value")
        #expect(acc.last.isNaN, "a diverged run's last value is NaN")
        #expect(summaries[record.id]?["loss"]?.best == -.infinity)
    }

    @Test func aStepLoggedAgainByALaterAttemptKeepsTheLatestValueOnce() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "exp_name: e\n")
        let store = try MetricsStore(path: fixture.databasePath)
        try fixture.append(run, RunDirectoryFixture.line(step: 1, epoch: 0, [("m", 1)]))
        try fixture.append(run, RunDirectoryFixture.line(step: 2, epoch: 1, [("m", 2)]))
        try store.ingest(runDirectory: run)
        // A resumed attempt logs step 2 again, then goes on.
        try fixture.append(run, RunDirectoryFixture.line(step: 2, epoch: 1, [("m", 20)]))
        try fixture.append(run, RunDirectoryFixture.line(step: 3, epoch: 2, [("m", 3)]))
        try store.ingest(runDirectory: run)
        let record = try #require(try store.run(storedPath: "e/0_"))
        let history = try store.metricHistory(ofRun: record.id)
        #expect(history.map(\.step) == [1, 2, 3])
        #expect(history.map(\.value) == [1, 20, 3])
    }

    @Test func aFileReplacedByOneOfTheSameSizeOrLongerIsReadAgain() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "exp_name: e\n")
        let store = try MetricsStore(path: fixture.databasePath)
        try fixture.append(run, RunDirectoryFixture.line(step: 1, epoch: 0, [("m", 1)]))
        try store.ingest(runDirectory: run)
        // Replaced (a new inode), longer than the old cursor, different bytes before it.
        let replacement = RunDirectoryFixture.line(step: 1, epoch: 0, [("m", 7)])
            + RunDirectoryFixture.line(step: 2, epoch: 0, [("m", 8)])
        try replacement.write(to: run.appendingPathComponent("metrics.jsonl"), atomically: true, encoding: .utf8)
        let report = try store.ingest(runDirectory: run)
        #expect(report.restarted)
        let record = try #require(try store.run(storedPath: "e/0_"))
        #expect(try store.metricHistory(ofRun: record.id).map(\.value) == [7, 8])
    }

    @Test func skippedLinesAreCountedOncePerRun() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "exp_name: e\n")
        let store = try MetricsStore(path: fixture.databasePath)
        try fixture.append(run, "{broken\n")
        try fixture.append(run, RunDirectoryFixture.line(step: 1, epoch: 0, [("m", 1)]))
        try store.ingest(runDirectory: run)
        try store.ingest(runDirectory: run)
        try fixture.append(run, #"{"step":2,"metrics":{"m":"x"}}"# + "\n")
        try store.ingest(runDirectory: run)
        let record = try #require(try store.run(storedPath: "e/0_"))
        #expect(record.skippedLines == 2)
        #expect(try store.skippedLines(ofRuns: [record.id]).map(\.line) == [1, 3])
    }

    @Test func oneRunReachedThroughTwoPathsIsOneRun() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "exp_name: e\n")
        try fixture.append(run, RunDirectoryFixture.line(step: 1, epoch: 0, [("m", 1)]))
        let alias = fixture.root.appendingPathComponent("alias")
        try FileManager.default.createSymbolicLink(at: alias, withDestinationURL: fixture.root.appendingPathComponent("e"))
        let store = try MetricsStore(path: fixture.databasePath)
        try store.ingest(runDirectory: run)
        try store.ingest(runDirectory: alias.appendingPathComponent("0_"))
        #expect(try store.runCount() == 1)
        #expect(try store.run(storedPath: "alias/0_")?.id == store.run(storedPath: "e/0_")?.id)
    }

    @Test func aRunWhoseProcessIsGoneIsLostAndALiveOneIsNot() throws {
        let fixture = try RunDirectoryFixture()
        let host = ProcessLiveness.localHostName()
        // A process that has exited (reaped): its pid names nobody, or somebody started later.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let now = Date().timeIntervalSince1970
        let cases: [(job: Int, state: String, pid: Int32, host: String)] = [
            (0, "running", gone.processIdentifier, host),
            (1, "running", getpid(), host),
            (2, "queued", gone.processIdentifier, host),
            (3, "running", gone.processIdentifier, "another-host"),
        ]
        let store = try MetricsStore(path: fixture.databasePath)
        for item in cases {
            let run = try fixture.makeRun(exp: "l", job: item.job, overrides: [], config: "exp_name: l\n")
            let json = """
                {"state":"\(item.state)","job_num":\(item.job),"exit_code":null,"signal":null,\
                "start_time":\(now),"end_time":null,"host":"\(item.host)","pid":\(item.pid),\
                "attempt":1,"launcher":"local","error":null}
                """
            try Data(json.utf8).write(to: run.appendingPathComponent("status.json"), options: .atomic)
            try store.ingest(runDirectory: run)
        }
        #expect(try store.markLostRuns() == 2)
        let statuses = try (0..<4).map { try store.run(storedPath: "l/\($0)_")?.status }
        #expect(statuses == ["lost", "running", "lost", "running"])
        #expect(try store.run(storedPath: "l/0_")?.error?.contains("--resume runs it again") == true)
        #expect(try store.markLostRuns() == 0)
    }
}
