import Foundation
import Report
import TestSupport
import Testing

/// `train -m` keeps `<sweep dir>/report.html` current while its jobs run: opened twice in the
/// browser while the sweep runs, the page shows more points the second time; when the sweep ends
/// the page holds every point and stops reloading.
@Suite("the live report of a running sweep")
struct LiveReportTests {
    /// A task that logs one val/acc point every 0.25 s, 24 points in all.
    static let slowTask = """
        import json, os, time
        out = open(os.environ["ABLATE_METRICS"], "a")
        for i in range(24):
            out.write(json.dumps({"step": i + 1, "epoch": i // 4, "metrics": {"val/acc": 0.5 + 0.01 * i}}) + "\\n")
            out.flush()
            time.sleep(0.25)
        """

    static func plottedPoints(_ page: BrowserPage) -> Int {
        page.elements("path", containing: "class=\"curve").filter { $0["data-run"] != nil }
            .reduce(0) { $0 + (Int($1["data-n"] ?? "") ?? 0) }
    }

    @Test func reportOfARunningSweepGrowsBetweenTwoOpenings() throws {
        let train = Executables.directory.appendingPathComponent("train")
        let worker = Executables.directory.appendingPathComponent("train-worker")
        try #require(FileManager.default.isExecutableFile(atPath: train.path), "build train first: swift build -c release")
        try #require(FileManager.default.isExecutableFile(atPath: worker.path), "build train-worker first: swift build -c release")
        let fixture = try RunDirectoryFixture()
        let script = fixture.root.appendingPathComponent("slow_task.py")
        try Self.slowTask.write(to: script, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = train
        process.arguments = ["task=external", "task.command=[python3,\(script.path)]", "exp_name=live", "seed=1,2", "-m"]
        process.currentDirectoryURL = fixture.root
        var environment = ProcessInfo.processInfo.environment
        environment["ABLATE_DB"] = nil
        environment["ABLATE_OUTPUTS_ROOT"] = nil
        process.environment = environment
        let log = fixture.root.appendingPathComponent("train.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)  // one handle: stdout and stderr share its offset
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer { if process.isRunning { process.interrupt(); process.waitUntilExit() } }

        let report = fixture.root.appendingPathComponent("outputs/live/report.html")
        // Wait for a page with some points, while the jobs still run.
        var first: BrowserPage?
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, process.isRunning {
            if FileManager.default.fileExists(atPath: report.path) {
                let page = try BrowserPage.open(report)
                if Self.plottedPoints(page) >= 2 { first = page; break }
            }
            usleep(200_000)
        }
        let opened = try #require(first, "no points in \(report.path) while the sweep ran")
        #expect(opened.console == [])
        #expect(opened.dom.contains("<span id=\"live\">"), "a running sweep's page says it is live")
        usleep(2_500_000)
        let second = try BrowserPage.open(report)
        #expect(Self.plottedPoints(second) > Self.plottedPoints(opened))

        process.waitUntilExit()
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("live/report.html (updated as metrics arrive; open it in a browser)\n"), "\(output)")
        let last = try BrowserPage.open(report)
        #expect(Self.plottedPoints(last) == 48)
        #expect(last.dom.contains("<span id=\"live\" hidden=\"\">"))
        #expect(last.bodyAttributes["data-errors"] == nil)
    }
}
