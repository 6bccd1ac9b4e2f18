/// The text `train --info` prints: search path, defaults tree, merge order, chosen options.
public enum Introspection {
    public static func info(_ composition: Composition) -> String {
        var lines = ["Config search path:"]
        lines += composition.searchPath.descriptions.map { "  " + $0 }
        lines += ["", "Defaults tree:"]
        lines += composition.defaultsTree.rendered(indent: 1)
        lines += ["", "Merge order (config -> package):"]
        for (i, item) in composition.defaultsTree.mergeOrder.enumerated() {
            lines.append("  \(i + 1). \(item.configPath) -> \(item.package.isEmpty ? "<root>" : item.package)")
        }
        lines += ["", "Chosen options (hydra.runtime.choices):"]
        for (group, option) in composition.choices {
            lines.append("  \(group): \(option ?? "null")")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
