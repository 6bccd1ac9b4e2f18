import Foundation

/// What a pruner says after a trial reported an intermediate value.
public enum PruningDecision: String, Sendable, Equatable {
    /// Let it run.
    case keep
    /// Stop it: its status becomes `pruned` at the step just reported.
    case prune
    /// Stop it because it has used its whole budget (ASHA's `max_t`): it finishes, not pruned.
    case finish
}

/// Early stopping across a sweep, as pure value logic: after trial `number` reported a value
/// (already in `study`), decide from the intermediate values of all trials. Pruners keep the
/// little state their rules need (a successive-halving rung's recorded values, a resource
/// estimated once), so they are called in report order, one report at a time.
public protocol Pruner {
    mutating func decide(_ number: Int, in study: Study) -> PruningDecision

    /// Told once when a trial finishes (ASHA records its last result); most pruners ignore it.
    mutating func finished(_ number: Int, in study: Study)
}

extension Pruner {
    public mutating func finished(_ number: Int, in study: Study) {}
}

/// `hydra/sweeper/pruner=none`.
public struct NopPruner: Pruner, Codable {
    public init() {}
    public mutating func decide(_ number: Int, in study: Study) -> PruningDecision { .keep }
}

/// Numpy's `nanpercentile` with linear interpolation (NaN when no value is a number).
enum Percentile {
    static func nanPercentile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = q / 100 * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        let t = rank - Double(lower)
        let a = sorted[lower], b = sorted[upper]
        // numpy's lerp: from the nearer end, so t = 1 gives b exactly.
        let diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }
}

/// A pruner's state as JSON text (the study's `pruner_state` in the store), NaN and infinities
/// included, and back: a resumed sweep continues with the rungs its pruner had recorded.
public enum PrunerState {
    public static func encode(_ pruner: some Pruner & Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(pruner), as: UTF8.self)
    }

    public static func decode<P: Pruner & Decodable>(_ type: P.Type, from text: String) throws -> P {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
