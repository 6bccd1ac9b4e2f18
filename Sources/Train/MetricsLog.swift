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
        if !FileManager.default.fileExists(atPath: url.path) { FileManager.default.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
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
