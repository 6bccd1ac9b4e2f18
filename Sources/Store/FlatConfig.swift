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
