import Foundation

/// Everything the store can report to a user: one line saying what, where and what to do.
public enum StoreError: Error, Equatable, LocalizedError {
    /// The database file named explicitly (`--db`, `ABLATE_DB`) does not exist.
    case missingDatabase(path: String)
    /// Neither a database nor any run directory to build one from.
    case nothingToIngest(database: String, root: String)
    /// The file exists but SQLite cannot read it, or it holds someone else's tables.
    case notADatabase(path: String, reason: String)
    /// The database was migrated by a newer Ablate than this one.
    case newerSchema(path: String)
    /// A run directory's file could not be read or parsed.
    case unreadableRunFile(path: String, reason: String)
    /// Any other SQLite failure.
    case sqlite(path: String, message: String)
    /// A study resumed under its name was started with another direction or other settings.
    case studyMismatch(path: String, name: String, what: String, stored: String, given: String)

    public var errorDescription: String? {
        switch self {
        case let .missingDatabase(path):
            return "no results database at '\(path)': check the --db / ABLATE_DB path, or leave both unset to use outputs/ablate.sqlite"
        case let .nothingToIngest(database, root):
            return "no results database at '\(database)' and no run directories under '\(root)': run a sweep first (scripts/train ... -m) or point --root / --db at existing results"
        case let .notADatabase(path, reason):
            return "'\(path)' is not an Ablate results database (\(reason)): move it aside and run collect_results to rebuild it from the run directories"
        case let .newerSchema(path):
            return "'\(path)' was written by a newer Ablate (unknown migrations): use that version, or move the file aside and run collect_results to rebuild it"
        case let .unreadableRunFile(path, reason):
            return "cannot read '\(path)': \(reason)"
        case let .sqlite(path, message):
            return "SQLite error on '\(path)': \(message)"
        case let .studyMismatch(path, name, what, stored, given):
            return "study '\(name)' in '\(path)' was started with \(what) \(stored), not \(given): resume it with its own settings, or choose another hydra.sweeper.study_name"
        }
    }
}
