import Foundation
import Report
import Store
import TestSupport
import Testing

/// generate_report's page opened in headless Chromium (Debian's `chromium`): the DOM it builds
/// holds every run, the varying columns and one curve per run whose plotted points are the
/// store's values, and the console stays silent.
@Suite("generate_report in a real browser", .serialized)
struct ReportPageTests {
    /// Four completed runs (optimizer.lr 0.1, 0.2 × seed 1, 2) and one failed run (lr 0.3) that
    /// logged one line before failing.
    static func sweep() throws -> (RunDirectoryFixture, URL) {
        let fixture = try RunDirectoryFixture()
        try SweepFixture.write(into: fixture, exp: "lr", key: "optimizer.lr", values: ["0.1", "0.2"], seeds: [1, 2],
                               tags: ["lr"], best: { value, seed in 0.6 + 0.1 * Double(value) + 0.01 * Double(seed) })
        var entries = [("exp_name", "lr"), ("seed", "1"), ("logger.tags", "[lr]")]
        entries += SweepFixture.baseConfig.filter { $0.0 != "optimizer.lr" } + [("optimizer.lr", "0.3")]
        let failed = try fixture.makeRun(exp: "lr", job: 4, overrides: ["optimizer.lr=0.3", "seed=1"], config: SweepFixture.yaml(entries))
        try fixture.append(failed, RunDirectoryFixture.line(step: 100, epoch: 0, [("train/loss", 2.5), ("val/hmean", 0.31)]))
        try fixture.writeStatus(failed, state: "failed", job: 4, end: 1763712030, exitCode: 1)
        let page = fixture.root.appendingPathComponent("report.html")
        let result = try Executables.run("generate_report", ["--root", fixture.root.path, "--exp", "lr", "--output", page.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("wrote \(page.path): 5 runs, 3 metrics, "))
        return (fixture, page)
    }

    /// Where screenshots go: ABLATE_SCREENSHOT_DIR when set (to look at them), else the fixture.
    static func screenshotPath(_ name: String, fixture: RunDirectoryFixture) -> URL {
        if let folder = ProcessInfo.processInfo.environment["ABLATE_SCREENSHOT_DIR"], !folder.isEmpty {
            return URL(fileURLWithPath: folder).appendingPathComponent(name)
        }
        return fixture.root.appendingPathComponent(name)
    }

    @Test func pageShowsEveryRunAndPlotsTheStoresValues() throws {
        let (fixture, page) = try Self.sweep()
        let shot = Self.screenshotPath("report-test.png", fixture: fixture)
        let browser = try BrowserPage.open(page, screenshot: shot)
        #expect(browser.bodyAttributes["data-ready"] == "1")
        #expect(browser.bodyAttributes["data-errors"] == nil)
        #expect(browser.console == [])
        let png = try Data(contentsOf: shot)
        #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))

        // The run table: a header and one row per run; the varying parameters only.
        let rows = browser.tableRows(id: "runs")
        try #require(rows.count == 6)
        let header = rows[0].map { $0.replacingOccurrences(of: " ▲", with: "").replacingOccurrences(of: " ▼", with: "") }
        #expect(Array(header.prefix(5)) == ["#", "status", "seed", "optimizer.lr", "duration (s)"])
        for field in ["best", "last", "min", "max"] { #expect(header.contains("val/hmean \(field)")) }
        #expect(!header.contains("model.head.k"))
        #expect(rows.dropFirst().map { $0[1] } == ["completed", "completed", "completed", "completed", "failed"])
        // The best run (lr 0.2, seed 2: best 0.71) is starred; its min/max are the history's.
        let best = try #require(rows.first { $0[0].hasPrefix("★") })
        #expect(best[0] == "★ 3" && best[2] == "2" && best[3] == "0.2")
        let hmean = header.firstIndex(of: "val/hmean best")!
        #expect(Array(best[hmean...(hmean + 3)]) == ["0.71", "0.66", "0.61", "0.71"])

        // One curve per run, its plotted points the store's (step, value) pairs, exactly.
        let store = try MetricsStore(path: fixture.databasePath, outputsRoot: fixture.root)
        let runs = try store.runs(matching: RunFilter(expName: "lr", statuses: nil))
        let curves = browser.elements("path", containing: "class=\"curve")
        #expect(Set(curves.compactMap { $0["data-run"] }) == Set(runs.map { String($0.id) }))
        for run in runs {
            let path = try #require(curves.first { $0["data-run"] == String(run.id) })
            let stored = try store.metricHistory(ofRun: run.id, name: "val/hmean").map { [Double($0.step!), $0.value] }
            #expect(try BrowserPage.points(path) == stored, "run \(run.runDirectory)")
        }
        // Parallel coordinates: a line per run; best so far: a dot per run with the metric.
        #expect(browser.elements("path", containing: "pc-line").count == 5)
        #expect(browser.elements("circle", containing: "class=\"dot").count == 5)
        #expect(browser.elements("path", containing: "data-best-so-far").count == 1)
    }

    @Test("the view (filter, sort, smoothing, metric axis) survives reopening the page, as a live report's refresh reopens it")
    func viewSurvivesReopening() throws {
        let (fixture, page) = try Self.sweep()
        let profile = fixture.root.appendingPathComponent("browser-profile")
        // First opening: a view set from the address, as from a link or by hand.
        let first = try BrowserPage.open(page, fragment: "test&filter=lr%3D0.2&smoothing=0.6&x=epoch&sort=p%3Aseed", profile: profile)
        #expect(first.bodyAttributes["data-errors"] == nil)
        #expect(first.tableRows(id: "runs").count == 3)
        // Reopened with no view in the address: the same view, from the page's stored state.
        let second = try BrowserPage.open(page, fragment: "test", profile: profile)
        #expect(second.bodyAttributes["data-errors"] == nil)
        let rows = second.tableRows(id: "runs")
        #expect(rows.count == 3 && rows.dropFirst().allSatisfy { $0[3] == "0.2" }, "\(rows)")
        #expect(rows.first?.contains { $0.hasPrefix("seed ") && ($0.hasSuffix("▲") || $0.hasSuffix("▼")) } == true, "sorted by seed: \(rows)")
        #expect(second.dom.contains("id=\"smoothing-value\">0.60<"), "smoothing kept")
        // A fresh browser (another profile) starts from the defaults: all five runs.
        #expect(try BrowserPage.open(page, fragment: "test").tableRows(id: "runs").count == 6)
    }

    @Test("train vs val shows each run's verdict (fit/verdict); a diverged run's NaN values render without errors")
    func trainVsValVerdictsAndNaN() throws {
        let fixture = try RunDirectoryFixture()
        let runs = try [("0.0001", 0.99, 0.90, 1.0), ("0.001", 0.93, 0.92, 0.0), ("0.01", 0.88, 0.91, -1.0)].enumerated().map { job, run in
            let (decay, train, val, verdict) = run
            var entries = [("exp_name", "fit"), ("seed", "1")]
            entries += SweepFixture.baseConfig.filter { $0.0 != "optimizer.weight_decay" } + [("optimizer.weight_decay", decay)]
            let directory = try fixture.makeRun(exp: "fit", job: job, overrides: ["optimizer.weight_decay=\(decay)"],
                                                config: SweepFixture.yaml(entries))
            try fixture.append(directory, RunDirectoryFixture.line(step: 10, epoch: 1, [
                ("train/loss", 0.5), ("train/top1", train), ("val/top1", val), ("fit/gap", train - val), ("fit/verdict", verdict)]))
            try fixture.writeStatus(directory, state: "completed", job: job, end: 1763712060, exitCode: 0)
            return directory
        }
        // A fourth run diverged: NaN as Python's json.dumps writes it.
        var entries = [("exp_name", "fit"), ("seed", "1")]
        entries += SweepFixture.baseConfig.filter { $0.0 != "optimizer.weight_decay" } + [("optimizer.weight_decay", "0.1")]
        let diverged = try fixture.makeRun(exp: "fit", job: 3, overrides: ["optimizer.weight_decay=0.1"], config: SweepFixture.yaml(entries))
        try fixture.append(diverged, #"{"step":10,"epoch":1,"time":1763712000.5,"metrics":{"train/loss":NaN,"train/top1":NaN,"val/top1":NaN}}"# + "\n")
        try fixture.writeStatus(diverged, state: "completed", job: 3, end: 1763712060, exitCode: 0)
        #expect(runs.count == 3)

        let page = fixture.root.appendingPathComponent("fit.html")
        let result = try Executables.run("generate_report", ["--root", fixture.root.path, "--exp", "fit", "--output", page.path])
        #expect(result.status == 0, "\(result.stderr)")
        let browser = try BrowserPage.open(page, screenshot: Self.screenshotPath("report-fit.png", fixture: fixture))
        #expect(browser.bodyAttributes["data-ready"] == "1")
        #expect(browser.bodyAttributes["data-errors"] == nil)
        #expect(browser.console == [])
        #expect(browser.tableRows(id: "runs").count == 5)
        let table = browser.tableRows(id: "tv-table")
        try #require(table.count == 5, "\(table)")
        #expect(table[0].last == "verdict (fit/verdict)")
        // Rows by run: the last cell is the verdict; the diverged run has none.
        let verdicts = Dictionary(table.dropFirst().map { ($0[0], $0.last!) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(verdicts.values) == ["overfitting", "fine", "underfitting", "—"], "\(table)")
    }

    /// The page's smoothing is the Swift `Smoothing.timeWeightedEMA` (W&B's time-weighted EMA), on
    /// curves long enough for it to matter (with few points the time weighting leaves them as they are).
    @Test func smoothingIsTheTimeWeightedEMA() throws {
        let fixture = try RunDirectoryFixture()
        for job in 0..<2 {
            let run = try fixture.makeRun(exp: "long", job: job, overrides: ["seed=\(job)"],
                                          config: "exp_name: long\nseed: \(job)\n")
            var text = ""
            for index in 0..<600 {
                // Uneven logging (steps 3 apart, then 1) and a noisy value.
                let step = index * 2 + (index % 2)
                let value = 1 - exp(-Double(index) / 150) + 0.05 * sin(Double(index * (job + 3)))
                text += RunDirectoryFixture.line(step: step, epoch: index / 60, [("train/loss", value)])
            }
            try fixture.append(run, text)
            try fixture.writeStatus(run, state: "completed", job: job, end: 1763712100, exitCode: 0)
        }
        let page = fixture.root.appendingPathComponent("report.html")
        #expect(try Executables.run("generate_report", ["--root", fixture.root.path, "--output", page.path]).status == 0)
        let browser = try BrowserPage.open(page, fragment: "test&smoothing=0.6")
        #expect(browser.console == [])
        let store = try MetricsStore(path: fixture.databasePath, outputsRoot: fixture.root)
        let curves = browser.elements("path", containing: "class=\"curve\"").filter { $0["data-run"] != nil }
        #expect(curves.count == 2)
        for run in try store.runs(matching: RunFilter(statuses: nil)) {
            let history = try store.metricHistory(ofRun: run.id, name: "train/loss")
            let xs = history.map { Double($0.step!) }
            let expected = Smoothing.timeWeightedEMA(x: xs, y: history.map(\.value), parameter: 0.6).map { $0! }
            let path = try #require(curves.first { $0["data-run"] == String(run.id) })
            let plotted = try BrowserPage.points(path)
            #expect(plotted.map { $0[0] } == xs)
            var largest = 0.0
            for (got, want) in zip(plotted.map { $0[1] }, expected) {
                #expect(abs(got - want) <= 1e-12 * max(1, abs(want)))
            }
            for (smoothed, raw) in zip(expected, history.map(\.value)) { largest = max(largest, abs(smoothed - raw)) }
            // Smoothing changed the curve (the comparison above is not of two raw copies).
            #expect(largest > 0.02)
        }
    }

    @Test func seedGroupsAreMeanAndStdBands() throws {
        let (fixture, page) = try Self.sweep()
        defer { withExtendedLifetime(fixture) {} }  // it removes its folder when released
        let browser = try BrowserPage.open(page, fragment: "test&groupSeeds=1")
        #expect(browser.console == [])
        let groups = browser.elements("path", containing: "data-members")
        try #require(groups.map { $0["data-members"] } == ["2", "2", "1"])
        // lr 0.1: the seeds' best, 0.60 and 0.61 at step 200 -> mean 0.605.
        let first = try BrowserPage.points(groups[0])
        #expect(abs(first[1][1] - 0.605) < 1e-12)
        #expect(browser.elements("path", containing: "class=\"band").count == 2)
    }

    @Test func ablationSectionIsWhatGenerateAblationTableWrites() throws {
        let (fixture, page) = try Self.sweep()
        let table = try Executables.run("generate_ablation_table", ["--root", fixture.root.path, "--exp", "lr", "--metric", "val/hmean"])
        #expect(table.status == 0)
        let browser = try BrowserPage.open(page)
        let dom = browser.dom
        let start = try #require(dom.range(of: "<pre id=\"ablation-md\">"))
        let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
        #expect(BrowserPage.unescape(String(dom[start.upperBound..<end.lowerBound])) == table.stdout)
        // The HTML table shows the same cells: two groups of two completed runs, best in bold.
        #expect(dom.contains("<strong>0.7050 ± 0.0071</strong>"))
    }

    @Test func plotsForPapersAsSVGAndPNG() throws {
        let (fixture, _) = try Self.sweep()
        let svg = fixture.root.appendingPathComponent("curves.svg")
        let plain = try Executables.run("generate_report", ["--root", fixture.root.path, "--exp", "lr", "--plot", "val/hmean",
                                                            "--output", svg.path])
        #expect(plain.status == 0, "\(plain.stderr)")
        let text = try String(contentsOf: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"420\""))
        #expect(text.components(separatedBy: "stroke-linejoin=\"round\"><title>").count - 1 == 5)
        #expect(text.contains("<title>seed=1, lr=0.3</title>"))

        let grouped = try Executables.run("generate_report", ["--root", fixture.root.path, "--exp", "lr", "--plot", "val/hmean",
                                                              "--group-seeds", "--output", svg.path])
        #expect(grouped.status == 0)
        let groups = try String(contentsOf: svg, encoding: .utf8)
        #expect(groups.components(separatedBy: "fill-opacity=\"0.18\"").count - 1 == 2)
        #expect(groups.contains("<title>lr=0.1 (n=2)</title>"))

        let png = fixture.root.appendingPathComponent("curves.png")
        let image = try Executables.run("generate_report", ["--root", fixture.root.path, "--exp", "lr", "--plot", "val/hmean",
                                                            "--size", "640x400", "--output", png.path])
        #expect(image.status == 0, "\(image.stderr)")
        let bytes = try Data(contentsOf: png)
        #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // IHDR: width and height at twice the plot's size.
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1280 && height == 800)
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        let id: String
        let arguments: [String]
        let stderr: String
        var testDescription: String { id }
    }

    static let badInputs: [BadInput] = [
        BadInput(id: "svg without --plot", arguments: ["--output", "x.svg"],
                 stderr: "error: 'x.svg' is a plot: name its metric with --plot METRIC (e.g. --plot val/hmean), or write the page to a .html file\n"),
        BadInput(id: "plot to html", arguments: ["--plot", "val/hmean", "--output", "x.html"],
                 stderr: "error: cannot tell the format of 'x.html' from its extension: a report is .html, a --plot is .svg or .png\n"),
        BadInput(id: "unknown plot metric", arguments: ["--plot", "val/f1", "--output", "x.svg"],
                 stderr: "error: unknown metric 'val/f1'; known metrics: train/loss, val/hmean, val/precision\n"),
        BadInput(id: "bad smoothing", arguments: ["--plot", "val/hmean", "--smoothing", "1.5", "--output", "x.svg"],
                 stderr: "error: --smoothing '1.5' is not valid: expected a number from 0 to 0.99\n"),
        BadInput(id: "bad size", arguments: ["--plot", "val/hmean", "--size", "big", "--output", "x.svg"],
                 stderr: "error: --size 'big' is not valid: expected WIDTHxHEIGHT in pixels, each 200 to 8000, e.g. 720x420\n"),
        BadInput(id: "no runs", arguments: ["--exp", "nope", "--output", "x.html"],
                 stderr: "error: no runs match --exp nope --status all (the store holds 5 runs); loosen the filters, or try --status all\n"),
    ]

    @Test(arguments: badInputs)
    func badInputIsOneLineAndExitTwo(_ bad: BadInput) throws {
        let (fixture, _) = try Self.sweep()
        let result = try Executables.run("generate_report", ["--root", fixture.root.path] + bad.arguments, in: fixture.root)
        #expect(result.status == 2)
        #expect(result.stderr == bad.stderr)
    }
}
