import Foundation

/// A plot as PNG: its SVG rendered by headless Chromium at twice the pixel size (sharp in print
/// and on high-density screens).
public enum PlotPNG {
    public static func write(svg: String, width: Int, height: Int, to png: URL,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let browser = try HeadlessChromium(environment: environment)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-plot-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let page = "<!doctype html><html><head><meta charset=\"utf-8\"><style>html,body{margin:0;background:#fff}</style></head><body>"
            + svg + "</body></html>"
        try Data(page.utf8).write(to: scratch)
        let target = png.standardizedFileURL
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp.png")
        defer { try? FileManager.default.removeItem(at: temporary) }
        try browser.screenshot(of: scratch, to: temporary, width: width, height: height, scale: 2)
        // rename(2) replaces the old file in one step.
        guard rename(temporary.path, target.path) == 0 else { throw ReportError.unwritableOutput(path: png.path) }
    }
}
