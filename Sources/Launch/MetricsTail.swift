import Foundation

/// The latest line of a run's `metrics.jsonl`, read from the file's tail (bounded read).
public struct MetricsTail: Sendable, Equatable {
    public var step: Int?
    public var epoch: Int?
    /// The metric shown for the run: the first `val/` metric by name, else the first by name.
    public var metricName: String?
    public var metricValue: Double?

    /// Reads the last complete line of `runDirectory/metrics.jsonl`; nil when there is none
    /// or it is not a metrics object. A line still being written (no newline yet) is ignored.
    public static func read(runDirectory: URL, maxBytes: Int = 16_384) -> MetricsTail? {
        let path = runDirectory.appendingPathComponent("metrics.jsonl").path
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size > 0 else { return nil }
        let start = size > UInt64(maxBytes) ? size - UInt64(maxBytes) : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return nil }
        guard let lastNewline = data.lastIndex(of: 0x0A) else { return nil }
        let complete = data[data.startIndex..<lastNewline]
        let lineStart = complete.lastIndex(of: 0x0A).map { $0 + 1 } ?? complete.startIndex
        return parse(Data(complete[lineStart...]))
    }

    /// Parses one metrics line.
    public static func parse(_ line: Data) -> MetricsTail? {
        guard let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] else { return nil }
        var tail = MetricsTail()
        tail.step = (object["step"] as? NSNumber)?.intValue
        tail.epoch = (object["epoch"] as? NSNumber)?.intValue
        if let metrics = object["metrics"] as? [String: Any] {
            let numeric = metrics.compactMapValues { ($0 as? NSNumber)?.doubleValue }
            let names = numeric.keys.sorted()
            if let name = names.first(where: { $0.hasPrefix("val/") }) ?? names.first {
                tail.metricName = name
                tail.metricValue = numeric[name]
            }
        }
        return tail
    }

    /// `epoch 3 · step 1200 · val/hmean 0.83`, or nil when the line held none of those.
    public var summary: String? {
        var parts: [String] = []
        if let epoch { parts.append("epoch \(epoch)") }
        if let step { parts.append("step \(step)") }
        if let metricName, let metricValue { parts.append("\(metricName) \(String(format: "%.4g", metricValue))") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}
