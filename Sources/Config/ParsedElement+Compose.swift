import OrderedCollections

extension ParsedElement {
    /// The element as a config value: quotes dropped, `???` as a missing value.
    var composedValue: ConfigValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s, _): return s == "???" ? .missing : .string(s)
        case .list(let items): return .list(items.map(\.composedValue))
        case .dict(let d):
            var out = OrderedDictionary<String, ConfigValue>()
            for (k, v) in d { out[k] = v.composedValue }
            return .dict(out)
        }
    }

    /// The element as a group option name (`dbnet`, `architectures/dbnetpp`), if it is one.
    var optionName: String? {
        switch self {
        case .string(let s, _): return s
        case .int(let i): return String(i)
        case .double(let d): return PythonFloat.repr(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}

extension Override {
    /// `override #3 'model.head.k=40'`: how messages point at an override (1-based).
    var reference: String { "override #\(index + 1) '\(inputLine)'" }
}
