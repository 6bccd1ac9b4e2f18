import Foundation
import GRDB
import Yams

/// One ingestion pass over one run directory, inside the caller's write transaction.
struct IngestPass {
    let db: Database
    let directory: URL
    let key: String
    let cursor: IngestCursor?

    private static let terminalStates: Set<String> = ["completed", "failed", "interrupted"]

    static func stats(of directory: URL) -> RunFileStats {
        RunFileStats(
            config: FileStat.of(directory.appendingPathComponent(".hydra/config.yaml").path),
            status: FileStat.of(directory.appendingPathComponent("status.json").path),
            metrics: FileStat.of(directory.appendingPathComponent("metrics.jsonl").path))
    }

    func run() throws -> IngestReport {
        let stats = Self.stats(of: directory)
        var cursor: IngestCursor
        if let existing = self.cursor {
            cursor = existing
        } else {
            try db.execute(sql: "INSERT INTO runs (run_dir) VALUES (?)", arguments: [key])
            cursor = IngestCursor(runID: db.lastInsertedRowID)
        }
        var report = IngestReport(runDirectory: key, runID: cursor.runID)

        if self.cursor == nil || stats.config?.mtime != cursor.configMtime {
            try ingestConfig(runID: cursor.runID)
            cursor.configMtime = stats.config?.mtime
            report.configUpdated = true
        }
        if let status = stats.status, status.mtime != cursor.statusMtime || status.size != cursor.statusSize {
            try ingestStatus(runID: cursor.runID)
            cursor.statusMtime = status.mtime
            cursor.statusSize = status.size
            report.statusUpdated = true
        }
        report.state = try String.fetchOne(db, sql: "SELECT status FROM runs WHERE id = ?", arguments: [cursor.runID])

        if let metrics = stats.metrics {
            if metrics.size < cursor.metricsOffset {
                try db.execute(sql: "DELETE FROM metrics WHERE run_id = ?", arguments: [cursor.runID])
                cursor.metricsOffset = 0
                cursor.metricsLines = 0
                report.restarted = true
            }
            if metrics.size > cursor.metricsOffset {
                let final = report.state.map(Self.terminalStates.contains) ?? false
                try ingestMetrics(cursor: &cursor, report: &report, runIsFinal: final)
            }
        }
        try cursor.save(db)
        return report
    }

    // MARK: - config

    private func ingestConfig(runID: Int64) throws {
        let hydra = directory.appendingPathComponent(".hydra")
        let configURL = hydra.appendingPathComponent("config.yaml")
        var config = FlatConfig()
        if let text = try? String(contentsOf: configURL, encoding: .utf8) {
            config = try FlatConfig(yaml: text, file: configURL.path)
        }
        let overrides = readOverrides(hydra.appendingPathComponent("overrides.yaml"))
        let expName = config.expName ?? fallbackExpName()
        var tags = config.tags
        if let expName, !tags.contains(expName) { tags.append(expName) }

        try db.execute(
            sql: """
                UPDATE runs SET project = ?, exp_name = ?, tags = ?, overrides = ?, config = ?,
                    job_num = coalesce(job_num, ?) WHERE id = ?
                """,
            arguments: [config.project, expName, Self.jsonArray(tags), Self.jsonArray(overrides), config.json,
                        jobNumFromLayout(), runID])
        try db.execute(sql: "DELETE FROM run_config WHERE run_id = ?", arguments: [runID])
        let insertConfig = try db.cachedStatement(sql: "INSERT OR REPLACE INTO run_config (run_id, key, value) VALUES (?, ?, ?)")
        for entry in config.entries {
            try insertConfig.execute(arguments: [runID, entry.key, entry.value])
        }
        try db.execute(sql: "DELETE FROM run_tags WHERE run_id = ?", arguments: [runID])
        let insertTag = try db.cachedStatement(sql: "INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)")
        for tag in tags {
            try insertTag.execute(arguments: [runID, tag])
        }
    }

    private func readOverrides(_ url: URL) -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              let node = try? Yams.compose(yaml: text), case let .sequence(list) = node else { return [] }
        return list.compactMap(\.string)
    }

    /// A sweep's run dir is `<exp_name>/<N>_<override_dirname>`; without `exp_name` in the
    /// config, the parent folder's name is the experiment.
    private func fallbackExpName() -> String? {
        let parent = directory.standardizedFileURL.deletingLastPathComponent().lastPathComponent
        return parent.isEmpty || parent == "/" ? nil : parent
    }

    /// The job number: the `N_` prefix of the run dir's name, else `hydra.job.num`.
    private func jobNumFromLayout() -> Int? {
        let name = directory.standardizedFileURL.lastPathComponent
        if let prefix = name.split(separator: "_", maxSplits: 1).first, let number = Int(prefix) { return number }
        if Int(name) != nil { return Int(name) }
        let url = directory.appendingPathComponent(".hydra/hydra.yaml")
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              let node = try? Yams.compose(yaml: text) else { return nil }
        return node["hydra"]?["job"]?["num"]?.int
    }

    // MARK: - status

    private func ingestStatus(runID: Int64) throws {
        let status = try RunStatus.read(directory.appendingPathComponent("status.json"))
        try db.execute(
            sql: """
                UPDATE runs SET status = ?, job_num = coalesce(?, job_num), exit_code = ?, signal = ?, error = ?,
                    host = ?, pid = ?, launcher = ?, start_time = ?, end_time = ?, duration = ?, attempt = ?
                WHERE id = ?
                """,
            arguments: [status.state, status.jobNum, status.exitCode, status.signal, status.error,
                        status.host, status.pid, status.launcher, status.startTime, status.endTime,
                        status.duration, status.attempt, runID])
    }

    // MARK: - metrics

    private func ingestMetrics(cursor: inout IngestCursor, report: inout IngestReport, runIsFinal: Bool) throws {
        let url = directory.appendingPathComponent("metrics.jsonl")
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(cursor.metricsOffset))
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw StoreError.unreadableRunFile(path: url.path, reason: "cannot be read")
        }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO metrics (run_id, name, step, epoch, value, time) VALUES (?, ?, ?, ?, ?, ?)")
        let decoder = JSONDecoder()
        let runID = cursor.runID
        var consumed = 0
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                let newline = bytes[start...].firstIndex(of: 0x0A)
                // A torn last line waits for the writer, unless the run is over and it parses.
                let end = newline ?? bytes.count
                let line = Data(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
                let isBlank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
                if newline == nil {
                    guard runIsFinal, !isBlank, let record = try? decoder.decode(MetricsLine.self, from: line) else { break }
                    try insertRows(record, runID: runID, statement: insert, report: &report)
                } else if !isBlank {
                    do {
                        let record = try decoder.decode(MetricsLine.self, from: line)
                        try insertRows(record, runID: runID, statement: insert, report: &report)
                    } catch let error as DecodingError {
                        report.malformedLines.append(MalformedLine(
                            file: url.path, line: cursor.metricsLines + report.newLines + 1, reason: Self.describe(error)))
                    }
                }
                report.newLines += 1
                start = end + 1
                consumed = min(start, bytes.count)
            }
        }
        cursor.metricsOffset += Int64(consumed)
        cursor.metricsLines += report.newLines
    }

    private func insertRows(_ record: MetricsLine, runID: Int64, statement: Statement, report: inout IngestReport) throws {
        for metric in record.metrics {
            statement.setUncheckedArguments([runID, metric.name, record.step, record.epoch, metric.value, record.time])
            try statement.execute()
        }
        report.newMetricRows += record.metrics.count
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, _):
            return "no '\(key.stringValue)' object"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "'\(path)' has the wrong type"
        case let .dataCorrupted(context) where !context.codingPath.isEmpty:
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' is not an integer"
        default:
            return "not a JSON object"
        }
    }

    private static func jsonArray(_ items: [String]) -> String {
        "[" + items.map(ConfigText.quote).joined(separator: ",") + "]"
    }
}
