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
        default: throw ReportError.unknownOutputFormat(path: path == "-" ? "-.\(stdoutFormat)" : path)
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

    /// Splits comma-separated, possibly repeated option values: `--metrics a,b --metrics c`.
    public static func list(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A run filter from command-line options. `status` is comma-separated, or `all`.
    public static func filter(project: String?, tags: [String], exp: String?, status: String,
                              conditions: [String]) throws -> RunFilter {
        let states = list([status])
        return RunFilter(
            project: project, tags: tags, expName: exp,
            statuses: states.contains("all") || states.contains("any") ? nil : states,
            config: try conditions.map { text in
                guard let condition = ConfigCondition(parsing: text) else {
                    throw ReportError.badCondition(option: "--where", text: text)
                }
                return condition
            })
    }
}
