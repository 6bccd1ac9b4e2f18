import Foundation

extension AblationTable {
    /// The one-line caption: what was compared, on which metric, over how many runs.
    public var caption: String {
        let compared = groupBy.isEmpty ? "all runs as one group" : groupBy.joined(separator: " × ")
        let reading: String
        if metricColumn.hasSuffix(":best") {
            reading = "best per run"
        } else if metricColumn.hasSuffix(":last") {
            reading = "last value per run"
        } else {
            reading = "per run"
        }
        var text = "Ablation of \(compared) on \(metric) (\(reading); mean ± std over seeds): "
        text += "\(runCount) run\(runCount == 1 ? "" : "s") in \(rows.count) group\(rows.count == 1 ? "" : "s"), "
        text += "\(minimized ? "lower" : "higher") is better, best in bold"
        if let baseline { text += ", compared with \(baseline)" }
        return text + "."
    }

    /// The caption, a blank line and a GitHub-flavoured markdown table.
    public func markdown() -> String {
        let cells = self.cells
        let alignments = cells.numeric.map { $0 ? "---:" : ":---" }
        var lines = [caption, "", Self.line(cells.header), Self.line(alignments)]
        for row in cells.rows {
            lines.append(Self.line(row.map { $0.bold ? "**\($0.text)**" : $0.text }))
        }
        if let leftOutNote { lines += ["", "Note: \(leftOutNote)."] }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func line(_ cells: [String]) -> String {
        "| " + cells.map(escape).joined(separator: " | ") + " |"
    }

    /// A cell's text with pipes escaped and line breaks as spaces, so it stays in its cell.
    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }
}
