import Config

/// Expands overrides into jobs as Hydra 1.3's basic sweeper does.
///
/// Sweeps from the config (`hydra.sweeper.params`) come first, then the command line. Each
/// override is keyed by its key element (prefix, key or group, `@package`); a repeated key
/// replaces the earlier values but keeps the earlier position. The jobs are the cartesian
/// product of the per-key value lists in that order, the first varying slowest.
public enum SweepExpansion {
    /// The override lines of every job, in job order.
    public static func jobOverrides(
        _ overrides: [Override],
        groupOptions: (String) throws -> [String]
    ) throws -> [[String]] {
        var keys: [String] = []
        var linesByKey: [String: [String]] = [:]
        var generator = SystemRandomNumberGenerator()
        for override in overrides {
            let key = override.keyElement
            let lines: [String]
            if override.value == nil {
                lines = [override.jobLine(for: nil)]  // `~key=null`, as Hydra writes it
            } else {
                lines = try override.sweepElements(groupOptions: groupOptions, rng: &generator)
                    .map { override.jobLine(for: $0) }
            }
            if linesByKey[key] == nil { keys.append(key) }
            linesByKey[key] = lines
        }
        return cartesianProduct(keys.map { linesByKey[$0]! })
    }

    /// `hydra.sweeper.params` (a map of key to sweep text) as override lines, in the map's order.
    public static func configParamLines(_ params: ConfigValue?) throws -> [String] {
        guard let params, params != .null else { return [] }
        guard case .dict(let entries) = params else {
            throw SweepError.badSweeperParams(found: params.typeName)
        }
        return entries.map { key, value in "\(key)=\(value.sweepText)" }
    }

    static func cartesianProduct(_ lists: [[String]]) -> [[String]] {
        lists.reduce([[]]) { partial, options in
            partial.flatMap { prefix in options.map { prefix + [$0] } }
        }
    }
}

extension ConfigValue {
    /// A scalar written as the text of an override value (`hydra.sweeper.params` entries).
    var sweepText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let value): return value
        case .missing: return "???"
        case .list(let items): return "[" + items.map(\.sweepText).joined(separator: ",") + "]"
        case .dict(let entries): return "{" + entries.map { "\($0):\($1.sweepText)" }.joined(separator: ",") + "}"
        }
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a bool"
        case .int: return "an int"
        case .double: return "a float"
        case .string: return "a string"
        case .missing: return "???"
        case .list: return "a list"
        case .dict: return "a map"
        }
    }
}
