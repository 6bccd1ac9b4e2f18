import GRDB

/// Complete `metrics.jsonl` lines read in one ingestion pass, parsed, validated and inserted
/// by SQLite's JSON functions (its C parser; no per-row Swift work). Each line
/// `{"step":1200,"epoch":3,"time":1763712000.1,"metrics":{"val/hmean":0.83,...}}` becomes one
/// `metrics` row per numeric metric. `step`, `epoch` and `time` may be absent or null (an
/// integral float such as `3.0` counts as an integer); a metric whose value is not a number is
/// left out; a line that is not such an object is reported and skipped.
struct MetricsChunk {
    /// The file's bytes from the cursor on.
    var bytes: [UInt8]
    /// The complete lines, as ranges of `bytes` without their newline.
    var lines: [Range<Int>]
    /// The 1-based line number of `lines[0]` in the file.
    var firstLine: Int

    /// Splits `bytes` at newlines; a last line with no newline is left out (torn).
    init(bytes: [UInt8], firstLine: Int) {
        self.bytes = bytes
        self.firstLine = firstLine
        lines = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            lines.append(start..<index)
            start = index + 1
        }
    }

    /// Bytes the complete lines take, newlines included.
    var consumedBytes: Int { lines.last.map { $0.upperBound + 1 } ?? 0 }

    /// Adds the unterminated tail as a last line (a finished run's last record).
    mutating func includeTail() {
        let start = consumedBytes
        if start < bytes.count { lines.append(start..<bytes.count) }
    }

    /// Whether `bytes` past the complete lines hold something other than whitespace.
    var hasTail: Bool { !isBlank(consumedBytes..<bytes.count) }

    private func isBlank(_ range: Range<Int>) -> Bool {
        bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The lines as one JSON array, blank and `skipped` lines as null so indices stay line offsets.
    private func array(skipping skipped: Set<Int> = []) -> String {
        var out: [UInt8] = [0x5B]
        out.reserveCapacity(bytes.count + lines.count * 2 + 2)
        for (index, range) in lines.enumerated() {
            if index > 0 { out.append(0x2C) }
            if skipped.contains(index) || isBlank(range) {
                out += [0x6E, 0x75, 0x6C, 0x6C]
            } else {
                out += bytes[range]
            }
        }
        out.append(0x5D)
        return String(decoding: out, as: UTF8.self)
    }

    /// Inserts the valid lines' metrics for `runID`; returns the rows inserted and the bad
    /// lines as (line number, reason), in line order.
    func insert(_ db: Database, runID: Int64) throws -> (rows: Int, malformed: [(line: Int, reason: String)]) {
        var malformed: [(line: Int, reason: String)] = []
        var json = array()
        // A syntax error anywhere fails the whole array: find the bad lines one by one.
        if try !(Bool.fetchOne(db, sql: "SELECT json_valid(?)", arguments: [json]) ?? false) {
            let valid = try db.cachedStatement(sql: "SELECT json_valid(?)")
            var skipped = Set<Int>()
            for (index, range) in lines.enumerated() where !isBlank(range) {
                if try !(Bool.fetchOne(valid, arguments: [text(range)]) ?? false) {
                    malformed.append((firstLine + index, "not valid JSON"))
                    skipped.insert(index)
                }
            }
            json = array(skipping: skipped)
        }
        try db.cachedStatement(sql: Self.fillPending).execute(arguments: [json])
        for row in try Row.fetchAll(db.cachedStatement(sql: Self.problems)) {
            malformed.append((firstLine + (row[0] as Int), row[1]))
        }
        try db.cachedStatement(sql: Self.insertRows).execute(arguments: [runID, firstLine])
        let rows = db.changesCount
        try db.cachedStatement(sql: "DELETE FROM temp.ablate_pending_lines").execute()
        return (rows, malformed.sorted { $0.line < $1.line })
    }

    /// Whether one line is a whole metrics record.
    static func isRecord(_ db: Database, _ line: String) throws -> Bool {
        guard try Bool.fetchOne(db, sql: "SELECT json_valid(?)", arguments: [line]) ?? false else { return false }
        defer { try? db.execute(sql: "DELETE FROM temp.ablate_pending_lines") }
        try db.cachedStatement(sql: fillPending).execute(arguments: ["[" + line + "]"])
        return try Row.fetchAll(db.cachedStatement(sql: problems)).isEmpty
    }

    // Each line is parsed once into a temp table (SQLite caches a parse across the json_*
    // calls of one row), checked there, and its metrics object expanded from there.
    /// Creates the scratch table on the writer connection (once, when the store opens).
    static let createPending = """
        CREATE TEMP TABLE IF NOT EXISTS ablate_pending_lines (
            offset INTEGER, line_type TEXT, step, step_type TEXT, epoch, epoch_type TEXT,
            time, time_type TEXT, metrics, metrics_type TEXT)
        """

    private static let fillPending = """
        INSERT INTO temp.ablate_pending_lines
        SELECT key, type, json_extract(value, '$.step'), json_type(value, '$.step'),
               json_extract(value, '$.epoch'), json_type(value, '$.epoch'),
               json_extract(value, '$.time'), json_type(value, '$.time'),
               json_extract(value, '$.metrics'), json_type(value, '$.metrics')
        FROM json_each(?) WHERE type <> 'null'
        """

    private static func integral(_ field: String) -> String {
        "(\(field)_type IS NULL OR \(field)_type IN ('integer', 'null') OR (\(field)_type = 'real' AND \(field) = CAST(\(field) AS INTEGER)))"
    }

    private static let reason = """
        CASE
            WHEN line_type <> 'object' THEN 'not a JSON object'
            WHEN metrics_type IS NOT 'object' THEN 'no ''metrics'' object'
            WHEN NOT \(integral("step")) THEN '''step'' is not an integer'
            WHEN NOT \(integral("epoch")) THEN '''epoch'' is not an integer'
            WHEN time_type NOT IN ('integer', 'real', 'null') THEN '''time'' is not a number'
        END
        """

    private static let problems = """
        SELECT offset, reason FROM (SELECT offset, \(reason) AS reason FROM temp.ablate_pending_lines)
        WHERE reason IS NOT NULL ORDER BY offset
        """

    /// A metric repeated within one line keeps its last value (OR REPLACE).
    private static let insertRows = """
        INSERT OR REPLACE INTO metrics (run_id, name, line, step, epoch, value, time)
        SELECT ?1, m.key, ?2 + p.offset, CAST(p.step AS INTEGER), CAST(p.epoch AS INTEGER), m.value, p.time
        FROM temp.ablate_pending_lines p, json_each(p.metrics) m
        WHERE (\(reason)) IS NULL AND m.type IN ('integer', 'real')
        """
}
