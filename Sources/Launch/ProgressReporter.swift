import Foundation

/// How the launcher shows progress.
public enum ProgressStyle: Sendable, Equatable {
    /// Nothing while running (tests, `--json`).
    case quiet
    /// Timestamped lines: job started, finished, failed.
    case plain
    /// A view redrawn in place on a terminal; `color` false under NO_COLOR or TERM=dumb.
    case live(color: Bool)

    /// Live on a terminal, plain lines otherwise; honours NO_COLOR.
    public static func automatic(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressStyle {
        guard isatty(STDOUT_FILENO) == 1, environment["TERM"] != "dumb" else { return .plain }
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return .live(color: !noColor)
    }
}

/// Writes the launcher's progress to stdout in the chosen style.
final class ProgressReporter {
    private let style: ProgressStyle
    private let total: Int
    private let startTime = JobStatus.now()
    private var done = 0
    private var failed = 0
    private var interrupted = 0
    private var pruned = 0
    private var running: [Int: (job: LaunchJob, start: Double)] = [:]
    private var drawnLines = 0
    private var ended = false
    private let output: FileHandle

    init(style: ProgressStyle, total: Int, output: FileHandle) {
        self.style = style
        self.total = total
        self.output = output
    }

    func begin(workers: Int) {
        line("launching \(total) job(s) locally, \(min(workers, max(total, 1))) at a time")
    }

    func started(_ job: LaunchJob, attempt: Int) {
        running[job.num] = (job, JobStatus.now())
        if case .plain = style {
            let again = attempt > 1 ? " (attempt \(attempt))" : ""
            line("job \(job.num) started\(again): \(job.runDirectory.path)")
        }
        redraw()
    }

    func finished(_ result: JobResult) {
        let began = running.removeValue(forKey: result.job.num)?.start
        let took = began.map { " in \(formatDuration(JobStatus.now() - $0))" } ?? ""
        switch result.state {
        case .completed:
            done += 1
            if case .plain = style { line("job \(result.job.num) completed\(took)") }
        case .failed:
            failed += 1
            line(paint("job \(result.job.num) failed\(took): \(result.error ?? "see its logs")", code: "31"))
        case .interrupted:
            interrupted += 1
            line("job \(result.job.num) interrupted\(took)")
        case .pruned:
            pruned += 1
            line("job \(result.job.num) pruned\(took)")
        case .queued, .running:
            break
        }
        redraw()
    }

    /// Redraws the live view (with the latest metrics of each running job).
    func refresh(running jobs: [LaunchJob]) { redraw() }

    /// A message shown above the live view, or as a plain line.
    func note(_ text: String) { line(text) }

    func end() {
        if case .live = style { clearView() }
        ended = true
    }

    private func line(_ text: String) {
        if case .quiet = style { return }
        clearView()
        write("[\(timestamp())] \(text)\n")
        redraw()
    }

    private func redraw() {
        guard case .live = style, !ended else { return }
        clearView()
        let elapsed = formatDuration(JobStatus.now() - startTime)
        let queued = total - done - failed - interrupted - pruned - running.count
        // Interrupted and pruned jobs are counted only when there are some (they are neither done nor queued).
        let stopped = [(interrupted, "interrupted"), (pruned, "pruned")].filter { $0.0 > 0 }.map { " · \($0.0) \($0.1)" }.joined()
        var lines = ["\(paint("\(done) done", code: "32")) · \(running.count) running · "
            + "\(paint("\(failed) failed", code: failed > 0 ? "31" : "0"))\(stopped) · \(max(0, queued)) queued · \(elapsed)"]
        for (num, entry) in running.sorted(by: { $0.key < $1.key }) {
            let metrics = MetricsTail.read(runDirectory: entry.job.runDirectory)?.summary ?? "no metrics yet"
            lines.append("  job \(num)  \(formatDuration(JobStatus.now() - entry.start))  \(metrics)")
        }
        write(lines.joined(separator: "\n") + "\n")
        drawnLines = lines.count
    }

    private func clearView() {
        guard drawnLines > 0 else { return }
        write("\u{1B}[\(drawnLines)F\u{1B}[J")
        drawnLines = 0
    }

    private func paint(_ text: String, code: String) -> String {
        guard case .live(let color) = style, color, code != "0" else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    private func write(_ text: String) {
        Console.write(text, to: output.fileDescriptor)  // a reader gone away is no reason to stop the jobs
    }

    /// Local time as `yyyy-MM-dd HH:mm:ss` (strftime: a DateFormatter costs more to make than a job takes to run).
    private func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// `0.4 s`, `12 s`, `3m05s`, `1h02m`.
func formatDuration(_ seconds: Double) -> String {
    if seconds < 10 { return String(format: "%.1f s", max(0, seconds)) }
    let whole = Int(seconds)
    if whole < 60 { return "\(whole) s" }
    if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
    return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
}
