import OrderedCollections

/// A dotted key split into segments: `model.head.k` -> `["model", "head", "k"]`;
/// list indices are plain digit segments (`data.sizes.0`).
public typealias ConfigPath = [String]

extension ConfigPath {
    /// Splits a dotted key; an empty key is the root.
    public init(dotted: String) {
        self = dotted.isEmpty ? [] : dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// The segments joined with dots, as users write keys.
    public var dotted: String { joined(separator: ".") }
}

extension ConfigValue {
    /// The entries of a dict node, or nil for any other node.
    public var dictValue: OrderedDictionary<String, ConfigValue>? {
        if case .dict(let d) = self { return d }
        return nil
    }

    /// The items of a list node, or nil for any other node.
    public var listValue: [ConfigValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    /// The text of a string node, or nil.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var isMissing: Bool { self == .missing }
    public var isNull: Bool { self == .null }
    public var isContainer: Bool {
        switch self {
        case .dict, .list: return true
        default: return false
        }
    }

    /// A short name of the node's kind, for messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "string"
        case .missing: return "missing value (???)"
        case .list: return "list"
        case .dict: return "dict"
        }
    }

    /// The child under one path segment: a dict key, or a list index written in decimal.
    public func child(_ segment: String) -> ConfigValue? {
        switch self {
        case .dict(let d): return d[segment]
        case .list(let l):
            guard let i = Int(segment), i >= 0, i < l.count else { return nil }
            return l[i]
        default: return nil
        }
    }

    /// The node at a path, or nil when some segment does not exist.
    public func value(at path: ConfigPath) -> ConfigValue? {
        var node = self
        for segment in path {
            guard let next = node.child(segment) else { return nil }
            node = next
        }
        return node
    }

    /// The node at a dotted key (`model.head.k`), or nil.
    public func value(at dotted: String) -> ConfigValue? { value(at: ConfigPath(dotted: dotted)) }

    /// Sets the node at a path. Missing dicts along the way are created when
    /// `createMissing` is true; otherwise a missing parent returns false and changes nothing.
    @discardableResult
    public mutating func set(_ value: ConfigValue, at path: ConfigPath, createMissing: Bool = true) -> Bool {
        guard let first = path.first else {
            self = value
            return true
        }
        let rest = Array(path.dropFirst())
        switch self {
        case .dict(var d):
            var child = d[first] ?? .dict([:])
            if d[first] == nil {
                guard createMissing else { return false }
            } else if !rest.isEmpty, !child.isContainer {
                guard createMissing else { return false }
                child = .dict([:])
            }
            self = .null // release the old storage so the edit happens in place
            let ok = child.set(value, at: rest, createMissing: createMissing)
            d[first] = child
            self = .dict(d)
            return ok
        case .list(var l):
            guard let i = Int(first), i >= 0, i < l.count else { return false }
            self = .null
            let ok = l[i].set(value, at: rest, createMissing: createMissing)
            self = .list(l)
            return ok
        default:
            guard createMissing else { return false }
            var d = OrderedDictionary<String, ConfigValue>()
            var child = ConfigValue.dict([:])
            child.set(value, at: rest)
            d[first] = child
            self = .dict(d)
            return true
        }
    }

    /// Removes the node at a path; returns the removed node, or nil if there was none.
    @discardableResult
    public mutating func remove(at path: ConfigPath) -> ConfigValue? {
        guard let first = path.first else { return nil }
        let rest = Array(path.dropFirst())
        switch self {
        case .dict(var d):
            guard d[first] != nil else { return nil }
            self = .null
            let removed: ConfigValue?
            if rest.isEmpty {
                removed = d.removeValue(forKey: first)
            } else {
                removed = d[first]!.remove(at: rest)
            }
            self = .dict(d)
            return removed
        case .list(var l):
            guard let i = Int(first), i >= 0, i < l.count else { return nil }
            self = .null
            let removed: ConfigValue? = rest.isEmpty ? l.remove(at: i) : l[i].remove(at: rest)
            self = .list(l)
            return removed
        default:
            return nil
        }
    }
}
