import Foundation
import Report
import Testing

/// A generated report opened in headless Chromium: its DOM after the script ran, and what the
/// console said.
struct BrowserPage {
    let dom: String
    let console: [String]

    /// Opens `file` (with `fragment` as the address's #part) and dumps the DOM; `screenshot`, when
    /// given, also renders the page to that PNG.
    static func open(_ file: URL, fragment: String = "test", screenshot: URL? = nil, size: String = "1400,2400",
                     profile: URL? = nil) throws -> BrowserPage {
        let browser = try HeadlessChromium()
        let url = try #require(URL(string: file.absoluteString + "#" + fragment))
        let output = try browser.run(["--enable-logging=stderr", "--v=0", "--dump-dom", "--virtual-time-budget=3000",
                                      "--window-size=" + size], url: url, profile: profile)
        #expect(output.status == 0, "chromium: \(output.stderr.suffix(400))")
        if let screenshot {
            try browser.screenshot(of: url, to: screenshot, width: 1400, height: 2400)
        }
        if let folder = ProcessInfo.processInfo.environment["ABLATE_DOM_DIR"], !folder.isEmpty {
            try? Data((url.absoluteString + "\nstatus \(output.status)\n" + output.stderr + "\n" + output.stdout).utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent("dom-\(fragment).html"))
        }
        let console = output.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return BrowserPage(dom: output.stdout, console: console)
    }

    /// The `<body>` tag's attributes (`data-ready`, `data-errors`, `data-render-ms`).
    var bodyAttributes: [String: String] {
        guard let tag = dom.range(of: "<body[^>]*>", options: .regularExpression) else { return [:] }
        return Self.attributes(String(dom[tag]))
    }

    /// Every element `<name ...>` whose opening tag matches `containing`, as attribute maps.
    func elements(_ name: String, containing: String) -> [[String: String]] {
        var found: [[String: String]] = []
        var rest = dom[...]
        while let range = rest.range(of: "<\(name) [^>]*>", options: .regularExpression) {
            let tag = String(rest[range])
            if tag.contains(containing) { found.append(Self.attributes(tag)) }
            rest = rest[range.upperBound...]
        }
        return found
    }

    /// The rows of the table with `id`, as the text of their cells.
    func tableRows(id: String) -> [[String]] {
        guard let start = dom.range(of: "<table id=\"\(id)\""),
              let end = dom.range(of: "</table>", range: start.upperBound..<dom.endIndex) else { return [] }
        let table = String(dom[start.lowerBound..<end.upperBound])
        var rows: [[String]] = []
        for row in table.components(separatedBy: "<tr").dropFirst() {
            let cells = row.components(separatedBy: "<t").dropFirst().compactMap { cell -> String? in
                guard cell.hasPrefix("d") || cell.hasPrefix("h") else { return nil }
                let text = cell.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
                return Self.unescape(String(text.drop { $0 != ">" }.dropFirst()))
            }
            rows.append(cells)
        }
        return rows
    }

    static func attributes(_ tag: String) -> [String: String] {
        var out: [String: String] = [:]
        let pattern = try! NSRegularExpression(pattern: "([a-zA-Z-]+)=\"([^\"]*)\"")
        for match in pattern.matches(in: tag, range: NSRange(tag.startIndex..., in: tag)) {
            let key = String(tag[Range(match.range(at: 1), in: tag)!])
            out[key] = unescape(String(tag[Range(match.range(at: 2), in: tag)!]))
        }
        return out
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A curve's plotted points (`data-xy`, written in test mode).
    static func points(_ path: [String: String]) throws -> [[Double]] {
        try JSONDecoder().decode([[Double]].self, from: Data(try #require(path["data-xy"]).utf8))
    }
}
