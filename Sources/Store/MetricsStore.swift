import Foundation
import GRDB

/// The SQLite index over run directories: runs, their flattened configs and their metrics.
///
/// The run directory stays the source of truth; ingestion tails each run's `metrics.jsonl`
/// from a stored byte offset and re-reads `status.json` and `.hydra/config.yaml` when they
/// change, so it is idempotent and can always catch up. The database is in WAL mode: readers
/// never block the single writer (the launcher during a sweep, collect_results after it).
public final class MetricsStore: Sendable {
    /// The database file.
    public let path: String
    /// Run directories under this folder are stored relative to it.
    public let outputsRoot: URL
    let pool: DatabasePool
    let rootPrefix: String

    /// The database file used when neither `--db` nor `ABLATE_DB` names one.
    public static let defaultPath = "outputs/ablate.sqlite"

    /// The database path chosen by `--db`, then `ABLATE_DB`, then the default under `root`.
    /// `explicit` says whether the user named it (a missing named file is an error).
    public static func databasePath(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                                    root: String = "outputs") -> (path: String, explicit: Bool) {
        if let option, !option.isEmpty { return (option, true) }
        if let env = environment["ABLATE_DB"], !env.isEmpty { return (env, true) }
        return ((root as NSString).appendingPathComponent("ablate.sqlite"), false)
    }

    /// Opens (creating and migrating when needed) the database at `path`.
    /// - Parameters:
    ///   - outputsRoot: run directories under it are stored relative to it; default: the database's folder.
    ///   - mustExist: throw `StoreError.missingDatabase` instead of creating a missing file.
    public init(path: String, outputsRoot: URL? = nil, mustExist: Bool = false) throws {
        let url = URL(fileURLWithPath: path)
        self.path = path
        let root = (outputsRoot ?? url.deletingLastPathComponent()).standardizedFileURL
        self.outputsRoot = root
        rootPrefix = root.resolvingSymlinksInPath().path + "/"

        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            if mustExist { throw StoreError.missingDatabase(path: path) }
            try? manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL makes NORMAL durable enough (a crash loses at most the last commits, which
            // re-ingest from the run directories). Statement journals (one per multi-row
            // INSERT) stay in memory: on file they cost a write per metrics line. A 64 MiB
            // page cache keeps a batch from spilling mid-transaction.
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536")
        }
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.write { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if !tables.isEmpty, !tables.contains("grdb_migrations") {
                    throw StoreError.notADatabase(path: path, reason: "it holds other tables: \(tables.sorted().prefix(3).joined(separator: ", "))")
                }
            }
            let migrator = StoreSchema.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError.newerSchema(path: path)
            }
            try migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        }
        do {
            try absolutizeLegacyPaths()
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        }
    }

    static func storeError(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .notADatabase(path: path, reason: error.message ?? "file is not a database")
        default:
            return .sqlite(path: path, message: error.message ?? "\(error.resultCode)")
        }
    }

    /// Runs a write transaction, turning SQLite errors into `StoreError`.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        }
    }

    /// Runs a read, turning SQLite errors into `StoreError`.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        }
    }

    /// The key a run directory is stored under: its canonical absolute path (symlinks resolved),
    /// so a run is one run whichever root or path it was reached by.
    public func storedPath(of runDirectory: URL) -> String {
        runDirectory.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// A stored run path as shown: relative to the outputs root when under it.
    public func displayPath(ofStored runPath: String) -> String {
        runPath.hasPrefix(rootPrefix) ? String(runPath.dropFirst(rootPrefix.count)) : runPath
    }

    /// The directory a stored run path points at.
    public func directory(ofStored runPath: String) -> URL {
        runPath.hasPrefix("/") ? URL(fileURLWithPath: runPath) : outputsRoot.appendingPathComponent(runPath)
    }

    /// Stores of before migration v2 keyed runs relative to their outputs root: key them by
    /// absolute path (a legacy row whose absolute twin exists is the older record and goes).
    private func absolutizeLegacyPaths() throws {
        try write { db in
            let legacy = try Row.fetchAll(db, sql: "SELECT id, run_dir FROM runs WHERE run_dir NOT LIKE '/%'")
            for row in legacy {
                let id: Int64 = row[0]
                let absolute = storedPath(of: outputsRoot.appendingPathComponent(row[1] as String))
                if try Int64.fetchOne(db, sql: "SELECT id FROM runs WHERE run_dir = ?", arguments: [absolute]) != nil {
                    try db.execute(sql: "DELETE FROM metrics WHERE run_id = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM run_metrics WHERE run_id = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id])
                } else {
                    try db.execute(sql: "UPDATE runs SET run_dir = ? WHERE id = ?", arguments: [absolute, id])
                }
            }
        }
    }

    /// Ingests what is new in one run directory: its config (first time or when changed), its
    /// status (when changed) and the complete lines appended to metrics.jsonl since the last pass.
    /// A torn (unterminated) last line is left for the next pass. One transaction.
    @discardableResult
    public func ingest(runDirectory: URL) throws -> IngestReport {
        let key = storedPath(of: runDirectory)
        let basis = try read { db in try IngestCursor.fetch(db, runDirectory: key) }
        let snapshot = RunSnapshot(directory: runDirectory, key: key, basis: basis)
        var report = try write { db in try IngestPass(db: db, snapshot: snapshot).run() }
        report.runDirectory = displayPath(ofStored: report.runDirectory)
        return report
    }

    /// Ingests every run directory under `root` that is not fully ingested yet (compared by the
    /// stored cursor: metrics.jsonl size, status.json and config.yaml modification times).
    /// Run directories go in batches, one transaction per batch and a savepoint per run
    /// directory; the next batch's files are read on another thread while one is written.
    /// A run directory that cannot be read is rolled back and reported in `failures`; the
    /// others still ingest.
    @discardableResult
    public func ingestAll(under root: URL, batchSize: Int = 100) throws -> IngestSummary {
        var summary = IngestSummary()
        let cursors = try read { db in try IngestCursor.fetchAll(db) }
        var pending: [(directory: URL, key: String, basis: IngestCursor?)] = []
        for directory in RunDirectoryScanner.runDirectories(under: root) {
            let key = storedPath(of: directory)
            if let cursor = cursors[key], cursor.isUpToDate(with: RunFileStats.of(directory)) {
                summary.upToDate += 1
            } else {
                pending.append((directory, key, cursors[key]))
            }
        }
        let size = max(batchSize, 1)
        let batches = stride(from: 0, to: pending.count, by: size).map { Array(pending[$0..<min($0 + size, pending.count)]) }
        var next = batches.first.map(SnapshotBatch.init)
        for index in batches.indices {
            let snapshots = next?.wait() ?? []
            next = index + 1 < batches.count ? SnapshotBatch(batches[index + 1]) : nil
            try write(snapshots, into: &summary)
        }
        return summary
    }

    /// Ingests what is new in each of `runDirectories` (as `ingest(runDirectory:)` does, skipping
    /// those already fully ingested) in one transaction, a savepoint per run directory: the
    /// launcher's way to record many runs at once. Unreadable ones are in `failures`.
    @discardableResult
    public func ingest(runDirectories: [URL]) throws -> IngestSummary {
        var summary = IngestSummary()
        let keys = runDirectories.map(storedPath(of:))
        let cursors = try read { db in try keys.map { try IngestCursor.fetch(db, runDirectory: $0) } }
        var snapshots: [RunSnapshot] = []
        for (index, directory) in runDirectories.enumerated() {
            if let cursor = cursors[index], cursor.isUpToDate(with: RunFileStats.of(directory)) {
                summary.upToDate += 1
            } else {
                snapshots.append(RunSnapshot(directory: directory, key: keys[index], basis: cursors[index]))
            }
        }
        if !snapshots.isEmpty { try write(snapshots, into: &summary) }
        return summary
    }

    /// Writes `snapshots` in one transaction, each in a savepoint of its own so one that cannot
    /// be ingested is rolled back alone and reported.
    private func write(_ snapshots: [RunSnapshot], into summary: inout IngestSummary) throws {
        try write { db in
            for snapshot in snapshots {
                do {
                    try db.inSavepoint {
                        var report = try IngestPass(db: db, snapshot: snapshot).run()
                        report.runDirectory = displayPath(ofStored: report.runDirectory)
                        summary.reports.append(report)
                        return .commit
                    }
                } catch let error as StoreError {
                    summary.failures.append(error)
                }
            }
        }
    }
}

/// Run directories being read on a background thread; `wait()` hands their snapshots over.
private final class SnapshotBatch: @unchecked Sendable {
    // Written once on the background thread before `done` is signalled, read after `wait()`.
    private var snapshots: [RunSnapshot] = []
    private let done = DispatchSemaphore(value: 0)

    init(_ runs: [(directory: URL, key: String, basis: IngestCursor?)]) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            snapshots = runs.map { RunSnapshot(directory: $0.directory, key: $0.key, basis: $0.basis) }
            done.signal()
        }
    }

    func wait() -> [RunSnapshot] {
        done.wait()
        return snapshots
    }
}
