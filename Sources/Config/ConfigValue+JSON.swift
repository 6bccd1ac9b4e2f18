extension ConfigValue {
    /// The tree as JSON with key order kept, as Python's `json.dumps` writes it
    /// (`NaN`/`Infinity` for non-finite floats, `"???"` for missing values).
    /// `indent` > 0 pretty-prints with that many spaces per level.
    public func jsonString(indent: Int = 2) -> String {
        var out = ""
        JSONEmitter(indent: indent).emit(self, level: 0, into: &out)
        return out
    }
}

private struct JSONEmitter {
    let indent: Int

    func emit(_ value: ConfigValue, level: Int, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isNaN { out += "NaN" } else if d.isInfinite { out += d < 0 ? "-Infinity" : "Infinity" } else { out += PythonNumbers.repr(d) }
        case .string(let s): quote(s, into: &out)
        case .missing: out += "\"???\""
        case .list(let l):
            if l.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in l.enumerated() {
                if i > 0 { out += indent > 0 ? "," : ", " }
                newline(level + 1, into: &out)
                emit(item, level: level + 1, into: &out)
            }
            newline(level, into: &out)
            out += "]"
        case .dict(let d):
            if d.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (k, v)) in d.enumerated() {
                if i > 0 { out += indent > 0 ? "," : ", " }
                newline(level + 1, into: &out)
                quote(k, into: &out)
                out += ": "
                emit(v, level: level + 1, into: &out)
            }
            newline(level, into: &out)
            out += "}"
        }
    }

    private func newline(_ level: Int, into out: inout String) {
        if indent > 0 { out += "\n" + String(repeating: " ", count: indent * level) }
    }

    private func quote(_ s: String, into out: inout String) {
        out += "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 {
                    let hex = String(ch.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        out += "\""
    }
}
