import Foundation
import OrderedCollections

typealias OrderedDictionaryOfConfig = OrderedDictionary<String, ConfigValue>

extension ConfigValue {
    /// The tree as YAML, printed the way `OmegaConf.to_yaml` prints it: block style,
    /// key order kept, two-space indentation with list items at their key's column,
    /// strings quoted only when they would otherwise read back as something else.
    public func yamlString() -> String {
        var out = ""
        switch self {
        case .dict(let d) where !d.isEmpty:
            YAMLEmitter.emitDict(d, indent: 0, into: &out)
        case .list(let l) where !l.isEmpty:
            YAMLEmitter.emitList(l, indent: 0, into: &out)
        default:
            out = YAMLEmitter.inline(self) + "\n"
        }
        return out
    }
}

/// PyYAML's block emitter, reduced to what config trees hold.
enum YAMLEmitter {
    static func emitDict(_ d: OrderedDictionaryOfConfig, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for (key, value) in d {
            out += pad + scalar(key) + ":"
            switch value {
            case .dict(let child) where !child.isEmpty:
                out += "\n"
                emitDict(child, indent: indent + 2, into: &out)
            case .list(let child) where !child.isEmpty:
                out += "\n"
                emitList(child, indent: indent, into: &out)
            default:
                out += " " + inline(value) + "\n"
            }
        }
    }

    static func emitList(_ l: [ConfigValue], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in l {
            switch item {
            case .dict(let child) where !child.isEmpty:
                // First key on the dash line, the rest aligned under it.
                var body = ""
                emitDict(child, indent: indent + 2, into: &body)
                out += pad + "- " + body.dropFirst(indent + 2)
            case .list(let child) where !child.isEmpty:
                var body = ""
                emitList(child, indent: indent + 2, into: &body)
                out += pad + "- " + body.dropFirst(indent + 2)
            default:
                out += pad + "- " + inline(item) + "\n"
            }
        }
    }

    /// A scalar or an empty container on one line.
    static func inline(_ value: ConfigValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return PythonNumbers.yaml(d)
        case .string(let s): return scalar(s)
        case .missing: return "???"
        case .list: return "[]"
        case .dict: return "{}"
        }
    }

    /// A string as a plain scalar when YAML would read it back unchanged, else quoted.
    static func scalar(_ s: String) -> String {
        if s.contains(where: { $0 == "\n" || $0 == "\t" || $0 == "\r" || $0.asciiValue.map { $0 < 0x20 } == true }) {
            return doubleQuoted(s)
        }
        if needsQuotes(s) { return "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
        return s
    }

    private static func needsQuotes(_ s: String) -> Bool {
        guard let first = s.first, let last = s.last else { return true }
        if first == " " || last == " " { return true }
        if s == "???" { return false }
        if "#,[]{}&*!|>'\"%@`".contains(first) { return true }
        if "?:-".contains(first) {
            let second = s.dropFirst().first
            if second == nil || second == " " { return true }
        }
        if s.hasPrefix("---") || s.hasPrefix("...") { return true }
        if last == ":" || s.contains(": ") || s.contains(" #") { return true }
        // Would it read back as a bool, number, null or date?
        return YAMLImplicitType.of(s) != .str
    }

    private static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if ch.value < 0x20 { out += String(format: "\\x%02X", ch.value) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }
}
