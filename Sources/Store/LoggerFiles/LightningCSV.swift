import CSV

/// Lightning's CSVLogger `metrics.csv`: a header naming every metric logged so far plus `step`
/// (and `epoch` when logged), then a row per `log_metrics` call holding only the columns that
/// call logged. Lightning rewrites the whole file at each save, with a longer header once a new
/// metric appears; the cursor's fingerprint notices that and the file is read again.
enum LightningCSV {
    /// Reads the complete rows of `bytes`, the file's content from a row boundary on.
    /// - Parameters:
    ///   - header: the file's header line when `bytes` start after it; nil when `bytes` start
    ///     at the file's beginning (the header is then their first line).
    ///   - recordsBefore: data rows consumed before `bytes`.
    static func read(_ bytes: [UInt8], header: String?, recordsBefore: Int) -> LoggerPoints {
        var result = LoggerPoints()
        guard let lastNewline = bytes.lastIndex(of: 0x0A) else { return result }  // torn row: wait
        // Split on bytes: in a String, CRLF is one Character that "\n" does not match.
        var rowsStart = 0
        var headerText = header
        if headerText == nil {
            headerText = headerLine(bytes)
            rowsStart = bytes.firstIndex(of: 0x0A)! + 1
        }
        let text = String(decoding: bytes[rowsStart...lastNewline], as: UTF8.self)
        result.consumedBytes = lastNewline + 1
        guard let headerText, !text.isEmpty else { return result }
        do {
            let reader = try CSVReader(string: headerText + "\n" + text, hasHeaderRow: true)
            let columns = reader.headerRow ?? []
            var record = recordsBefore
            while let row = reader.next() {
                record += 1
                read(row, columns: columns, record: record, into: &result)
            }
            if let error = reader.error {
                result.skipped.append((Int64(record + 2), "not valid CSV (\(error)); the rest of the file is skipped"))
            }
            result.consumedRecords = record - recordsBefore
        } catch {
            result.skipped.append((Int64(recordsBefore + 2), "not valid CSV (\(error)); rows skipped"))
        }
        return result
    }

    /// The header line of a file whose first bytes are `bytes`, when complete.
    static func headerLine(_ bytes: [UInt8]) -> String? {
        guard let end = bytes.firstIndex(of: 0x0A) else { return nil }
        return String(decoding: bytes[..<end], as: UTF8.self).trimmingTrailingReturn
    }

    private static func read(_ row: [String], columns: [String], record: Int, into result: inout LoggerPoints) {
        var step: Int64?
        var epoch: Int64?
        var values: [(String, Double)] = []
        var problems: [String] = []
        for (column, cell) in zip(columns, row) where !cell.isEmpty {
            switch column {
            case "step", "epoch":
                guard let number = Double(cell), number == number.rounded(), abs(number) < 9e18 else {
                    problems.append("'\(column)' is '\(cell)', not an integer")
                    continue
                }
                if column == "step" { step = Int64(number) } else { epoch = Int64(number) }
            default:
                // Python writes float('nan') and float('inf') as nan and inf, which Double reads.
                guard let value = Double(cell) else {
                    problems.append("'\(column)' is '\(cell)', not a number")
                    continue
                }
                values.append((column, value))
            }
        }
        if !problems.isEmpty {
            // The header is line 1 and Lightning writes one line per row.
            result.skipped.append((Int64(record + 1), problems.joined(separator: ", ") + "; left out"))
        }
        for (name, value) in values {
            result.points.append(.init(record: record, name: name, step: step, epoch: epoch, value: value, time: nil))
        }
    }
}

extension String {
    /// Without the carriage return of a CRLF line end (Python's csv module writes CRLF).
    fileprivate var trimmingTrailingReturn: String {
        hasSuffix("\r") ? String(dropLast()) : self
    }
}
