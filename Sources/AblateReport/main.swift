import ArgumentParser
import Foundation
import Report
import Store

/// `generate_report`: the sweep as one self-contained HTML page, or one chart as SVG or PNG.
struct GenerateReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate_report",
        abstract: "Write one self-contained HTML report of the selected runs (curves, run table, parallel coordinates, best so far, train vs val, ablation table), or one chart as SVG/PNG with --plot.",
        discussion: """
            The page holds its data, script and styles: it opens from disk with no network and no server. \
            Every run directory under --root not yet ingested is ingested first. While a sweep runs, train keeps \
            <sweep dir>/report.html up to date itself. Exit codes: 0 ok, 2 usage, configuration or input error.
            """)

    @OptionGroup(title: "Run selection")
    var selection: RunSelectionOptions
    @Option(help: "The metric the page opens on, and the primary metric of its ablation table (default: the first val/ metric).")
    var metric: String?
    @Option(help: "Metrics to include, comma-separated (default: every metric logged).")
    var metrics: [String] = []
    @OptionGroup(title: "Ablation table (as generate_ablation_table)")
    var ablation: AblationArguments
    @Option(help: "Draw only this metric's curves, into an .svg or .png --output (no page).")
    var plot: String?
    @Option(help: "The x axis of --plot: step or epoch.")
    var x = "step"
    @Option(help: "Smoothing of --plot, 0 to 0.99 (W&B's time-weighted EMA).")
    var smoothing = 0.0
    @Flag(name: .customLong("group-seeds"), help: "--plot draws runs that differ only in their seed as one mean ± std band.")
    var groupSeeds = false
    @Option(help: "Size of --plot in pixels, WIDTHxHEIGHT.")
    var size = "720x420"
    @Option(help: "The page's title (default: the experiment, or 'Ablate report').")
    var title: String?
    @Option(help: "Output file: .html (the page), or .svg/.png with --plot.")
    var output = "report.html"

    func run() throws {
        let extensionName = (output as NSString).pathExtension.lowercased()
        if plot == nil, ["svg", "png"].contains(extensionName) { throw ReportError.plotNeedsMetric(path: output) }
        if plot != nil ? !["svg", "png"].contains(extensionName) : extensionName != "html" && extensionName != "htm" {
            throw ReportError.unknownPlotFormat(path: output)
        }
        guard let axis = PlotSVG.XAxis(rawValue: x) else { throw ReportError.badSetting(option: "--x", value: x, expected: "step or epoch") }
        guard (0...0.99).contains(smoothing) else {
            throw ReportError.badSetting(option: "--smoothing", value: "\(smoothing)", expected: "a number from 0 to 0.99")
        }
        let sizes = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard sizes.count == 2, sizes.allSatisfy({ (200...8000).contains($0) }) else {
            throw ReportError.badSetting(option: "--size", value: size, expected: "WIDTHxHEIGHT in pixels, each 200 to 8000, e.g. 720x420")
        }

        let store = try selection.openStore()
        let filter = try selection.filter(defaultStatus: "all")
        let ablationFilter = try selection.filter(defaultStatus: "completed")
        let chosen = CommandLineValues.list(metrics)
        let request = ReportRequest(
            title: title ?? selection.exp ?? selection.project ?? "Ablate report", filter: filter,
            metrics: chosen.isEmpty ? nil : chosen, primaryMetric: plot ?? metric,
            ablation: try ablation.options(metric: plot ?? metric ?? ""), ablationFilter: ablationFilter)
        let data = try ReportData.load(from: store, request: request)

        if let plot {
            let chart = PlotSVG(metric: plot, x: axis, smoothing: smoothing, groupSeeds: groupSeeds,
                                width: sizes[0], height: sizes[1])
            let svg = try chart.svg(data)
            if extensionName == "svg" {
                try ReportOutput.write(svg, to: output)
            } else {
                try PlotPNG.write(svg: svg, width: sizes[0], height: sizes[1], to: URL(fileURLWithPath: output))
            }
            printError("wrote \(output): \(plot) of \(data.runs.count) runs")
            return
        }
        let page = ReportPage.html(data)
        try ReportOutput.write(page, to: output)
        let megabytes = Double(page.utf8.count) / 1_000_000
        printError("wrote \(output): \(data.runs.count) runs, \(data.metrics.count) metrics, "
                   + String(format: "%.2f MB", megabytes))
    }
}

ReportCommandMain.run(GenerateReport.self, name: "generate_report")
