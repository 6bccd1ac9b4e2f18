extension AblationTable {
    /// The caption and an HTML table of the same cells the markdown shows (best in `<strong>`).
    public func html() -> String {
        let cells = self.cells
        var out = "<table class=\"ablation\"><caption>\(HTML.escape(caption))</caption><thead><tr>"
        for (index, name) in cells.header.enumerated() {
            out += "<th\(cells.numeric[index] ? " class=\"num\"" : "")>\(HTML.escape(name))</th>"
        }
        out += "</tr></thead><tbody>"
        for row in cells.rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                let text = cell.bold ? "<strong>\(HTML.escape(cell.text))</strong>" : HTML.escape(cell.text)
                out += "<td\(cells.numeric[index] ? " class=\"num\"" : "")>\(text)</td>"
            }
            out += "</tr>"
        }
        out += "</tbody></table>"
        if let leftOutNote { out += "<p class=\"note\">Note: \(HTML.escape(leftOutNote)).</p>" }
        return out
    }
}

/// Escaping for text placed in HTML and SVG.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
