import OrderedCollections

/// The result of one composition.
public struct Composition: Sendable {
    /// The whole tree, `hydra` node included, interpolations unresolved.
    public var config: ConfigValue
    /// The defaults tree the config was merged from.
    public var defaultsTree: DefaultsTreeNode
    /// The chosen option of every group in the tree (`hydra.runtime.choices`).
    public var choices: OrderedDictionary<String, String?>
    public var searchPath: ConfigSearchPath

    /// The task config: `config` without the `hydra` node (what `--cfg job` prints).
    public var taskConfig: ConfigValue {
        var copy = config
        copy.remove(at: ["hydra"])
        return copy
    }

    /// Just the `hydra` node, under a `hydra` key (what `--cfg hydra` prints).
    public var hydraConfig: ConfigValue {
        .dict(["hydra": config.value(at: ["hydra"]) ?? .dict([:])])
    }
}

/// Composes configs from a search path the way Hydra 1.3 does (defaults lists, `_self_`,
/// packages, group overrides, struct-mode key overrides), with one addition: selectors
/// (`_selectors_` in the primary config) make a key such as `model.architecture_name` switch a group option.
///
/// A Composer caches every file and listing it reads; reuse one for many compositions.
public final class Composer: Sendable {
    /// The primary config's key holding selectors (`key: group`); not part of the result.
    public static let selectorsKey = "_selectors_"

    private let repository: ConfigRepository

    public var searchPath: ConfigSearchPath { repository.searchPath }

    public init(searchPath: ConfigSearchPath) {
        repository = ConfigRepository(searchPath: searchPath)
    }

    /// The options of a config group, sorted (`model/architectures` -> craft, dbnet, dbnetpp).
    public func options(in group: String) -> [String] { repository.options(in: group) }

    /// Every config group in the search path, sorted.
    public func groups() -> [String] { repository.allGroups() }

    /// True when `name` is a config group (a directory in the search path).
    public func isGroup(_ name: String) -> Bool { repository.groupExists(name) }

    /// Composes `configName` with the overrides (none may be a sweep).
    public func compose(configName: String = "train", overrides: [Override] = [],
                        runtime: RuntimeContext = RuntimeContext()) throws -> Composition {
        if let sweep = overrides.first(where: \.isSweep) {
            throw ConfigError.override("Could not apply \(sweep.reference): it is a sweep. Add -m to run one job per value.")
        }
        guard let primary = try repository.load(configName) else {
            throw ConfigError.primaryConfigNotFound(name: configName, searchPath: searchPath.entries.map(\.path))
        }
        let selectors = primary.body.value(at: [Composer.selectorsKey])?.dictValue ?? [:]

        var groupChoices: [String: GroupChoice] = [:]
        var appended: [(entry: DefaultsEntry, softKey: String?)] = []
        var keyOverrides: [Override] = []
        // The orchestration aliases (`launcher=slurm`, `task.command=...`) as what they stand for.
        var effective = overrides.map {
            OrchestrationAliases.groupForm($0, primaryBody: primary.body, options: repository.options(in:),
                                           isGroup: repository.groupExists) ?? $0
        }
        for override in effective {
            let name = override.keyOrGroup
            if repository.groupExists(name) {
                try addGroupOverride(override, choices: &groupChoices, appended: &appended)
                continue
            }
            if name.contains("/") {
                throw ConfigError.override("Could not apply \(override.reference): '\(name)' is not a config group. "
                    + "Groups: \(repository.allGroups().joined(separator: ", ")).")
            }
            keyOverrides.append(override)
            if let group = selectors[name]?.stringValue, override.kind == .change || override.kind == .forceAdd,
               case .element(let element)? = override.value, let option = element.optionName {
                try claim(group, GroupChoice(action: .choose(.name(option)), source: override.reference,
                                             fromCommandLine: true, overrideIndex: override.index),
                          in: &groupChoices, by: override)
            }
        }

        var builder = DefaultsTreeBuilder(repository: repository, groupChoices: groupChoices, appended: appended)
        let tree = try builder.build(primary: configName)

        var config = HydraNode.defaults
        for (path, package) in tree.mergeOrder {
            guard let loaded = try repository.load(path) else { continue }
            config.merge(package.isEmpty ? loaded.body : loaded.body.wrapped(in: package))
        }
        config.remove(at: [Composer.selectorsKey])
        for (position, override) in keyOverrides.enumerated() {
            guard let alias = OrchestrationAliases.keyForm(override, in: config, isGroup: repository.groupExists) else { continue }
            keyOverrides[position] = alias
            if let slot = effective.firstIndex(where: { $0.index == override.index }) { effective[slot] = alias }
        }
        var taskOverrides: [Override] = []
        var hydraOverrides: [Override] = []
        for override in effective {
            if OrchestrationAliases.isHydra(override) {
                hydraOverrides.append(override)
            } else {
                taskOverrides.append(override)
            }
        }
        for override in keyOverrides {
            try KeyOverride.apply(override, to: &config)
        }
        HydraNode.fillRuntime(&config, configName: configName, taskOverrides: taskOverrides, hydraOverrides: hydraOverrides,
                              choices: builder.choices, searchPath: searchPath, runtime: runtime)
        return Composition(config: config, defaultsTree: tree, choices: builder.choices, searchPath: searchPath)
    }

    /// Records a command-line choice for a group; two for the same group are an error.
    private func claim(_ key: String, _ choice: GroupChoice, in choices: inout [String: GroupChoice],
                       by override: Override) throws {
        // `+g=a/b ~g/a`, in either order, is Hydra's replace idiom: the delete wins, the append runs.
        let deleteAfterSoft: Bool = {
            if case .delete = choice.action, choices[key]?.soft == true { return true }
            return false
        }()
        if let other = choices[key], !(other.plainChange && choice.plainChange), !deleteAfterSoft {
            let what = override.keyOrGroup == key ? "'\(key)'" : "config group '\(key)'"
            throw ConfigError.override("Could not apply \(override.reference): it selects \(what), "
                + "which \(other.source) already sets. Keep one of them.")
        }
        choices[key] = choice
    }

    private func addGroupOverride(_ override: Override, choices: inout [String: GroupChoice],
                                  appended: inout [(entry: DefaultsEntry, softKey: String?)]) throws {
        let key = override.key
        let option: DefaultsEntry.Option
        switch override.value {
        case nil:
            option = .none
        case .element(let element)?:
            switch element {
            case .null: option = .none
            case .list(let items):
                option = .names(try items.map {
                    guard let n = $0.optionName else {
                        throw ConfigError.override("Could not apply \(override.reference): a list of options must hold names.")
                    }
                    return n
                })
            default:
                guard let n = element.optionName else {
                    throw ConfigError.override("Could not apply \(override.reference): an option must be a name.")
                }
                option = n == "???" ? .mandatory : .name(n)
            }
        case _?:
            throw ConfigError.override("Could not apply \(override.reference): it is a sweep. Add -m to run one job per value.")
        }
        let explicit = GroupChoice(action: .choose(option), source: override.reference, fromCommandLine: true,
                                   overrideIndex: override.index)
        switch override.kind {
        case .change:
            var change = explicit
            change.plainChange = true
            try claim(key, change, in: &choices, by: override)
        case .delete:
            var optionName: String?
            if case .name(let n) = option { optionName = n }
            try claim(key, GroupChoice(action: .delete(optionName), source: override.reference, fromCommandLine: true,
                                       overrideIndex: override.index), in: &choices, by: override)
        case .add, .forceAdd:
            var entry = DefaultsEntry(target: .group(group: override.keyOrGroup, option: option), package: override.package,
                                      text: override.inputLine)
            entry.commandLine = override.reference
            var softKey: String?
            if override.kind == .forceAdd {
                // `++group=opt`: change the choice if the group is in the tree, else append it.
                softKey = key
            } else if override.package == nil, case .name(let n) = option, let slash = n.lastIndex(of: "/") {
                // `+model=architectures/dbnetpp` with `model/architectures` in the tree replaces that
                // choice instead of merging a second architecture on top.
                let subgroup = override.keyOrGroup + "/" + n[..<slash]
                if repository.groupExists(subgroup) {
                    softKey = subgroup
                    var soft = GroupChoice(action: .choose(.name(String(n[n.index(after: slash)...]))),
                                           source: override.reference, fromCommandLine: true, overrideIndex: override.index)
                    soft.soft = true
                    // `~model/architectures +model=architectures/x` (Hydra's way to replace) still appends.
                    if choices[subgroup] == nil { choices[subgroup] = soft }
                }
            }
            if override.kind == .forceAdd {
                var soft = explicit
                soft.soft = true
                if choices[key] == nil { choices[key] = soft }
            }
            appended.append((entry, softKey))
        }
    }
}
