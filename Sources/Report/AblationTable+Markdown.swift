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
        var header = groupBy.isEmpty ? ["group"] : groupBy
        header += [metric] + columns + ["n"]
        if baseline != nil { header += ["Δ \(metric)", "improvement"] }
        let keyColumns = max(groupBy.count, 1)
        var alignments = Array(repeating: ":---", count: keyColumns)
        alignments += Array(repeating: "---:", count: header.count - keyColumns)

        let best = rows.first?.values[0]?.mean
        var lines = [caption, "", Self.line(header), Self.line(alignments)]
        for row in rows {
            var cells = groupBy.isEmpty ? ["all"] : row.keys
            for (index, statistic) in row.values.enumerated() {
                let decimals = (index == 0 ? metric : columns[index - 1]) == "duration" ? 1 : precision
                var text = format(statistic, decimals: decimals)
                if index == 0, let mean = statistic?.mean, mean == best { text = "**\(text)**" }
                cells.append(text)
            }
            cells.append(String(row.runs))
            if baseline != nil {
                if row.isBaseline {
                    cells += ["baseline", "—"]
                } else {
                    cells.append(row.delta.map { Self.signed($0, decimals: precision) } ?? "—")
                    cells.append(row.improvement.map { Self.signed($0, decimals: 2) + "%" } ?? "—")
                }
            }
            lines.append(Self.line(cells))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func format(_ statistic: Statistic?, decimals: Int) -> String {
        guard let statistic else { return "—" }
        let mean = String(format: "%.\(decimals)f", statistic.mean)
        guard let std = statistic.std else { return mean }
        return mean + " ± " + String(format: "%.\(decimals)f", std)
    }

    private static func signed(_ value: Double, decimals: Int) -> String {
        (value >= 0 ? "+" : "-") + String(format: "%.\(decimals)f", abs(value))
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
