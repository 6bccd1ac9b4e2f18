import GRDB

/// How far a run directory has been ingested (the `ingest_cursor` row joined to its run).
struct IngestCursor: Sendable, Equatable {
    var runID: Int64
    var metricsOffset: Int64 = 0
    var metricsLines = 0
    var statusMtime: Double?
    var statusSize: Int64?
    var configMtime: Double?
    /// The metrics file the offset belongs to: its inode, modification time and a fingerprint
    /// of the bytes before the offset (see `MetricsFingerprint`).
    var metricsInode: Int64?
    var metricsMtime: Double?
    var metricsFingerprint: Int64?
    /// Logger files (Lightning CSV, TensorBoard events) read so far, by path relative to the run directory.
    var loggerFiles: [String: LoggerFileCursor] = [:]

    private static let selection = """
        SELECT r.run_dir, r.id, c.metrics_offset, c.metrics_lines, c.status_mtime, c.status_size, c.config_mtime,
               c.metrics_inode, c.metrics_mtime, c.metrics_fingerprint
        FROM runs r LEFT JOIN ingest_cursor c ON c.run_id = r.id
        """

    private init(row: Row) {
        runID = row[1]
        metricsOffset = row[2] ?? 0
        metricsLines = row[3] ?? 0
        statusMtime = row[4]
        statusSize = row[5]
        configMtime = row[6]
        metricsInode = row[7]
        metricsMtime = row[8]
        metricsFingerprint = row[9]
    }

    init(runID: Int64) {
        self.runID = runID
    }

    static func fetch(_ db: Database, runDirectory: String) throws -> IngestCursor? {
        guard var cursor = try Row.fetchOne(db.cachedStatement(sql: selection + " WHERE r.run_dir = ?"), arguments: [runDirectory])
            .map(IngestCursor.init(row:)) else { return nil }
        let files = try Row.fetchAll(db.cachedStatement(sql: LoggerFileCursor.selection + " WHERE f.run_id = ?"), arguments: [cursor.runID])
        for row in files {
            let file = LoggerFileCursor(row: row)
            cursor.loggerFiles[file.path] = file
        }
        return cursor
    }

    /// Every run's cursor, by stored run directory.
    static func fetchAll(_ db: Database) throws -> [String: IngestCursor] {
        var cursors: [String: IngestCursor] = [:]
        let rows = try Row.fetchCursor(db, sql: selection)
        while let row = try rows.next() {
            cursors[row[0]] = IngestCursor(row: row)
        }
        let files = try Row.fetchCursor(db, sql: LoggerFileCursor.selection)
        while let row = try files.next() {
            let file = LoggerFileCursor(row: row)
            cursors[row[0]]?.loggerFiles[file.path] = file
        }
        return cursors
    }

    func save(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO ingest_cursor (run_id, metrics_offset, metrics_lines, status_mtime, status_size, config_mtime,
                                           metrics_inode, metrics_mtime, metrics_fingerprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(run_id) DO UPDATE SET metrics_offset = excluded.metrics_offset,
                    metrics_lines = excluded.metrics_lines, status_mtime = excluded.status_mtime,
                    status_size = excluded.status_size, config_mtime = excluded.config_mtime,
                    metrics_inode = excluded.metrics_inode, metrics_mtime = excluded.metrics_mtime,
                    metrics_fingerprint = excluded.metrics_fingerprint
                """).execute(
            arguments: [runID, metricsOffset, metricsLines, statusMtime, statusSize, configMtime,
                        metricsInode, metricsMtime, metricsFingerprint])
    }

    /// Whether the metrics file is the one this cursor saw last, at the same size and time.
    func isMetricsUnchanged(_ stat: FileStat) -> Bool {
        stat.size == metricsOffset && stat.inode == metricsInode && stat.mtime == metricsMtime
    }

    /// Whether nothing changed in the run directory since this cursor was saved. A metrics
    /// file of the same size counts as changed when its inode or modification time moved
    /// (rewritten in place to the same length, or replaced).
    func isUpToDate(with stats: RunFileStats) -> Bool {
        let metricsSame = stats.metrics.map(isMetricsUnchanged) ?? true
        let loggersSame = stats.loggerFiles.allSatisfy { loggerFiles[$0.key]?.isUnchanged($0.value) ?? false }
        return metricsSame && loggersSame
            && stats.status?.mtime == statusMtime && stats.status?.size == statusSize
            && stats.config?.mtime == configMtime
    }
}
