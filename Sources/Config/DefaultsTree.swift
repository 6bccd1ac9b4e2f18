import OrderedCollections

/// The defaults tree: which configs composition merged, in which package, in which order.
public struct DefaultsTreeNode: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The primary config (`-cn`).
        case primary
        /// A config pulled in by path (`- base/common`).
        case config
        /// A group option (`group: option`); the option is nil when none is chosen.
        case group(String, option: String?)
        /// The position where the containing config's own body merges (`_self_`).
        case selfBody
    }

    public var kind: Kind
    /// `model/architectures/dbnet`; nil for a group with no option chosen.
    public var configPath: String?
    /// The package the config's body lands in (`model`, `""` for the root).
    public var package: String
    public var children: [DefaultsTreeNode]

    /// The configs to merge, in order, with their packages (what `_self_` positions mean).
    public var mergeOrder: [(configPath: String, package: String)] {
        var out: [(String, String)] = []
        for child in children {
            if child.kind == .selfBody {
                if let path = configPath { out.append((path, child.package)) }
            } else {
                out += child.mergeOrder
            }
        }
        return out
    }

    /// An indented rendering for `--info`.
    public func rendered(indent: Int = 0) -> [String] {
        let pad = String(repeating: "  ", count: indent)
        let pkg = package.isEmpty ? "" : " (package \(package))"
        var lines: [String]
        switch kind {
        case .primary: lines = [pad + (configPath ?? "?") + pkg]
        case .config: lines = [pad + (configPath ?? "?") + pkg]
        case let .group(group, option): lines = [pad + "\(group): \(option ?? "null")" + (option == nil ? "" : pkg)]
        case .selfBody: return [pad + "_self_"]
        }
        for child in children { lines += child.rendered(indent: indent + 1) }
        return lines
    }
}

/// A choice forced on a group from the command line or by an `override` entry.
struct GroupChoice {
    enum Action {
        case choose(DefaultsEntry.Option)
        /// `~group` (nil) or `~group=option` (delete only if that option is chosen).
        case delete(String?)
    }

    var action: Action
    /// For messages: `override #2 'model/architectures=craft'` or a file.
    var source: String
    var fromCommandLine: Bool
    /// An override index when it came from the command line.
    var overrideIndex: Int?
    var used = false
    /// `+g=a/b` rewritten as `g/a=b`: applies only if `g/a` is in the tree, else the append runs.
    var soft = false
    /// A plain `group=option` override: a later one for the same group wins, as in Hydra.
    var plainChange = false
}

/// Builds the defaults tree of a primary config (Hydra 1.3's algorithm, version_base 1.3).
struct DefaultsTreeBuilder {
    let repository: ConfigRepository
    var groupChoices: [String: GroupChoice]
    /// `+group=option` entries, appended to the primary config's defaults list.
    var appended: [(entry: DefaultsEntry, softKey: String?)]
    var choices: OrderedDictionary<String, String?> = [:]

    mutating func build(primary name: String) throws -> DefaultsTreeNode {
        guard let loaded = try repository.load(name) else {
            throw ConfigError.primaryConfigNotFound(name: name, searchPath: repository.searchPath.entries.map(\.path))
        }
        let package = finalPackage(parent: "", package: header(loaded), relativeGroup: "")
        let tree = try expand(loaded, kind: .primary, baseDir: parentDir(name), package: package, isPrimary: true)
        // Report the first unused choice in command-line order (file overrides last), deterministically.
        let unused = groupChoices.filter { !$0.value.used && !$0.value.soft }
            .sorted { ($0.value.overrideIndex ?? .max, $0.key) < ($1.value.overrideIndex ?? .max, $1.key) }
        for (key, choice) in unused {
            let hint = choice.fromCommandLine ? " To add it, use +\(key)=OPTION." : ""
            throw ConfigError.override("Could not override '\(key)' (\(choice.source)): no match in the defaults list.\(hint)")
        }
        return tree
    }

    private mutating func expand(_ loaded: LoadedConfig, kind: DefaultsTreeNode.Kind, baseDir: String,
                                 package: String, isPrimary: Bool) throws -> DefaultsTreeNode {
        var entries = loaded.defaults
        if isPrimary { entries.insert(contentsOf: implicitEntries(missingFrom: entries), at: 0) }
        let hasSelf = entries.contains { $0.target == .selfConfig }
        // Hydra implies `_self_` last; a non-primary config listing only `override`s is a leaf
        // there, whose body merges in its place: the same as an implied `_self_`.
        if !hasSelf && (entries.contains { !$0.isOverride } || entries.isEmpty || !isPrimary) {
            entries.append(DefaultsEntry(target: .selfConfig, text: "_self_"))
        }
        var softKeys: [Int: String] = [:]
        if isPrimary {
            for (entry, softKey) in appended {
                if let softKey { softKeys[entries.count] = softKey }
                entries.append(entry)
            }
        }
        // `override` entries first: they change choices further down (the command line wins).
        for entry in entries where entry.isOverride {
            guard case let .group(group, option) = entry.target else {
                throw ConfigError.defaultsList(file: loaded.file, entry: entry.text, reason: "'override' applies to a config group")
            }
            let key = overrideKey(group: group, explicitPackage: entry.package, baseDir: baseDir, parentPackage: package)
            if let existing = groupChoices[key], existing.fromCommandLine || existing.used { continue }
            groupChoices[key] = GroupChoice(action: .choose(option), source: "in \(loaded.file)", fromCommandLine: false)
        }
        // Hydra expands a defaults list from its last entry to its first, so an `override` in a
        // later entry's config (the `+experiment=x` pattern) changes an earlier group's choice.
        for entry in entries.reversed() where !entry.isOverride {
            try registerOverrides(inConfigOf: entry, baseDir: baseDir, package: package)
        }
        var node = DefaultsTreeNode(kind: kind, configPath: loaded.configPath, package: package, children: [])
        for (position, entry) in entries.enumerated() where !entry.isOverride {
            switch entry.target {
            case .selfConfig:
                node.children.append(DefaultsTreeNode(kind: .selfBody, configPath: nil, package: package, children: []))
            case .config(let path):
                let absolute = absolutePath(path, baseDir: baseDir)
                guard let child = try repository.load(absolute) else {
                    if entry.isOptional { continue }
                    throw ConfigError.defaultsList(file: loaded.file, entry: entry.text,
                                                    reason: "config '\(absolute)' not found in the search path")
                }
                let relativeGroup = parentDir(path.hasPrefix("/") ? String(path.dropFirst()) : path)
                let pkg = finalPackage(parent: package, package: entry.package ?? header(child), relativeGroup: relativeGroup)
                node.children.append(try expand(child, kind: .config, baseDir: parentDir(absolute), package: pkg, isPrimary: false))
            case .group(let group, let declared):
                // An append whose soft choice took effect (the group was in the tree) is done.
                if let softKey = softKeys[position], let soft = groupChoices[softKey], soft.soft, soft.used { continue }
                try expandGroup(entry, group: group, declared: declared, in: loaded, baseDir: baseDir,
                                package: package, into: &node)
            }
        }
        return node
    }

    private mutating func expandGroup(_ entry: DefaultsEntry, group: String, declared: DefaultsEntry.Option,
                                      in loaded: LoadedConfig, baseDir: String, package: String,
                                      into node: inout DefaultsTreeNode) throws {
        let absGroup = absolutePath(group, baseDir: baseDir)
        let relativeGroup = group.hasPrefix("/") ? String(group.dropFirst()) : group
        let key = overrideKey(group: group, explicitPackage: entry.package, baseDir: baseDir, parentPackage: package)
        if choices[key] != nil, let commandLine = entry.commandLine {
            throw ConfigError.override("Could not apply \(commandLine): '\(key)' is already in the defaults list. "
                + "Use \(key)=OPTION to change its option.")
        }
        if choices[key] != nil {
            throw ConfigError.defaultsList(file: loaded.file, entry: entry.text,
                                            reason: "'\(key)' is chosen twice; to change the choice use 'override \(key): OPTION'")
        }
        var option = declared
        // A forced choice applies to the first matching entry only (`~g ++g=x` deletes, then appends).
        if var forced = groupChoices[key], !forced.used {
            forced.used = true
            groupChoices[key] = forced
            switch forced.action {
            case .choose(let chosen):
                option = chosen
            case .delete(let onlyIf):
                if let onlyIf, declared != .name(onlyIf) {
                    throw ConfigError.override("Could not delete '\(key)' (\(forced.source)): its option is "
                        + "\(DefaultsTreeBuilder.describe(declared)), not '\(onlyIf)'. Use ~\(key) to delete whatever is chosen.")
                }
                return
            }
        }
        let names: [String]
        switch option {
        case .none:
            choices[key] = .some(nil)
            node.children.append(DefaultsTreeNode(kind: .group(key, option: nil), configPath: nil, package: package, children: []))
            return
        case .mandatory:
            throw ConfigError.mandatoryGroup(group: absGroup, available: repository.options(in: absGroup))
        case .name(let n): names = [n]
        case .names(let ns): names = ns
        }
        choices[key] = .some(names.count == 1 ? names[0] : "[" + names.joined(separator: ", ") + "]")
        for name in names {
            let path = absGroup + "/" + name
            guard let child = try repository.load(path) else {
                if entry.isOptional { continue }
                throw ConfigError.missingOption(group: absGroup, option: name, available: repository.options(in: absGroup),
                                                 requestedBy: loaded.configPath)
            }
            let pkg = finalPackage(parent: package, package: entry.package ?? header(child), relativeGroup: relativeGroup)
            node.children.append(try expand(child, kind: .group(key, option: name), baseDir: absGroup, package: pkg, isPrimary: false))
        }
    }

    /// The built-in orchestration groups (`hydra/launcher`, `hydra/task`) a primary config does
    /// not list itself, as entries that go first (as Hydra's own config comes before the primary).
    private func implicitEntries(missingFrom entries: [DefaultsEntry]) -> [DefaultsEntry] {
        let listed = Set(entries.compactMap { entry -> String? in
            guard !entry.isOverride, case .group(let group, _) = entry.target else { return nil }
            return group.hasPrefix("/") ? String(group.dropFirst()) : group
        })
        return BuiltinConfigs.implicitDefaults.filter { !listed.contains($0.group) }.map { group, option in
            DefaultsEntry(target: .group(group: group, option: .name(option)), text: "\(group): \(option)")
        }
    }

    /// Registers the `override` entries of the config `entry` will load, before any sibling
    /// is expanded (see `expand`). The command line and earlier registrations win.
    private mutating func registerOverrides(inConfigOf entry: DefaultsEntry, baseDir: String, package: String) throws {
        let childPath: String, childBase: String, relativeGroup: String
        switch entry.target {
        case .selfConfig:
            return
        case .config(let path):
            childPath = absolutePath(path, baseDir: baseDir)
            childBase = parentDir(childPath)
            relativeGroup = parentDir(path.hasPrefix("/") ? String(path.dropFirst()) : path)
        case .group(let group, let declared):
            let key = overrideKey(group: group, explicitPackage: entry.package, baseDir: baseDir, parentPackage: package)
            var option = declared
            if let forced = groupChoices[key], !forced.used, case .choose(let chosen) = forced.action { option = chosen }
            guard case .name(let name) = option else { return }
            childBase = absolutePath(group, baseDir: baseDir)
            childPath = childBase + "/" + name
            relativeGroup = group.hasPrefix("/") ? String(group.dropFirst()) : group
        }
        guard let child = try repository.load(childPath) else { return }  // expansion reports a missing config
        let childPackage = finalPackage(parent: package, package: entry.package ?? header(child), relativeGroup: relativeGroup)
        for nested in child.defaults where nested.isOverride {
            guard case let .group(group, option) = nested.target else { continue }
            let key = overrideKey(group: group, explicitPackage: nested.package, baseDir: childBase, parentPackage: childPackage)
            if groupChoices[key] != nil { continue }
            groupChoices[key] = GroupChoice(action: .choose(option), source: "in \(child.file)", fromCommandLine: false)
        }
    }

    /// The key a command-line override uses for a group entry: its group path, plus
    /// `@package` when the entry names a package other than the default one.
    func overrideKey(group: String, explicitPackage: String?, baseDir: String, parentPackage: String) -> String {
        let absGroup = absolutePath(group, baseDir: baseDir)
        guard let explicitPackage else { return absGroup }
        let relativeGroup = group.hasPrefix("/") ? String(group.dropFirst()) : group
        let defaultPackage = absGroup.replacingOccurrences(of: "/", with: ".")
        var final = finalPackage(parent: parentPackage, package: explicitPackage, relativeGroup: relativeGroup)
        guard final != defaultPackage else { return absGroup }
        if final.isEmpty { final = "_global_" }
        return absGroup + "@" + final
    }

    /// Hydra's package arithmetic: a package is relative to the parent's, unless it
    /// contains `_global_`, which restarts it at the root.
    func finalPackage(parent: String, package: String?, relativeGroup: String) -> String {
        let pkg = package ?? relativeGroup.replacingOccurrences(of: "/", with: ".")
        let joined = parent.isEmpty ? pkg : (pkg.isEmpty ? parent : parent + "." + pkg)
        guard let range = joined.range(of: "_global_", options: .backwards) else { return joined }
        return String(joined[range.upperBound...].drop(while: { $0 == "." }))
    }

    /// The `# @package` header as a package: absolute (`_global_.` prefixed); `_group_`
    /// means the config's own group.
    private func header(_ loaded: LoadedConfig) -> String? {
        guard var h = loaded.packageHeader else { return nil }
        if h.contains("_group_") {
            h = h.replacingOccurrences(of: "_group_", with: parentDir(loaded.configPath).replacingOccurrences(of: "/", with: "."))
        }
        if h == "_global_" || h.hasPrefix("_global_.") { return h }
        return h.isEmpty ? "_global_" : "_global_." + h
    }

    private func absolutePath(_ path: String, baseDir: String) -> String {
        if path.hasPrefix("/") { return String(path.dropFirst()) }
        return baseDir.isEmpty ? path : baseDir + "/" + path
    }

    private func parentDir(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func describe(_ option: DefaultsEntry.Option) -> String {
        switch option {
        case .name(let n): return "'\(n)'"
        case .none: return "null"
        case .mandatory: return "???"
        case .names(let ns): return "[" + ns.joined(separator: ", ") + "]"
        }
    }
}
