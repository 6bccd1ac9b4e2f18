import Foundation
import Yams

/// Canonical text for config values, shared by ingestion and `--where` matching:
/// integers and floats as Swift prints them (`0.001`, `1e-05`), `true`/`false`, `null`,
/// strings as they are, lists and maps as compact JSON.
public enum ConfigText {
    /// The canonical text of a value typed on the command line (`--where key=value`),
    /// read as YAML reads a plain scalar, with OmegaConf's `1e-4` floats.
    public static func canonical(_ text: String) -> String {
        canonical(plainScalar: text)
    }

    static func canonical(plainScalar text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "true": return "true"
        case "false": return "false"
        case "null", "~", "": return "null"
        case ".inf", "+.inf": return ".inf"
        case "-.inf": return "-.inf"
        case ".nan": return ".nan"
        default: break
        }
        if let int = Int(trimmed) { return String(int) }
        if looksNumeric(trimmed), let double = Double(trimmed) { return number(double) }
        return text
    }

    /// Parses YAML keeping every scalar's text; typing is `canonical(plainScalar:)`'s (no
    /// regular expressions per scalar, as the YAML 1.1 resolver runs).
    static func compose(_ yaml: String) throws -> Node? {
        try Yams.compose(yaml: yaml, .basic, .default, .utf8)
    }

    /// The text of a number: integral floats keep their `.0` so `1.0` and `1` stay apart as YAML keeps them.
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : (value.isNaN ? ".nan" : (value > 0 ? ".inf" : "-.inf"))
    }

    /// A scalar's canonical text: a plain scalar typed as YAML and OmegaConf read it, a quoted one as is.
    static func scalarText(_ node: Node) -> String {
        guard case let .scalar(scalar) = node else { return json(node) }
        return scalar.style == .plain ? canonical(plainScalar: scalar.string) : scalar.string
    }

    static func leafText(_ node: Node) -> String {
        if case .scalar = node { return scalarText(node) }
        return json(node)
    }

    /// Compact JSON for a YAML node, keeping mapping order.
    static func json(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar):
            let text = scalarText(node)
            return scalar.style == .plain ? jsonNumberOrString(text) : quote(text)
        case let .mapping(mapping):
            return "{" + mapping.map { quote($0.key.string ?? scalarText($0.key)) + ":" + json($0.value) }.joined(separator: ",") + "}"
        case let .sequence(sequence):
            return "[" + sequence.map(json).joined(separator: ",") + "]"
        case let .alias(alias):
            return quote("*" + alias.anchor.rawValue)
        }
    }

    private static func jsonNumberOrString(_ text: String) -> String {
        if ["true", "false", "null"].contains(text) { return text }
        if looksNumeric(text), Double(text)?.isFinite == true { return text }
        return quote(text)
    }

    static func looksNumeric(_ text: String) -> Bool {
        guard let first = text.first, first.isNumber || "+-.".contains(first) else { return false }
        return text.allSatisfy { $0.isNumber || "+-.eE".contains($0) } && text.contains(where: \.isNumber)
    }

    /// The JSON for a canonical value: numbers, booleans, null, lists and maps as themselves,
    /// anything else as a string.
    public static func jsonLiteral(_ canonical: String) -> String {
        if ["true", "false", "null"].contains(canonical) { return canonical }
        if looksNumeric(canonical), Double(canonical)?.isFinite == true { return canonical }
        if let first = canonical.first, first == "[" || first == "{",
           (try? JSONSerialization.jsonObject(with: Data(canonical.utf8), options: [.fragmentsAllowed])) != nil {
            return canonical
        }
        return quote(canonical)
    }

    /// A JSON string literal.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func oneLine(_ error: Error) -> String {
        "\(error)".split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
