import Config

/// One swept key's values as a sampler sees them (Hydra's Optuna sweeper's mapping, with
/// `range` kept stop-exclusive).
public enum SearchDistribution: Sendable, Equatable {
    /// Listed values with no order: `choice()`, `a,b,c`, `glob()`. Sampled as a category.
    case categorical([ParsedElement])
    /// The evenly spaced values of a `range()` (stop excluded). Sampled as the ordered index
    /// `0..<values.count`, which is Optuna's stepped int/float distribution up to an affine map.
    case ordinal([ParsedElement])
    /// `interval(a,b)`: a float in `[low, high]`; `tag(log, ...)` samples it on a log scale.
    case float(low: Double, high: Double, log: Bool)
    /// `int(interval(a,b))`, or `tag(log, range(a,b))` of ints with step 1: an int in
    /// `[low, high]`, both ends included (Optuna's `IntDistribution`).
    case int(low: Int, high: Int, log: Bool)

    /// The value of a point's coordinate (a category or index for listed values).
    public func element(at coordinate: Double) -> ParsedElement {
        switch self {
        case let .categorical(values), let .ordinal(values):
            return values[Swift.min(Swift.max(Int(coordinate.rounded()), 0), values.count - 1)]
        case .float:
            return .double(coordinate)
        case .int:
            return .int(Int(coordinate.rounded()))
        }
    }

    /// How a sampler treats the coordinate.
    var numeric: NumericRange? {
        switch self {
        case .categorical: return nil
        case let .ordinal(values): return NumericRange(low: 0, high: Double(values.count - 1), step: 1, log: false)
        case let .float(low, high, log): return NumericRange(low: low, high: high, step: nil, log: log)
        case let .int(low, high, log): return NumericRange(low: Double(low), high: Double(high), step: 1, log: log)
        }
    }

    var categoryCount: Int {
        switch self {
        case let .categorical(values), let .ordinal(values): return values.count
        case .float, .int: return 0
        }
    }
}

/// A numeric coordinate's bounds (both included), grid step (nil: continuous) and scale.
struct NumericRange: Sendable, Equatable {
    let low: Double
    let high: Double
    let step: Double?
    let log: Bool
}

/// What a sampling sweeper varies: the command line's overrides (after `hydra.sweeper.params`),
/// one entry per key element in first-seen order, a repeated key replacing the earlier one as
/// in the grid. Plain overrides stay fixed in every trial.
public struct SearchSpace: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let override: Override
        /// nil for a plain override (or a delete), which every trial carries unchanged.
        public let distribution: SearchDistribution?
        public var key: String { override.keyElement }
    }

    public private(set) var entries: [Entry]

    /// The swept entries, in order: a point has one coordinate per dimension.
    public var dimensions: [Entry] { entries.filter { $0.distribution != nil } }

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Reads the overrides' sweeps. `groupOptions` lists a config group's options (for `glob()`).
    /// Throws `ConfigError.overrideSweep` naming the override for a sweep that cannot be sampled.
    public init(_ overrides: [Override], groupOptions: (String) throws -> [String]) throws {
        var entries: [Entry] = []
        var generator = SystemRandomNumberGenerator()
        for override in overrides {
            let distribution = try Self.distribution(of: override, groupOptions: groupOptions, rng: &generator)
            let entry = Entry(override: override, distribution: distribution)
            if let index = entries.firstIndex(where: { $0.key == entry.key }) {
                entries[index] = entry
            } else {
                entries.append(entry)
            }
        }
        self.entries = entries
    }

    /// One trial's override lines for a point (one coordinate per dimension, in order).
    public func jobLines(at point: [Double]) -> [String] {
        precondition(point.count == dimensions.count, "a point has one coordinate per dimension")
        var coordinates = point.makeIterator()
        return entries.map { entry in
            guard let distribution = entry.distribution else {
                return entry.override.jobLine(for: entry.override.value.flatMap(\.plainElement))
            }
            return entry.override.jobLine(for: distribution.element(at: coordinates.next()!))
        }
    }

    static func distribution(of override: Override, groupOptions: (String) throws -> [String],
                             rng: inout some RandomNumberGenerator) throws -> SearchDistribution? {
        func refuse(_ message: String, _ hint: String) -> ConfigError {
            .overrideSweep(index: override.index, text: override.inputLine, message: message, hint: hint)
        }
        guard let value = override.value else { return nil }
        switch value {
        case .element:
            return nil
        case let .intervalSweep(sweep):
            guard sweep.start.isFinite, sweep.end.isFinite, sweep.start < sweep.end else {
                throw refuse("interval(\(ParsedElement.double(sweep.start).hydraString), \(ParsedElement.double(sweep.end).hydraString)) is empty or not finite",
                             "Write interval(low, high) with finite numbers and low < high, e.g. interval(0.0001, 0.1).")
            }
            let log = sweep.tags.contains("log")
            if log, sweep.start <= 0 {
                throw refuse("a log-scaled interval must be above zero, got low \(ParsedElement.double(sweep.start).hydraString)",
                             "Give tag(log, interval(low, high)) a positive low, e.g. tag(log, interval(1e-5, 1e-1)).")
            }
            if sweep.integer {
                return .int(low: Int(sweep.start), high: Int(sweep.end), log: log)
            }
            return .float(low: sweep.start, high: sweep.end, log: log)
        case let .rangeSweep(sweep):
            let values = try override.sweepElements(groupOptions: groupOptions, rng: &rng)
            guard !values.isEmpty else {
                throw refuse("range() gives no values (stop is excluded)",
                             "Write range(start, stop, step) with stop past start in the step's direction, e.g. range(1,5) for 1..4.")
            }
            if sweep.tags.contains("log") {
                let ints = values.compactMap(\.intValue)
                guard ints.count == values.count, let low = ints.min(), let high = ints.max(),
                      ints.count == high - low + 1, low > 0 else {
                    throw refuse("a log-scaled range() must be positive ints with step 1",
                                 "Write tag(log, range(1,65)) for ints 1..64, or tag(log, interval(a,b)) for floats.")
                }
                return .int(low: low, high: high, log: true)
            }
            // A shuffled range has no order left to exploit (Hydra's Optuna sweeper: categorical).
            return sweep.shuffle ? .categorical(values) : .ordinal(values)
        case .choiceSweep, .globSweep:
            return .categorical(try override.sweepElements(groupOptions: groupOptions, rng: &rng))
        }
    }
}

extension OverrideValue {
    /// The element of a plain (non-sweep) value.
    var plainElement: ParsedElement? {
        if case let .element(element) = self { return element }
        return nil
    }
}

extension ParsedElement {
    var intValue: Int? {
        if case let .int(value) = self { return value }
        return nil
    }
}
