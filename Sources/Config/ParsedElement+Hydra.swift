extension ParsedElement {
    /// The value as it goes into the config tree: quotes are dropped (a quoted string is a
    /// plain string), dict keys stay the strings they were parsed as.
    public var configValue: ConfigValue {
        switch self {
        case .null: return .null
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .string(s, _): return .string(s)
        case let .list(items): return .list(items.map(\.configValue))
        case let .dict(items): return .dict(items.mapValues(\.configValue))
        }
    }

    /// The element written back as Hydra writes an override value
    /// (`Override.get_value_element_as_str`): unquoted strings with `\ ( ) [ ] { } : = ,`
    /// space and tab escaped by a backslash, quoted strings in their quotes, booleans as
    /// `True`/`False`, floats as Python's `repr` (`0.7000000000000001`, `1e-05`, `inf`),
    /// null as `null`, lists `[a,b]` and dicts `{k:v}` without spaces.
    ///
    /// This is the text of a job's `key=value` override and thus of `override_dirname`.
    public var hydraString: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "True" : "False"
        case let .int(i): return String(i)
        case let .double(d): return PythonNumbers.repr(d)
        case let .string(s, nil): return Self.escapeSpecials(s)
        case let .string(s, quote?): return QuotedText.quote(s, with: quote.rawValue.unicodeScalars.first!)
        case let .list(items): return "[" + items.map(\.hydraString).joined(separator: ",") + "]"
        case let .dict(items):
            // Keys are stored as their Hydra text already for typed keys; escaping is a no-op there.
            return "{" + items.map { "\(Self.escapeSpecials($0.key)):\($0.value.hydraString)" }.joined(separator: ",") + "}"
        }
    }

    /// Characters that the grammar reads as structure unless escaped.
    static let specialCharacters: Set<Unicode.Scalar> = ["\\", "(", ")", "[", "]", "{", "}", ":", "=", ",", " ", "\t"]

    /// `s` with every special character preceded by a backslash (Hydra's
    /// `escape_special_characters`).
    static func escapeSpecials(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: specialCharacters.contains) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if specialCharacters.contains(c) { out.append("\\") }
            out.append(c)
        }
        return String(out)
    }
}
