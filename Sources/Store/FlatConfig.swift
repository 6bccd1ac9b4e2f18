import Foundation
import Yams

/// A run's resolved config flattened to `dotted.key -> value` text, in config order, plus the
/// same tree as JSON. Values are canonical text (see `ConfigText`), so `--where` can match them.
struct FlatConfig: Sendable {
    var entries: [(key: String, value: String)] = []
    var json = "{}"
    /// `logger.project`, when set.
    var project: String?
    /// `logger.tags`: a list of strings, or one string.
    var tags: [String] = []
    /// The top-level `exp_name`, when set.
    var expName: String?

    /// The value at a dotted key, if the key is a leaf.
    subscript(key: String) -> String? {
        entries.first { $0.key == key }?.value
    }

    /// Parses a `.hydra/config.yaml` text. `file` names it in errors.
    init(yaml: String, file: String) throws {
        let node: Node?
        do {
            node = try ConfigText.compose(yaml)
        } catch let error as YamlError {
            throw StoreError.unreadableRunFile(path: file, reason: "invalid YAML: \(ConfigText.oneLine(error))")
        }
        guard let node else { return }
        guard case .mapping = node else {
            throw StoreError.unreadableRunFile(path: file, reason: "the config is not a mapping")
        }
        var entries: [(key: String, value: String)] = []
        Self.flatten(node, prefix: "", into: &entries)
        self.entries = entries
        json = ConfigText.json(node)
        let logger = node["logger"]
        project = logger?["project"].flatMap(Self.text)
        if let tags = logger?["tags"] {
            if case let .sequence(list) = tags {
                self.tags = list.compactMap(Self.text)
            } else if let tag = Self.text(tags) {
                self.tags = [tag]
            }
        }
        expName = node["exp_name"].flatMap(Self.text)
    }

    init() {}

    private static func text(_ node: Node) -> String? {
        guard case .scalar = node else { return nil }
        let text = ConfigText.scalarText(node)
        return text == "null" && node.scalar?.style == .plain ? nil : text
    }

    private static func flatten(_ node: Node, prefix: String, into entries: inout [(key: String, value: String)]) {
        if case let .mapping(mapping) = node, !mapping.isEmpty {
            for (key, value) in mapping {
                let name = key.string ?? ConfigText.scalarText(key)
                flatten(value, prefix: prefix.isEmpty ? name : prefix + "." + name, into: &entries)
            }
        } else {
            entries.append((prefix, ConfigText.leafText(node)))
        }
    }
}

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
