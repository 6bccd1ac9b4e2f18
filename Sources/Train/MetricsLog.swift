import Foundation

/// Writes a run's `metrics.jsonl` (one JSON object a line, flushed at once) and its readable
/// `logs/train.log`. Without a run directory it writes nothing (library use, tests).
public final class MetricsLog {
    let metricsHandle: FileHandle?
    let logHandle: FileHandle?

    public init(runDirectory: URL?) throws {
        guard let runDirectory else { metricsHandle = nil; logHandle = nil; return }
        let logs = runDirectory.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        metricsHandle = try Self.appending(runDirectory.appendingPathComponent("metrics.jsonl"))
        logHandle = try Self.appending(logs.appendingPathComponent("train.log"))
    }

    deinit {
        try? metricsHandle?.close()
        try? logHandle?.close()
    }

    private static func appending(_ url: URL) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forUpdating: url)
        // A torn last line (an attempt killed mid-write) gets its newline, so the first record
        // written here is a line of its own.
        let end = try handle.seekToEnd()
        if end > 0 {
            try handle.seek(toOffset: end - 1)
            if try handle.read(upToCount: 1) != Data([0x0A]) { try handle.write(contentsOf: Data([0x0A])) }
            try handle.seekToEnd()
        }
        return handle
    }

    /// One metrics line: `{"step":..,"epoch":..,"time":..,"metrics":{..}}`; non-finite values become null.
    public func record(step: Int?, epoch: Int?, metrics: [String: Double], time: Date = Date()) throws {
        let encoded = metrics.mapValues { $0.isFinite ? $0 as Any : NSNull() }
        let metricsJSON = String(decoding: try JSONSerialization.data(withJSONObject: encoded, options: [.sortedKeys]), as: UTF8.self)
        let line = "{\"step\":\(step.map(String.init) ?? "null"),\"epoch\":\(epoch.map(String.init) ?? "null"),"
            + "\"time\":\(time.timeIntervalSince1970),\"metrics\":\(metricsJSON)}\n"
        try metricsHandle?.write(contentsOf: Data(line.utf8))
        try metricsHandle?.synchronize()
    }

    /// One readable line in train.log, prefixed with the UTC time.
    public func info(_ message: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        try? logHandle?.write(contentsOf: Data("[\(stamp)] \(message)\n".utf8))
    }
}

extension MetricsLog {
    /// Keeps in `<run dir>/metrics.jsonl` only the lines of steps up to `step` (the state a run
    /// starts from: 0 when fresh, a checkpoint's step when resumed), dropping the lines of epochs
    /// that will run again and a torn last line. The file is replaced atomically, and left alone
    /// when nothing is dropped, so a kill during this leaves the old file or the new one.
    public static func discardRecords(after step: Int, in runDirectory: URL) throws {
        let url = runDirectory.appendingPathComponent("metrics.jsonl")
        guard let data = FileManager.default.contents(atPath: url.path), !data.isEmpty else { return }
        var kept: [Substring] = [], dropped = 0
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                dropped += 1  // torn by a kill while it was written
                continue
            }
            if let lineStep = object["step"] as? Int, lineStep > step {
                dropped += 1
            } else {
                kept.append(line)
            }
        }
        guard dropped > 0 || text.last != "\n" else { return }
        let rewritten = kept.map { $0 + "\n" }.joined()
        try AtomicFile.write(Data(rewritten.utf8), to: url)
    }
}
