import Foundation
import Store
import Testing
@testable import Launch

/// Bad metrics lines never vanish: each is reported once, with its file and line number, in the
/// sweep summary of `train -m` and by `collect_results`, and counted in the run's record; a torn
/// last line left by a killed attempt stays a line of its own, never merged with the next
/// attempt's first record.
@Suite("skipped and torn metrics lines (built binary, real processes, real store)")
struct MetricsLineReportTests {
    @Test("a garbage line, a string value, a nested object and a torn line: reported once each by train -m and collect_results, counted, the next attempt's record kept")
    func skippedLinesAreReported() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        // First attempt: good and bad lines, then a record cut short by its own SIGKILL.
        // Second attempt (--resume): one more record, appended after the fragment.
        let script = fixture.root.appendingPathComponent("task.sh")
        try #"""
        if [ -f attempted ]; then
            printf '{"step":5,"metrics":{"loss":0.5}}\n' >> "$ABLATE_METRICS"
            exit 0
        fi
        touch attempted
        printf '{"step":1,"metrics":{"loss":1.0}}\nnot json at all\n{"step":2,"metrics":{"loss":"high","acc":0.5}}\n' >> "$ABLATE_METRICS"
        printf '{"step":3,"metrics":{"loss":{"a":1}}}\n{"step":4,"metrics":{"loss":0.4}}\n{"step":5,"metr' >> "$ABLATE_METRICS"
        kill -KILL $$
        """#.write(to: script, atomically: true, encoding: .utf8)
        let arguments = ["task=external", "task.command=[/bin/sh,\(script.path)]", "seed=0", "exp_name=bad", "-m"]

        let first = try await TrainProcess.run(arguments, in: fixture.root)
        #expect(first.exit == .exited(1), "\(first.stderr)")
        let job = try #require(try sweepJobs(fixture.root.appendingPathComponent("outputs/bad")).first)
        let file = job.appendingPathComponent("metrics.jsonl").resolvingSymlinksInPath().path
        let notJSON = "not valid JSON; line skipped"
        let expectedFirst = [
            "\(file):2: \(notJSON)",
            "\(file):3: metric 'loss' is a string, not a number; left out (the line's numeric metrics are kept)",
            "\(file):4: metric 'loss' is an object, not a number; left out (the line's numeric metrics are kept)",
        ]
        #expect(first.stderr.contains("metrics lines skipped, in whole or in part (3):\n"
            + expectedFirst.map { "  " + $0 + "\n" }.joined()), "\(first.stderr)")

        let resumed = try await TrainProcess.run(arguments + ["--resume"], in: fixture.root)
        #expect(resumed.exit == .exited(0), "\(resumed.stderr)")
        // The fragment got its newline before the second attempt wrote: line 6 alone, line 7 whole.
        let lines = readText(job.appendingPathComponent("metrics.jsonl")).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 8 && lines[5] == #"{"step":5,"metr"# && lines[6] == #"{"step":5,"metrics":{"loss":0.5}}"#, "\(lines)")
        let expected = expectedFirst + ["\(file):6: \(notJSON)"]
        #expect(resumed.stdout.contains("metrics lines skipped, in whole or in part (4):\n"
            + expected.map { "  " + $0 + "\n" }.joined()), "\(resumed.stdout)")

        let collect = try runProduct("collect_results", ["--exp", "bad"], in: fixture.root)
        #expect(collect.exit == .exited(0), "\(collect.stderr)")
        for line in expected {
            #expect(collect.stderr.components(separatedBy: "warning: \(line)\n").count == 2, "once: \(line) in \(collect.stderr)")
        }
        // A second collect_results (nothing new to ingest) still lists them.
        for name in ["collect_results.stdout", "collect_results.stderr"] {
            try FileManager.default.removeItem(at: fixture.root.appendingPathComponent(name))
        }
        let again = try runProduct("collect_results", ["--exp", "bad"], in: fixture.root)
        #expect(again.stderr.components(separatedBy: "warning: ").count == expected.count + 1, "\(again.stderr)")

        let outputs = fixture.root.appendingPathComponent("outputs")
        let store = try MetricsStore(path: outputs.appendingPathComponent("ablate.sqlite").path, outputsRoot: outputs)
        let run = try #require(try store.runs(matching: RunFilter(expName: "bad")).first)
        #expect(run.skippedLines == 4 && run.status == "completed")
        let points = try store.metricHistory(ofRun: run.id).map { "\($0.name)@\($0.step ?? -1)=\($0.value)" }
        #expect(points == ["loss@1=1.0", "acc@2=0.5", "loss@4=0.4", "loss@5=0.5"])
    }

    @Test("a metrics file ending in a torn line gets its newline before an attempt; one that ends well, or is empty or missing, is left alone")
    func tornLineEnded() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        for (before, after, changed) in [
            (#"{"step":1}\n{"st"#, #"{"step":1}\n{"st\n"#, true),
            (#"{"step":1}\n"#, #"{"step":1}\n"#, false),
            ("", "", false),
        ] {
            let url = fixture.root.appendingPathComponent("metrics.jsonl")
            try before.replacingOccurrences(of: #"\n"#, with: "\n").write(to: url, atomically: true, encoding: .utf8)
            #expect(TornLine.endMetricsFile(in: fixture.root) == changed)
            #expect(readText(url) == after.replacingOccurrences(of: #"\n"#, with: "\n"))
        }
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("metrics.jsonl"))
        #expect(!TornLine.endMetricsFile(in: fixture.root))
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("metrics.jsonl").path))
    }
}
