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
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
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

    /// The key a run directory is stored under: relative to the outputs root when under it,
    /// else its absolute path.
    public func storedPath(of runDirectory: URL) -> String {
        let absolute = runDirectory.standardizedFileURL.resolvingSymlinksInPath().path
        if absolute.hasPrefix(rootPrefix) { return String(absolute.dropFirst(rootPrefix.count)) }
        return absolute
    }

    /// The directory a stored run path points at.
    public func directory(ofStored runPath: String) -> URL {
        runPath.hasPrefix("/") ? URL(fileURLWithPath: runPath) : outputsRoot.appendingPathComponent(runPath)
    }

    /// Ingests what is new in one run directory: its config (first time or when changed), its
    /// status (when changed) and the complete lines appended to metrics.jsonl since the last pass.
    /// A torn (unterminated) last line is left for the next pass. One transaction.
    @discardableResult
    public func ingest(runDirectory: URL) throws -> IngestReport {
        let key = storedPath(of: runDirectory)
        return try write { db in
            let cursor = try IngestCursor.fetch(db, runDirectory: key)
            return try IngestPass(db: db, directory: runDirectory, key: key, cursor: cursor).run()
        }
    }

    /// Ingests every run directory under `root` that is not fully ingested yet (compared by the
    /// stored cursor: metrics.jsonl size, status.json and config.yaml modification times).
    /// A run directory that cannot be read is reported in `failures`; the others still ingest.
    @discardableResult
    public func ingestAll(under root: URL) throws -> IngestSummary {
        var summary = IngestSummary()
        let directories = RunDirectoryScanner.runDirectories(under: root)
        let cursors = try read { db in try IngestCursor.fetchAll(db) }
        for directory in directories {
            let key = storedPath(of: directory)
            if let cursor = cursors[key], cursor.isUpToDate(with: IngestPass.stats(of: directory)) {
                summary.upToDate += 1
                continue
            }
            do {
                summary.reports.append(try ingest(runDirectory: directory))
            } catch let error as StoreError {
                summary.failures.append(error)
            }
        }
        return summary
    }
}
