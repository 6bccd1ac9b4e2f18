import Foundation

extension AblationTable {
    /// One cell's text as a table shows it, and whether it is the best value (bold).
    public struct TextCell: Sendable, Equatable {
        public var text: String
        public var bold: Bool
    }

    /// The table as text cells, computed once and rendered as markdown or HTML: the header,
    /// which columns hold numbers (right-aligned), and one row of cells per group.
    public struct Cells: Sendable, Equatable {
        public var header: [String]
        public var numeric: [Bool]
        public var rows: [[TextCell]]
    }

    public var cells: Cells {
        var header = groupBy.isEmpty ? ["group"] : groupBy
        header += [metric] + columns + ["n"]
        if baseline != nil { header += ["Δ \(metric)", "improvement"] }
        if showsFit { header.append("train vs val") }
        let keyColumns = max(groupBy.count, 1)
        let numeric = header.indices.map { $0 >= keyColumns && !(showsFit && $0 == header.count - 1) }

        let best = rows.first?.values[0]?.mean
        let rendered = rows.map { row -> [TextCell] in
            var cells = (groupBy.isEmpty ? ["all"] : row.keys).map { TextCell(text: $0, bold: false) }
            for (index, statistic) in row.values.enumerated() {
                let decimals = (index == 0 ? metric : columns[index - 1]) == "duration" ? 1 : precision
                let isBest = index == 0 && statistic?.mean != nil && statistic?.mean == best
                cells.append(TextCell(text: format(statistic, decimals: decimals), bold: isBest))
            }
            cells.append(TextCell(text: String(row.runs), bold: false))
            if baseline != nil {
                if row.isBaseline {
                    cells += [TextCell(text: "baseline", bold: false), TextCell(text: "—", bold: false)]
                } else {
                    cells.append(TextCell(text: row.delta.map { Self.signed($0, decimals: precision) } ?? "—", bold: false))
                    cells.append(TextCell(text: row.improvement.map { Self.signed($0, decimals: 2) + "%" } ?? "—", bold: false))
                }
            }
            if showsFit { cells.append(TextCell(text: fitText(row), bold: false)) }
            return cells
        }
        return Cells(header: header, numeric: numeric, rows: rendered)
    }

    /// "overfitting +12.3 pts; best @ep 37, last -0.0180: raise weight decay, ..." ("—" without a gap).
    private func fitText(_ row: Row) -> String {
        guard let fit = row.fit else { return "—" }
        var text = "\(fit.verdict.rawValue) \(fit.gapText)"
        var where_: [String] = []
        if let epoch = row.bestEpoch { where_.append("best @ep \(Self.number(epoch, decimals: epoch == epoch.rounded() ? 0 : 1))") }
        if let drop = row.lastMinusBest { where_.append("last \(Self.signed(drop, decimals: precision))") }
        if !where_.isEmpty { text += "; " + where_.joined(separator: ", ") }
        return fit.verdict == .fine ? text : text + ": " + fit.verdict.advice
    }

    private func format(_ statistic: Statistic?, decimals: Int) -> String {
        guard let statistic else { return "—" }
        let mean = Self.number(statistic.mean, decimals: decimals)
        guard let std = statistic.std else { return mean }
        return mean + " ± " + Self.number(std, decimals: decimals)
    }

    /// A value with fixed decimals; a non-finite one as `NaN`, `inf` or `-inf`.
    static func number(_ value: Double, decimals: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(format: "%.\(decimals)f", value)
    }

    private static func signed(_ value: Double, decimals: Int) -> String {
        if !value.isFinite { return number(value, decimals: decimals) }
        return (value >= 0 ? "+" : "-") + String(format: "%.\(decimals)f", abs(value))
    }
}
