import Foundation
import Store

/// Where and how a report is written: a file (atomically) or `-` for stdout.
public enum ReportOutput {
    /// The results table as the output path's extension asks (`.csv`, `.json`); `-` writes
    /// `stdoutFormat` ("csv" or "json") to stdout.
    public static func results(_ table: ResultsTable, to path: String, stdoutFormat: String = "csv") throws -> String {
        let format = path == "-" ? stdoutFormat.lowercased() : (path as NSString).pathExtension.lowercased()
        switch format {
        case "csv": return CSV.write(table)
        case "json": return ResultsJSON.write(table)
        default: throw path == "-" ? ReportError.unknownFormat(stdoutFormat) : ReportError.unknownOutputFormat(path: path)
        }
    }

    /// Writes `text` to `path`, or to stdout for `-`.
    public static func write(_ text: String, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ReportError.unwritableOutput(path: path)
        }
    }
}
