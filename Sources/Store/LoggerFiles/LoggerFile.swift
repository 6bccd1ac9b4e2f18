import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The metrics files of logging libraries that ingestion reads besides metrics.jsonl, found
/// anywhere under a run directory: Lightning's CSVLogger `metrics.csv` and TensorBoard's
/// `events.out.tfevents.*` (PyTorch's SummaryWriter, tensorboardX, Lightning's
/// TensorBoardLogger, TensorFlow 2).
enum LoggerFormat: String, Sendable {
    case lightningCSV = "lightning_csv"
    case tensorBoard = "tfevents"

    /// The format a file of this name holds, if it is one of these.
    init?(fileName: String) {
        if fileName == "metrics.csv" {
            self = .lightningCSV
        } else if fileName.hasPrefix("events.out.tfevents.") {
            self = .tensorBoard
        } else {
            return nil
        }
    }

    /// A logger file's records are stored with `line` = `fileID << lineShift` + record number,
    /// so each file's records keep their order and never meet metrics.jsonl's line numbers
    /// (all below 2^32) nor another file's.
    static let lineShift: Int64 = 32

    static func lineRange(fileID: Int64) -> Range<Int64> {
        (fileID << lineShift)..<((fileID + 1) << lineShift)
    }
}

/// How far one logger file has been ingested (its `metric_files` row).
struct LoggerFileCursor: Sendable, Equatable {
    var id: Int64
    /// Relative to the run directory.
    var path: String
    var format: LoggerFormat
    /// Bytes consumed.
    var offset: Int64 = 0
    /// Records consumed (CSV data rows, TFRecord records).
    var records = 0
    /// The file as it was when last read: unchanged while its stat is the same.
    var stat: FileStat?
    /// A fingerprint of the bytes before `offset` (see `MetricsFingerprint`).
    var fingerprint: Int64?

    func isUnchanged(_ current: FileStat) -> Bool { stat == current }

    static let selection = """
        SELECT r.run_dir, f.id, f.path, f.format, f.offset, f.records, f.size, f.mtime, f.inode, f.fingerprint
        FROM metric_files f JOIN runs r ON r.id = f.run_id
        """

    init(id: Int64, path: String, format: LoggerFormat) {
        self.id = id
        self.path = path
        self.format = format
    }

    init(row: Row) {
        id = row[1]
        path = row[2]
        format = LoggerFormat(rawValue: row[3]) ?? .lightningCSV
        offset = row[4]
        records = row[5]
        if let size: Int64 = row[6], let mtime: Double = row[7], let inode: Int64 = row[8] {
            stat = FileStat(size: size, mtime: mtime, inode: inode)
        }
        fingerprint = row[9]
    }

    /// A new cursor for `path`, with its row.
    static func insert(_ db: Database, runID: Int64, path: String, format: LoggerFormat) throws -> LoggerFileCursor {
        try db.cachedStatement(sql: "INSERT INTO metric_files (run_id, path, format) VALUES (?, ?, ?)")
            .execute(arguments: [runID, path, format.rawValue])
        return LoggerFileCursor(id: db.lastInsertedRowID, path: path, format: format)
    }

    func save(_ db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE metric_files SET offset = ?, records = ?, size = ?, mtime = ?, inode = ?, fingerprint = ? WHERE id = ?
            """).execute(arguments: [offset, records, stat?.size, stat?.mtime, stat?.inode, fingerprint, id])
    }
}

/// Finds logger files under a run directory: not in hidden folders, at most `maxDepth` folders
/// down (Lightning's `lightning_logs/version_0/metrics.csv` is two). Every ingestion pass lists
/// every run directory, so it reads directories with readdir and the entry types it gives
/// (Foundation's listing and a stat per entry cost three times as much).
enum LoggerFileScanner {
    static func files(in directory: URL, maxDepth: Int = 6) -> [String: FileStat] {
        var found: [String: FileStat] = [:]
        visit(directory.path, relative: "", depth: 0, maxDepth: maxDepth, into: &found)
        return found
    }

    private static func visit(_ path: String, relative: String, depth: Int, maxDepth: Int, into found: inout [String: FileStat]) {
        guard let stream = opendir(path) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let type = entry.pointee.d_type
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let child = path + "/" + name
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            if LoggerFormat(fileName: name) != nil {
                if let stat = FileStat.of(child) { found[childRelative] = stat }
            } else if depth < maxDepth,
                      type == UInt8(DT_DIR) || (type == UInt8(DT_UNKNOWN) && FileStat.isDirectory(child)) {
                visit(child, relative: childRelative, depth: depth + 1, maxDepth: maxDepth, into: &found)
            }
        }
    }
}
