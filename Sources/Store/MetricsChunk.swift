import GRDB

/// Complete `metrics.jsonl` lines read in one ingestion pass, parsed, validated and inserted
/// by SQLite's JSON functions: its C parser, one prepared statement execution per line, no
/// per-row Swift work (Foundation's JSON readers were measured ten times slower per line).
/// Each line `{"step":1200,"epoch":3,"time":1763712000.1,"metrics":{"val/hmean":0.83,...}}`
/// becomes one `metrics` row per numeric metric. `step`, `epoch` and `time` may be absent or
/// null (an integral float such as `3.0` counts as an integer); Python's NaN and Infinity are
/// numbers; a metric whose value is not a number is left out and reported; a line that is not
/// such an object is reported and skipped.
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

    /// Inserts the valid lines' metrics for `runID`; returns the rows inserted and the lines
    /// skipped in whole or in part as (line number, reason), in line order. A metric whose
    /// value is not a number (a string, an object, null) is left out and its line reported;
    /// the line's numeric metrics still count. NaN and the infinities are numbers.
    func insert(_ db: Database, runID: Int64) throws -> (rows: Int, malformed: [(line: Int, reason: String)]) {
        var rows = 0
        var malformed: [(line: Int, reason: String)] = []
        let insert = try db.cachedStatement(sql: Self.insertLine)
        for (index, range) in lines.enumerated() where !isBlank(range) {
            let line = NonFiniteNumbers.rewrite(bytes[range]) ?? text(range)
            let number = firstLine + index
            do {
                try insert.execute(arguments: [runID, number, line])
            } catch let error as DatabaseError
                where error.resultCode == .SQLITE_ERROR && (error.message ?? "").contains("JSON") {
                // SQLite's "malformed JSON". The statement keeps that error until its next
                // reset, which reports it once more: absorb it here, then go on.
                _ = try? insert.setArguments([runID, number, "{}"])
                malformed.append((number, "not valid JSON; line skipped"))
                continue
            }
            let inserted = db.changesCount
            rows += inserted
            // No row: a record with no numeric metric, or a line that is not a record.
            if inserted == 0, let reason = try Self.problem(db, line) {
                malformed.append((number, reason + "; line skipped"))
            } else if NonFiniteNumbers.mayHoldNonNumbers(bytes[range]), let reason = try Self.nonNumbers(db, line) {
                malformed.append((number, reason))
            }
        }
        if rows > 0 {
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO run_metrics (run_id, name)
                SELECT DISTINCT ?1, name FROM metrics WHERE run_id = ?1 AND line >= ?2
                """).execute(arguments: [runID, firstLine])
        }
        return (rows, malformed)
    }

    /// The metrics of a record line whose values are not numbers, as a reason; nil when all are.
    static func nonNumbers(_ db: Database, _ line: String) throws -> String? {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT key, type FROM json_each(?1, '$.metrics')
            WHERE type NOT IN ('integer', 'real') AND NOT \(marker("type", "value"))
            """), arguments: [line])
        guard !rows.isEmpty else { return nil }
        let names = rows.map { row -> String in
            let type: String = row[1]
            let kind = ["text": "a string", "object": "an object", "array": "an array", "null": "null",
                        "true": "a boolean", "false": "a boolean"][type] ?? type
            return "'\(row[0] as String)' is \(kind)"
        }
        return "metric \(names.joined(separator: ", ")), not a number; left out (the line's numeric metrics are kept)"
    }

    /// Why a line is not a metrics record, or nil when it is one.
    static func problem(_ db: Database, _ line: String) throws -> String? {
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT json_valid(?)"), arguments: [line]) == true else {
            return "not valid JSON"
        }
        return try String.fetchOne(db.cachedStatement(sql: diagnosis), arguments: [line])
    }

    /// An integer field: absent, null, an integer or an integral float (`3.0`). The common
    /// case costs one json_type call (SQLite's OR stops at the first true operand).
    private static func integral(_ path: String, _ json: String) -> String {
        """
        (coalesce(json_type(\(json), '\(path)'), 'null') IN ('integer', 'null')
            OR (json_type(\(json), '\(path)') = 'real'
                AND json_extract(\(json), '\(path)') = CAST(json_extract(\(json), '\(path)') AS INTEGER)))
        """
    }

    /// Whether the JSON value `json` is a metrics record, in as few JSON calls as it takes
    /// (a `metrics` object implies an object line): the same test as `reason` being NULL.
    private static func isRecord(_ json: String) -> String {
        """
        json_type(\(json), '$.metrics') = 'object' AND \(integral("$.step", json)) AND \(integral("$.epoch", json))
            AND coalesce(json_type(\(json), '$.time'), 'null') IN ('integer', 'real', 'null')
        """
    }

    /// Why the JSON value `json` is not a metrics record; NULL when it is one.
    private static func reason(_ json: String) -> String {
        """
        CASE
            WHEN json_type(\(json)) <> 'object' THEN 'not a JSON object'
            WHEN json_type(\(json), '$.metrics') IS NOT 'object' THEN 'no ''metrics'' object'
            WHEN NOT \(integral("$.step", json)) THEN '''step'' is not an integer'
            WHEN NOT \(integral("$.epoch", json)) THEN '''epoch'' is not an integer'
            WHEN json_type(\(json), '$.time') NOT IN ('integer', 'real', 'null') THEN '''time'' is not a number'
        END
        """
    }

    /// Why valid JSON `?1` is not a record (NULL when it is one).
    private static let diagnosis = "SELECT \(reason("?1"))"

    /// Whether a json_each row is one of `NonFiniteNumbers`' markers.
    private static func marker(_ type: String, _ value: String) -> String {
        "(\(type) = 'text' AND \(value) IN ('\(NonFiniteNumbers.nanMarker)', '\(NonFiniteNumbers.infinityMarker)', '\(NonFiniteNumbers.negativeInfinityMarker)'))"
    }

    /// Line `?3` of run `?1`, numbered `?2`: a row per numeric metric, none when the line is
    /// not a record. SQLite parses `?3` once and reuses the parse across the calls. A metric
    /// repeated within one line keeps its last value, and a step logged again (a resumed
    /// attempt) replaces the earlier value (OR REPLACE over the unique step index). NaN is
    /// stored as NULL; 9e999 is SQLite's infinity.
    private static let insertLine = """
        INSERT OR REPLACE INTO metrics (run_id, name, line, step, epoch, value, time)
        SELECT ?1, key, ?2, CAST(json_extract(?3, '$.step') AS INTEGER), CAST(json_extract(?3, '$.epoch') AS INTEGER),
               CASE WHEN type IN ('integer', 'real') THEN value
                    WHEN value = '\(NonFiniteNumbers.infinityMarker)' THEN 9e999
                    WHEN value = '\(NonFiniteNumbers.negativeInfinityMarker)' THEN -9e999
                    ELSE NULL END,
               json_extract(?3, '$.time')
        FROM json_each(?3, '$.metrics')
        WHERE (type IN ('integer', 'real') OR \(marker("type", "value"))) AND \(isRecord("?3"))
        """
}
