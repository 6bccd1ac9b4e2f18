/// CSV as RFC 4180 defines it: comma-separated fields, a field holding a comma, a double
/// quote, CR or LF is enclosed in double quotes with its quotes doubled. Rows end in LF;
/// the reader also accepts CRLF.
public enum CSV {
    /// The whole table, header first.
    public static func write(_ table: ResultsTable) -> String {
        var out = line(table.columns)
        for row in table.rows {
            out += line(row.map(\.text))
        }
        return out
    }

    static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\n"
    }

    /// A field, quoted when it must be.
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Parses CSV text into a table; every field becomes text (empty fields `.empty`).
    /// `file` names the input in errors.
    public static func read(_ text: String, file: String) throws -> ResultsTable {
        var records: [(fields: [String], line: Int)] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return iterator.next()
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; afterQuote = true; pending = following }
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                record.append(field)
                field = ""
                afterQuote = false
            case "\r":
                continue
            case "\n":
                record.append(field)
                records.append((record, recordLine))
                record = []
                field = ""
                afterQuote = false
                line += 1
                recordLine = line
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
            default:
                if afterQuote {
                    throw ReportError.malformedCSV(path: file, line: line, reason: "text after a closing quote; a quote inside a quoted field is written \"\"")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted {
            throw ReportError.malformedCSV(path: file, line: recordLine, reason: "a quoted field is never closed")
        }
        if !field.isEmpty || !record.isEmpty || afterQuote {
            record.append(field)
            records.append((record, recordLine))
        }
        guard let header = records.first?.fields else { throw ReportError.emptyInput(path: file) }
        var rows: [[ResultsTable.Cell]] = []
        for (fields, line) in records.dropFirst() {
            if fields == [""] { continue }
            guard fields.count == header.count else {
                throw ReportError.malformedCSV(
                    path: file, line: line,
                    reason: "\(fields.count) fields where the header has \(header.count)")
            }
            rows.append(fields.map { $0.isEmpty ? .empty : .text($0) })
        }
        return ResultsTable(columns: header, rows: rows)
    }
}
