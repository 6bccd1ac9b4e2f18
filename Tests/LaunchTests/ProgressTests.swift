import Foundation
import Testing
@testable import Launch

@Suite("progress output")
struct ProgressTests {
    private func run(style: ProgressStyle, _ fixture: SweepFixture, jobs: [LaunchJob]) async throws -> String {
        let path = fixture.root.appendingPathComponent("progress.txt").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        var launcher = fixture.launcher(LocalLauncherSettings(nJobs: 1))
        launcher.progress = style
        launcher.progressOutput = handle
        launcher.refreshInterval = 0.05
        _ = try await launcher.launch(jobs)
        try handle.close()
        return readText(URL(fileURLWithPath: path))
    }

    @Test("without a terminal: timestamped lines for start, finish and failure")
    func plainLines() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let jobs = [try fixture.job(0, script: "exit 0"), try fixture.job(1, script: "exit 2")]
        let text = try await run(style: .plain, fixture, jobs: jobs)
        let stamp = #"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] "#
        let lines = text.split(separator: "\n").map(String.init)
        let patterns = [
            stamp + #"launching 2 job\(s\) locally, 1 at a time"#,
            stamp + "job 0 started: " + NSRegularExpression.escapedPattern(for: jobs[0].runDirectory.path),
            stamp + #"job 0 completed in \d+\.\d s"#,
            stamp + "job 1 started: " + NSRegularExpression.escapedPattern(for: jobs[1].runDirectory.path),
            stamp + #"job 1 failed in \d+\.\d s: /bin/sh exited with code 2"#,
        ]
        #expect(lines.count == patterns.count)
        for (line, pattern) in zip(lines, patterns) {
            #expect(line.wholeMatch(of: try Regex(pattern)) != nil, "\(line) ~ \(pattern)")
        }
    }

    @Test("on a terminal: a view redrawn in place with the running job's latest metrics, no color under NO_COLOR")
    func liveView() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let line = #"{"step":40,"epoch":2,"time":1.0,"metrics":{"val/acc":0.75}}"#
        let job = try fixture.job(0, script: "echo '\(line)' >> \"$ABLATE_METRICS\"; sleep 0.6")
        let text = try await run(style: .live(color: false), fixture, jobs: [job])
        #expect(text.contains("0 done · 1 running · 0 failed · 0 queued · "))
        #expect(text.contains("  job 0  "))
        #expect(text.contains("epoch 2 · step 40 · val/acc 0.75"))
        #expect(text.contains("\u{1B}[2F\u{1B}[J"), "the two-line view is erased before each redraw")
        #expect(!text.contains("\u{1B}[3"), "no color codes")
        #expect(ProgressStyle.automatic(environment: ["NO_COLOR": "1"]) == .plain, "tests run without a terminal")
    }

    @Test("the live view counts interrupted and pruned jobs as such, not as queued")
    func liveViewCountsStoppedJobs() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let path = fixture.root.appendingPathComponent("view.txt").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        let reporter = ProgressReporter(style: .live(color: false), total: 4, output: handle)
        let jobs = try (0..<3).map { try fixture.job($0, script: "true") }
        for job in jobs { reporter.started(job, attempt: 1) }
        reporter.finished(JobResult(job: jobs[0], state: .interrupted, attempt: 1))
        reporter.finished(JobResult(job: jobs[1], state: .pruned, attempt: 1))
        try handle.close()
        let text = readText(URL(fileURLWithPath: path))
        #expect(text.contains("0 done · 1 running · 0 failed · 1 interrupted · 1 pruned · 1 queued · "), "\(text)")
    }
}
