import Foundation

/// The end-of-sweep report: counts, every failure with its log and the tail of its
/// stderr, and the process exit code (0 ok, 1 a job failed, 130 interrupted).
public struct LaunchSummary: Sendable, Equatable {
    public var results: [JobResult]
    /// The metrics lines skipped (in whole or in part) in the jobs' run directories, one
    /// `file:line: reason` each, as the results store recorded them.
    public var skippedLines: [String]

    public init(results: [JobResult], skippedLines: [String] = []) {
        self.results = results
        self.skippedLines = skippedLines
    }

    /// The skipped lines `ingestor` recorded for the run directories of `results` (none
    /// without one); a store that cannot be read says so in one line instead.
    public static func skippedLines(of results: [JobResult], in ingestor: RunIngestor?) -> [String] {
        guard let ingestor else { return [] }
        do {
            return try ingestor.skippedLines(in: results.map(\.job.runDirectory))
        } catch {
            let reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            return ["(cannot read the skipped lines from the results database: \(reason); collect_results lists them)"]
        }
    }

    public var exitCode: Int32 {
        if results.contains(where: { $0.state == .interrupted }) { return 130 }
        // A pruned job ended as its sweep meant it to.
        if results.contains(where: { $0.state != .completed && $0.state != .pruned }) { return 1 }
        return 0
    }

    /// The summary text, one job per failure, with up to `stderrLines` lines of its stderr;
    /// `resumeHint` adds how to rerun the unfinished jobs (sweeps, whose directories are stable).
    public func text(stderrLines: Int = 5, resumeHint: Bool = true) -> String {
        let count = { (state: JobState) in self.results.filter { $0.state == state }.count }
        let skipped = results.filter(\.skipped).count
        var parts = ["\(count(.completed)) completed" + (skipped > 0 ? " (\(skipped) skipped: already completed)" : "")]
        if count(.pruned) > 0 { parts.append("\(count(.pruned)) pruned") }
        if count(.failed) > 0 { parts.append("\(count(.failed)) failed") }
        if count(.interrupted) > 0 { parts.append("\(count(.interrupted)) interrupted") }
        if count(.queued) > 0 { parts.append("\(count(.queued)) not started") }
        var lines = ["\(results.count) job(s): " + parts.joined(separator: ", ")]
        for result in results where result.state == .failed {
            lines.append("job \(result.job.num) failed: \(result.error ?? describeExit(result))")
            lines.append("  run dir: \(result.job.runDirectory.path)")
            lines.append("  stderr:  \(result.stderrLog.path)")
            for line in Self.tail(of: result.stderrLog, lines: stderrLines) { lines.append("  | \(line)") }
        }
        let interrupted = results.filter { $0.state == .interrupted }.map { String($0.job.num) }
        let notStarted = results.filter { $0.state == .queued }.map { String($0.job.num) }
        if !interrupted.isEmpty { lines.append("interrupted: job(s) \(interrupted.joined(separator: ", "))") }
        if !notStarted.isEmpty { lines.append("not started: job(s) \(notStarted.joined(separator: ", "))") }
        if !skippedLines.isEmpty {
            lines.append("metrics lines skipped, in whole or in part (\(skippedLines.count)):")
            lines += skippedLines.map { "  " + $0 }
        }
        if resumeHint, !interrupted.isEmpty || !notStarted.isEmpty || count(.failed) > 0 {
            lines.append("to run the unfinished jobs again, repeat the command with --resume")
        }
        return lines.joined(separator: "\n")
    }

    private func describeExit(_ result: JobResult) -> String {
        if let signal = result.signal { return "killed by signal \(signal) (\(signalName(signal)))" }
        if let code = result.exitCode { return "exit code \(code)" }
        return "see its logs"
    }

    /// The last `lines` non-empty lines of a file, read from at most its last 8 KiB.
    public static func tail(of url: URL, lines: Int, maxBytes: Int = 8192) -> [String] {
        guard lines > 0, let handle = FileHandle(forReadingAtPath: url.path) else { return [] }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return [] }
        let start = size > UInt64(maxBytes) ? size - UInt64(maxBytes) : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        var all = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if start > 0, !all.isEmpty { all.removeFirst() }
        return Array(all.suffix(lines))
    }
}
