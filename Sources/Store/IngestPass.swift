import Foundation
import GRDB

/// One ingestion pass over one run directory: writes what a `RunSnapshot` read, inside the
/// caller's write transaction.
struct IngestPass {
    let db: Database
    let snapshot: RunSnapshot

    private static let terminalStates: Set<String> = ["completed", "failed", "interrupted", "pruned"]

    func run() throws -> IngestReport {
        // Another writer may have moved the cursor since the snapshot was read: read again.
        let current = try IngestCursor.fetch(db, runDirectory: snapshot.key)
        let snapshot = current == self.snapshot.basis
            ? self.snapshot : RunSnapshot(directory: self.snapshot.directory, key: self.snapshot.key, basis: current)
        if let failure = snapshot.failure { throw failure }

        var cursor: IngestCursor
        if let current {
            cursor = current
        } else {
            try db.cachedStatement(sql: "INSERT INTO runs (run_dir) VALUES (?)").execute(arguments: [snapshot.key])
            cursor = IngestCursor(runID: db.lastInsertedRowID)
        }
        var report = IngestReport(runDirectory: snapshot.key, runID: cursor.runID)
        if let config = snapshot.config {
            try write(config, runID: cursor.runID)
            report.configUpdated = true
        }
        cursor.configMtime = snapshot.stats.config?.mtime
        if let status = snapshot.status {
            try write(status, runID: cursor.runID)
            cursor.statusMtime = snapshot.stats.status?.mtime
            cursor.statusSize = snapshot.stats.status?.size
            report.statusUpdated = true
        }
        report.state = try String.fetchOne(
            db.cachedStatement(sql: "SELECT status FROM runs WHERE id = ?"), arguments: [cursor.runID])
        if let metrics = snapshot.metrics {
            if metrics.restarted {
                try dropRows(runID: cursor.runID, lines: 0..<LoggerFormat.lineRange(fileID: 1).lowerBound, file: Self.metricsFile)
                cursor.metricsOffset = 0
                cursor.metricsLines = 0
                report.restarted = true
            }
            let final = report.state.map(Self.terminalStates.contains) ?? false
            let consumed = try write(metrics.bytes, cursor: &cursor, report: &report, runIsFinal: final)
            cursor.metricsInode = metrics.stat.inode
            cursor.metricsMtime = metrics.stat.mtime
            cursor.metricsFingerprint = metrics.fingerprint(consumed: consumed)
        }
        for file in snapshot.loggerFiles {
            let existing = cursor.loggerFiles[file.path]
            var fileCursor = try existing ?? LoggerFileCursor.insert(db, runID: cursor.runID, path: file.path, format: file.format)
            try write(file, cursor: &fileCursor, runID: cursor.runID, runIsFinal: report.state.map(Self.terminalStates.contains) ?? false,
                      report: &report)
            cursor.loggerFiles[file.path] = fileCursor
        }
        try cursor.save(db)
        return report
    }

    /// Drops the metric rows of `lines` (one file's) and that file's skipped lines, and lists
    /// the run's metric names again from the rows left.
    private func dropRows(runID: Int64, lines: Range<Int64>, file: String) throws {
        try db.execute(sql: "DELETE FROM metrics WHERE run_id = ? AND line >= ? AND line < ?",
                       arguments: [runID, lines.lowerBound, lines.upperBound])
        try db.execute(sql: "DELETE FROM run_metrics WHERE run_id = ?", arguments: [runID])
        try db.execute(sql: "INSERT OR IGNORE INTO run_metrics (run_id, name) SELECT DISTINCT run_id, name FROM metrics WHERE run_id = ?",
                       arguments: [runID])
        try db.execute(sql: "DELETE FROM skipped_lines WHERE run_id = ? AND file = ?", arguments: [runID, file])
    }

    /// Inserts the complete records of a logger file read past its cursor, and advances the
    /// cursor past them. A torn last record waits for the writer while the run goes on (and is
    /// reported once it is over); skipped ones are recorded once.
    private func write(_ file: RunSnapshot.LoggerRead, cursor: inout LoggerFileCursor, runID: Int64, runIsFinal: Bool,
                       report: inout IngestReport) throws {
        let lines = LoggerFormat.lineRange(fileID: cursor.id)
        if file.read.restarted {
            try dropRows(runID: runID, lines: lines, file: file.path)
            cursor.offset = 0
            cursor.records = 0
            report.restarted = true
        }
        let read: LoggerPoints
        switch file.format {
        case .lightningCSV:
            read = LightningCSV.read(file.read.bytes, header: file.read.offset > 0 ? file.header : nil, recordsBefore: cursor.records)
        case .tensorBoard:
            read = TensorBoardEvents.read(file.read.bytes, start: file.read.offset, recordsBefore: cursor.records, runIsOver: runIsFinal)
        }
        if !read.points.isEmpty {
            // As for metrics.jsonl: a step logged again replaces the earlier value (the unique
            // step index), so a metric that two loggers both wrote is stored once per step.
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO metrics (run_id, name, line, step, epoch, value, time) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            let listName = try db.cachedStatement(sql: "INSERT OR IGNORE INTO run_metrics (run_id, name) VALUES (?, ?)")
            var names: Set<String> = []
            for point in read.points {
                try insert.execute(arguments: [runID, point.name, lines.lowerBound + Int64(point.record), point.step, point.epoch,
                                               point.value.isNaN ? nil : point.value, point.time])
                if names.insert(point.name).inserted { try listName.execute(arguments: [runID, point.name]) }
            }
            report.newMetricRows += read.points.count
        }
        try record(read.skipped.map { (line: Int($0.line), reason: $0.reason) }, file: file.path, runID: runID, report: &report)
        cursor.offset = file.read.offset + Int64(read.consumedBytes)
        cursor.records += read.consumedRecords
        cursor.stat = file.read.stat
        cursor.fingerprint = file.read.fingerprint(consumed: read.consumedBytes)
        try cursor.save(db)
    }

    private func write(_ config: RunSnapshot.ConfigSnapshot, runID: Int64) throws {
        try db.cachedStatement(
            sql: """
                UPDATE runs SET project = ?, exp_name = ?, tags = ?, overrides = ?, config = ?,
                    job_num = coalesce(job_num, ?) WHERE id = ?
                """).execute(
            arguments: [config.flat.project, config.expName, Self.jsonArray(config.tags),
                        Self.jsonArray(config.overrides), config.flat.json, config.jobNum, runID])
        try db.cachedStatement(sql: "DELETE FROM run_config WHERE run_id = ?").execute(arguments: [runID])
        let insertConfig = try db.cachedStatement(sql: "INSERT OR REPLACE INTO run_config (run_id, key, value) VALUES (?, ?, ?)")
        for entry in config.flat.entries {
            try insertConfig.execute(arguments: [runID, entry.key, entry.value])
        }
        try db.cachedStatement(sql: "DELETE FROM run_tags WHERE run_id = ?").execute(arguments: [runID])
        let insertTag = try db.cachedStatement(sql: "INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)")
        for tag in config.tags {
            try insertTag.execute(arguments: [runID, tag])
        }
    }

    private func write(_ status: RunStatus, runID: Int64) throws {
        try db.cachedStatement(
            sql: """
                UPDATE runs SET status = ?, job_num = coalesce(?, job_num), exit_code = ?, signal = ?, error = ?,
                    host = ?, pid = ?, launcher = ?, start_time = ?, end_time = ?, duration = ?, attempt = ?
                WHERE id = ?
                """).execute(
            arguments: [status.state, status.jobNum, status.exitCode, status.signal, status.error,
                        status.host, status.pid, status.launcher, status.startTime, status.endTime,
                        status.duration, status.attempt, runID])
    }

    static let metricsFile = "metrics.jsonl"

    /// Inserts the complete lines of `bytes` (read from the cursor's offset) and advances the
    /// cursor past them; returns the bytes consumed. A torn last line waits for the writer,
    /// unless the run is over and the line is a whole record. Skipped lines are recorded once.
    private func write(_ bytes: [UInt8], cursor: inout IngestCursor, report: inout IngestReport, runIsFinal: Bool) throws -> Int {
        var chunk = MetricsChunk(bytes: bytes, firstLine: cursor.metricsLines + 1)
        if runIsFinal, chunk.hasTail {
            let tail = String(decoding: bytes[chunk.consumedBytes...], as: UTF8.self)
            if try MetricsChunk.problem(db, tail) == nil { chunk.includeTail() }
        }
        guard !chunk.lines.isEmpty else { return 0 }
        let consumed = min(chunk.consumedBytes, bytes.count)
        let result = try chunk.insert(db, runID: cursor.runID)
        report.newMetricRows += result.rows
        report.newLines += chunk.lines.count
        try record(result.malformed, file: Self.metricsFile, runID: cursor.runID, report: &report)
        cursor.metricsOffset += Int64(consumed)
        cursor.metricsLines += chunk.lines.count
        return consumed
    }

    /// Records skipped lines of `file` (relative to the run directory) in `skipped_lines` and the
    /// run's count; a line already recorded is not reported again.
    private func record(_ skipped: [(line: Int, reason: String)], file: String, runID: Int64, report: inout IngestReport) throws {
        guard !skipped.isEmpty else { return }
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO skipped_lines (run_id, file, line, reason) VALUES (?, ?, ?, ?)")
        let path = snapshot.directory.appendingPathComponent(file).path
        for entry in skipped {
            try insert.execute(arguments: [runID, file, entry.line, entry.reason])
            if db.changesCount > 0 {
                report.malformedLines.append(MalformedLine(file: path, line: entry.line, reason: entry.reason))
            }
        }
        try db.cachedStatement(sql: "UPDATE runs SET skipped_lines = (SELECT count(*) FROM skipped_lines WHERE run_id = ?1) WHERE id = ?1")
            .execute(arguments: [runID])
    }

    private static func jsonArray(_ items: [String]) -> String {
        "[" + items.map(ConfigText.quote).joined(separator: ",") + "]"
    }
}
