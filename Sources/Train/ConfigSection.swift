import Config

/// Typed, strict reading of one section of a composed config tree. Each getter names the
/// dotted key in its error; `finish()` rejects keys nobody asked for (for sections this
/// target owns), so a typo is an error rather than a silently ignored setting.
struct ConfigSection {
    let path: String
    private let entries: [(key: String, value: ConfigValue)]
    private var read: Set<String> = []

    init(_ root: ConfigValue, _ path: String) throws {
        self.path = path
        var node = root
        for part in path.split(separator: ".") {
            guard case let .dict(d) = node else { throw TrainError.config(key: path, message: "expected a mapping") }
            guard let child = d[String(part)] else { node = .dict([:]); break }
            node = child
        }
        switch node {
        case let .dict(d): entries = d.map { (key: $0.key, value: $0.value) }
        case .null: entries = []
        default: throw TrainError.config(key: path, message: "expected a mapping")
        }
    }

    private func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private mutating func value(_ name: String) throws -> ConfigValue? {
        read.insert(name)
        guard let value = entries.first(where: { $0.key == name })?.value else { return nil }
        switch value {
        case .null: return nil
        case .missing: throw TrainError.config(key: key(name), message: "mandatory value '???' was never set; set it with \(key(name))=...")
        default: return value
        }
    }

    mutating func double(_ name: String, _ fallback: Double) throws -> Double { try optionalDouble(name) ?? fallback }

    mutating func optionalDouble(_ name: String) throws -> Double? {
        switch try value(name) {
        case nil: return nil
        case let .int(i)?: return Double(i)
        case let .double(d)?: return d
        case let .string(s)? where Double(s) != nil: return Double(s)
        case let other?: throw TrainError.config(key: key(name), message: "expected a number, got \(describe(other))")
        }
    }

    mutating func int(_ name: String, _ fallback: Int) throws -> Int { try optionalInt(name) ?? fallback }

    mutating func optionalInt(_ name: String) throws -> Int? {
        switch try value(name) {
        case nil: return nil
        case let .int(i)?: return i
        case let .double(d)? where d == d.rounded(): return Int(d)
        case let other?: throw TrainError.config(key: key(name), message: "expected an integer, got \(describe(other))")
        }
    }

    mutating func bool(_ name: String, _ fallback: Bool) throws -> Bool {
        switch try value(name) {
        case nil: return fallback
        case let .bool(b)?: return b
        case let other?: throw TrainError.config(key: key(name), message: "expected true or false, got \(describe(other))")
        }
    }

    mutating func string(_ name: String, _ fallback: String?) throws -> String? {
        switch try value(name) {
        case nil: return fallback
        case let .string(s)?: return s
        case let .int(i)?: return String(i)
        case let other?: throw TrainError.config(key: key(name), message: "expected a string, got \(describe(other))")
        }
    }

    /// A string that must be one of `choices`.
    mutating func choice(_ name: String, _ fallback: String, _ choices: [String]) throws -> String {
        let s = try string(name, fallback) ?? fallback
        guard choices.contains(s) else {
            throw TrainError.config(key: key(name), message: "'\(s)' is not one of \(choices.joined(separator: ", "))")
        }
        return s
    }

    mutating func doubles(_ name: String) throws -> [Double] {
        switch try value(name) {
        case nil: return []
        case let .list(items)?:
            return try items.map { item in
                switch item {
                case let .int(i): return Double(i)
                case let .double(d): return d
                default: throw TrainError.config(key: key(name), message: "expected a list of numbers, got \(describe(item)) in it")
                }
            }
        case let other?: throw TrainError.config(key: key(name), message: "expected a list of numbers, got \(describe(other))")
        }
    }

    mutating func strings(_ name: String) throws -> [String] {
        switch try value(name) {
        case nil: return []
        case let .string(s)?: return [s]
        case let .list(items)?:
            return try items.map { item in
                guard case let .string(s) = item else {
                    throw TrainError.config(key: key(name), message: "expected a list of strings, got \(describe(item)) in it")
                }
                return s
            }
        case let other?: throw TrainError.config(key: key(name), message: "expected a list of strings, got \(describe(other))")
        }
    }

    /// The raw value (for keys that take several forms, like `model.resume`).
    mutating func raw(_ name: String) throws -> ConfigValue? { try value(name) }

    /// Rejects keys that were never read (keys starting with `_`, such as `_target_`, are allowed).
    func finish() throws {
        for (name, _) in entries where !read.contains(name) && !name.hasPrefix("_") {
            let known = read.sorted().joined(separator: ", ")
            throw TrainError.config(key: key(name), message: "unknown key. Known keys here: \(known). Remove it or fix its spelling")
        }
    }

    private func describe(_ value: ConfigValue) -> String {
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
