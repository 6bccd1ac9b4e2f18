import OrderedCollections

extension ParsedElement {
    /// The element as a group option name (`dbnet`, `architectures/dbnetpp`), if it is one.
    var optionName: String? {
        switch self {
        case .string(let s, _): return s
        case .int(let i): return String(i)
        case .double(let d): return PythonNumbers.repr(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}

extension Override {
    /// `override #3 'model.head.k=40'`: how messages point at an override (1-based).
    var reference: String { "override #\(index + 1) '\(inputLine)'" }
}
