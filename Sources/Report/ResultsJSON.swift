import Store

/// The results table as a JSON array of objects, one per run, keys in column order;
/// empty cells are null.
public enum ResultsJSON {
    public static func write(_ table: ResultsTable) -> String {
        if table.rows.isEmpty { return "[]\n" }
        let objects = table.rows.map { row in
            "  {" + zip(table.columns, row).map { ConfigText.quote($0) + ": " + value($1) }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    private static func value(_ cell: ResultsTable.Cell) -> String {
        switch cell {
        case .empty: return "null"
        case let .int(value): return String(value)
        case let .number(value): return value.isFinite ? "\(value)" : "null"
        case let .text(value): return ConfigText.quote(value)
        case let .config(value): return ConfigText.jsonLiteral(value)
        }
    }
}
