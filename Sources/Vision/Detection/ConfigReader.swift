import Config
import Train

/// Strict, typed reading of one mapping of the composed config for the detection task: each
/// getter names the dotted key in its error, and `finish()` rejects keys nobody read, so a typo
/// is an error instead of a silently ignored setting. Errors are `TrainError.config` (exit 2).
struct ConfigReader {
    let path: String
    private let entries: [(key: String, value: ConfigValue)]
    private var read: Set<String> = []

    /// The mapping at dotted `path` under `root` (empty when absent or null).
    init(_ root: ConfigValue, _ path: String) throws {
        var node: ConfigValue = root
        for part in path.split(separator: ".") {
            guard let child = node.child(String(part)) else { node = .null; break }
            node = child
        }
        try self.init(node: node, path: path)
    }

    init(node: ConfigValue, path: String) throws {
        self.path = path
        switch node {
        case let .dict(d): entries = d.map { (key: $0.key, value: $0.value) }
        case .null: entries = []
        default: throw TrainError.config(key: path, message: "expected a mapping, got \(Self.describe(node))")
        }
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private mutating func value(_ name: String) throws -> ConfigValue? {
        read.insert(name)
        guard let value = entries.first(where: { $0.key == name })?.value else { return nil }
        switch value {
        case .null: return nil
        case .missing: throw TrainError.config(key: key(name), message: "mandatory value '???' was never set; set it with \(key(name))=...")
        default: return value
        }
    }

    /// Whether the key is present (and not null).
    mutating func has(_ name: String) throws -> Bool { try value(name) != nil }

    mutating func double(_ name: String, _ fallback: Double) throws -> Double {
        switch try value(name) {
        case nil: return fallback
        case let .int(i)?: return Double(i)
        case let .double(d)?: return d
        case let other?: throw TrainError.config(key: key(name), message: "expected a number, got \(Self.describe(other))")
        }
    }

    mutating func int(_ name: String, _ fallback: Int, min: Int? = nil) throws -> Int {
        let result: Int
        switch try value(name) {
        case nil: result = fallback
        case let .int(i)?: result = i
        case let .double(d)? where d == d.rounded(): result = Int(d)
        case let other?: throw TrainError.config(key: key(name), message: "expected an integer, got \(Self.describe(other))")
        }
        if let min, result < min { throw TrainError.config(key: key(name), message: "must be at least \(min), got \(result)") }
        return result
    }

    mutating func bool(_ name: String, _ fallback: Bool) throws -> Bool {
        switch try value(name) {
        case nil: return fallback
        case let .bool(b)?: return b
        case let other?: throw TrainError.config(key: key(name), message: "expected true or false, got \(Self.describe(other))")
        }
    }

    mutating func string(_ name: String, _ fallback: String?) throws -> String? {
        switch try value(name) {
        case nil: return fallback
        case let .string(s)?: return s
        case let other?: throw TrainError.config(key: key(name), message: "expected a string, got \(Self.describe(other))")
        }
    }

    mutating func choice(_ name: String, _ fallback: String, _ choices: [String]) throws -> String {
        let s = try string(name, fallback) ?? fallback
        guard choices.contains(s) else {
            throw TrainError.config(key: key(name), message: "'\(s)' is not one of \(choices.joined(separator: ", "))")
        }
        return s
    }

    mutating func numbers(_ name: String, count: Int? = nil) throws -> [Double]? {
        guard let v = try value(name) else { return nil }
        guard case let .list(items) = v else {
            throw TrainError.config(key: key(name), message: "expected a list of numbers, got \(Self.describe(v))")
        }
        let out = try items.map { item -> Double in
            switch item {
            case let .int(i): return Double(i)
            case let .double(d): return d
            default: throw TrainError.config(key: key(name), message: "expected a list of numbers, got \(Self.describe(item)) in it")
            }
        }
        if let count, out.count != count {
            throw TrainError.config(key: key(name), message: "expected \(count) numbers, got \(out.count)")
        }
        return out
    }

    /// A `[low, high]` pair with low <= high.
    mutating func range(_ name: String, _ fallback: ClosedRange<Double>) throws -> ClosedRange<Double> {
        guard let pair = try numbers(name, count: 2) else { return fallback }
        guard pair[0] <= pair[1] else { throw TrainError.config(key: key(name), message: "expected [low, high] with low <= high") }
        return pair[0]...pair[1]
    }

    mutating func strings(_ name: String) throws -> [String]? {
        switch try value(name) {
        case nil: return nil
        case let .string(s)?: return [s]
        case let .list(items)?:
            return try items.map { item in
                guard case let .string(s) = item else {
                    throw TrainError.config(key: key(name), message: "expected a list of strings, got \(Self.describe(item)) in it")
                }
                return s
            }
        case let other?: throw TrainError.config(key: key(name), message: "expected a list of strings, got \(Self.describe(other))")
        }
    }

    /// The nested mapping `name`.
    mutating func section(_ name: String) throws -> ConfigReader {
        try ConfigReader(node: try value(name) ?? .null, path: key(name))
    }

    /// Marks keys as known without reading them (informational keys other parts use).
    mutating func allow(_ names: String...) { for n in names { read.insert(n) } }

    /// Rejects keys that were never read (keys starting with `_` are allowed).
    func finish() throws {
        for (name, _) in entries where !read.contains(name) && !name.hasPrefix("_") {
            throw TrainError.config(key: key(name), message: "unknown key. Known keys here: \(read.sorted().joined(separator: ", ")). Remove it or fix its spelling")
        }
    }

    static func describe(_ value: ConfigValue) -> String {
        switch value {
        case .null: return "null"
        case let .bool(b): return "\(b)"
        case let .int(i): return "\(i)"
        case let .double(d): return "\(d)"
        case let .string(s): return "'\(s)'"
        case .missing: return "???"
        case .list: return "a list"
        case .dict: return "a mapping"
        }
    }
}
