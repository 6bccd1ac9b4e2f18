import Foundation

/// One line of `metrics.jsonl`:
/// `{"step":1200,"epoch":3,"time":1763712000.1,"metrics":{"train/loss":0.41,"val/hmean":0.83}}`.
/// `step`, `epoch` and `time` may be absent or null; a metric whose value is null or not a
/// number is left out.
struct MetricsLine: Decodable, Sendable {
    var step: Int?
    var epoch: Int?
    var time: Double?
    var metrics: [(name: String, value: Double)]

    enum CodingKeys: String, CodingKey { case step, epoch, time, metrics }

    struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        step = try Self.integer(container, .step)
        epoch = try Self.integer(container, .epoch)
        time = try container.decodeIfPresent(Double.self, forKey: .time)
        let values = try container.nestedContainer(keyedBy: Name.self, forKey: .metrics)
        metrics = []
        metrics.reserveCapacity(values.allKeys.count)
        for key in values.allKeys {
            if let value = try? values.decodeIfPresent(Double.self, forKey: key) {
                metrics.append((key.stringValue, value))
            }
        }
        // JSON objects carry no order that survives decoding; sort for a stable row order.
        metrics.sort { $0.name < $1.name }
    }

    /// Accepts `3` and `3.0` (Python writes floats for some counters) but not `3.5`.
    private static func integer(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int? {
        if let int = try? container.decodeIfPresent(Int.self, forKey: key) { return int }
        guard let double = try container.decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard double.rounded() == double, abs(double) < 1e15 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\(key.stringValue) is not an integer")
        }
        return Int(double)
    }
}
