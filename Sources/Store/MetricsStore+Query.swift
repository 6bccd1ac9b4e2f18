import Foundation
import GRDB

extension MetricsStore {
    /// How many runs the store holds.
    public func runCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") ?? 0 }
    }

    /// The runs matching `filter`, by experiment, job number and run directory.
    public func runs(matching filter: RunFilter) throws -> [RunRecord] {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let project = filter.project {
            clauses.append("r.project = ?")
            arguments.append(project)
        }
        if let expName = filter.expName {
            clauses.append("r.exp_name = ?")
            arguments.append(expName)
        }
        if let statuses = filter.statuses {
            clauses.append("r.status IN (SELECT value FROM json_each(?))")
            arguments.append(Self.jsonArray(statuses))
        }
        for tag in filter.tags {
            clauses.append("EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = ?)")
            arguments.append(tag)
        }
        for condition in filter.config {
            clauses.append("EXISTS (SELECT 1 FROM run_config c WHERE c.run_id = r.id AND c.key = ? AND c.value = ?)")
            arguments.append(condition.key)
            arguments.append(ConfigText.canonical(condition.value))
        }
        return try fetchRuns(where: clauses.joined(separator: " AND "), arguments: arguments)
    }

    private func fetchRuns(where condition: String, arguments: [any DatabaseValueConvertible]) throws -> [RunRecord] {
        let sql = """
            SELECT id, run_dir, project, exp_name, tags, job_num, status, exit_code, signal, error, host,
                   start_time, end_time, duration, attempt, overrides, pid, skipped_lines
            FROM runs r \(condition.isEmpty ? "" : "WHERE " + condition)
            ORDER BY exp_name, job_num, run_dir
            """
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                RunRecord(
                    id: row["id"], runDirectory: displayPath(ofStored: row["run_dir"]), path: row["run_dir"], project: row["project"], expName: row["exp_name"],
                    tags: Self.strings(fromJSON: row["tags"]), jobNum: row["job_num"], status: row["status"],
                    exitCode: row["exit_code"], signal: row["signal"], error: row["error"], host: row["host"],
                    startTime: row["start_time"], endTime: row["end_time"], duration: row["duration"],
                    attempt: row["attempt"], overrides: Self.strings(fromJSON: row["overrides"]), pid: row["pid"],
                    skippedLines: row["skipped_lines"])
            }
        }
    }

    /// The run stored for a run directory, given by its path (absolute, or relative to the
    /// outputs root), if ingested.
    public func run(storedPath: String) throws -> RunRecord? {
        try fetchRuns(where: "r.run_dir = ?", arguments: [self.storedPath(of: directory(ofStored: storedPath))]).first
    }

    /// The lines skipped (in whole or in part) in the given runs' metrics files, by run and line.
    public func skippedLines(ofRuns runIDs: [Int64]) throws -> [MalformedLine] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.run_dir, s.file, s.line, s.reason FROM skipped_lines s JOIN runs r ON r.id = s.run_id
                WHERE s.run_id IN (SELECT value FROM json_each(?)) ORDER BY r.run_dir, s.file, s.line
                """, arguments: [Self.jsonArray(runIDs)]).map { row in
                MalformedLine(file: URL(fileURLWithPath: row[0] as String).appendingPathComponent(row[1] as String).path,
                              line: row[2], reason: row[3])
            }
        }
    }

    /// The lines skipped (in whole or in part) in the metrics files of the runs stored for
    /// `runDirectories` (those never ingested have none), by run and line.
    public func skippedLines(inRunDirectories runDirectories: [URL]) throws -> [MalformedLine] {
        let keys = runDirectories.map(storedPath(of:))
        let ids = try read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM runs WHERE run_dir IN (SELECT value FROM json_each(?))",
                               arguments: [Self.jsonArray(keys)])
        }
        return try skippedLines(ofRuns: ids)
    }

    /// The flattened configs of the given runs: every key in first-seen config order, and
    /// each run's values by key.
    public func configs(ofRuns runIDs: [Int64]) throws -> (keys: [String], values: [Int64: [String: String]]) {
        try read { db in
            var keys: [String] = []
            var seen = Set<String>()
            var values: [Int64: [String: String]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT run_id, key, value FROM run_config
                WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY rowid
                """, arguments: [Self.jsonArray(runIDs)])
            while let row = try rows.next() {
                let key: String = row[1]
                if seen.insert(key).inserted { keys.append(key) }
                values[row[0], default: [:]][key] = row[2]
            }
            return (keys, values)
        }
    }

    /// The names of the metrics the given runs logged, sorted.
    public func metricNames(ofRuns runIDs: [Int64]) throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT name FROM run_metrics WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY name
                """, arguments: [Self.jsonArray(runIDs)])
        }
    }

    /// Each run's best and last value of each named metric; `minimized` names are best at their
    /// minimum. NaN (stored as NULL) is never best; a run whose last value is NaN has diverged.
    public func metricSummaries(ofRuns runIDs: [Int64], names: [String], minimized: Set<String>) throws
        -> [Int64: [String: MetricSummary]] {
        let runs = Self.jsonArray(runIDs)
        let maximizedNames = names.filter { !minimized.contains($0) }
        let minimizedNames = names.filter { minimized.contains($0) }
        return try read { db in
            var result: [Int64: [String: MetricSummary]] = [:]
            // SQLite takes the bare columns (step, epoch) from the row holding the max() or min().
            for (aggregate, group) in [("max", maximizedNames), ("min", minimizedNames)] where !group.isEmpty {
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT run_id, name, \(aggregate)(value), step, epoch FROM metrics
                    WHERE run_id IN (SELECT value FROM json_each(?)) AND name IN (SELECT value FROM json_each(?))
                    GROUP BY run_id, name
                    """, arguments: [runs, Self.jsonArray(group)])
                while let row = try rows.next() {
                    let best: Double = row[2] ?? .nan
                    result[row[0], default: [:]][row[1]] = MetricSummary(
                        best: best, bestStep: row[3], bestEpoch: row[4], last: best, lastStep: row[3], lastEpoch: row[4])
                }
            }
            // The last value: the bare columns of the row holding max(line).
            let lasts = try Row.fetchCursor(db, sql: """
                SELECT run_id, name, value, step, epoch, max(line) FROM metrics
                WHERE run_id IN (SELECT value FROM json_each(?)) AND name IN (SELECT value FROM json_each(?))
                GROUP BY run_id, name
                """, arguments: [runs, Self.jsonArray(names)])
            while let row = try lasts.next() {
                let runID: Int64 = row[0]
                let name: String = row[1]
                result[runID]?[name]?.last = row[2] ?? .nan
                result[runID]?[name]?.lastStep = row[3]
                result[runID]?[name]?.lastEpoch = row[4]
            }
            return result
        }
    }

    /// A run's logged values in logging order (a learning curve), of one metric or of all.
    public func metricHistory(ofRun runID: Int64, name: String? = nil) throws -> [MetricPoint] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT name, step, epoch, value, time FROM metrics
                WHERE run_id = ? AND (? IS NULL OR name = ?) ORDER BY line, name
                """, arguments: [runID, name, name]).map { row in
                MetricPoint(name: row[0], step: row[1], epoch: row[2], value: row[3] ?? .nan, time: row[4])
            }
        }
    }

    static func jsonArray(_ items: [String]) -> String {
        "[" + items.map(ConfigText.quote).joined(separator: ",") + "]"
    }

    static func jsonArray(_ items: [Int64]) -> String {
        "[" + items.map(String.init).joined(separator: ",") + "]"
    }

    static func strings(fromJSON text: String?) -> [String] {
        guard let data = text?.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else { return [] }
        return array.compactMap { $0 as? String }
    }
}

extension MetricsStore {
    /// Marks as `lost` the runs stored as queued or running whose recorded process, on this
    /// host, is gone (the launcher was SIGKILLed, the machine rebooted); returns how many. Run
    /// directories are never written here: the next launcher (`--resume`) rewrites their
    /// status.json, which re-ingests. Runs of other hosts (Slurm nodes) are left as they are.
    @discardableResult
    public func markLostRuns() throws -> Int {
        let candidates = try read { db in
            try Row.fetchAll(db, sql: "SELECT id, host, pid, start_time, status FROM runs WHERE status IN ('queued', 'running')")
        }
        let localHost = ProcessLiveness.localHostName()
        var lost: [(Int64, String)] = []
        for row in candidates {
            let pid: Int? = row[2]
            let host: String? = row[1]
            let state: String = row[4]
            let startedBy: Double? = state == "running" ? row[3] : nil
            if ProcessLiveness.isAlive(pid: pid, host: host, startedBy: startedBy, localHost: localHost) == false {
                let owner = state == "running" ? "its process" : "the launcher that queued it"
                lost.append((row[0], "\(owner) (pid \(pid ?? 0) on \(host ?? "?")) is gone while the run was \(state); --resume runs it again"))
            }
        }
        guard !lost.isEmpty else { return 0 }
        try write { db in
            for (id, reason) in lost {
                try db.execute(sql: "UPDATE runs SET status = 'lost', error = ? WHERE id = ? AND status IN ('queued', 'running')",
                               arguments: [reason, id])
            }
        }
        return lost.count
    }
}
