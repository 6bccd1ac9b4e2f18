import Foundation

/// One config file as loaded: its body without the defaults list, the defaults list,
/// and its `# @package` header.
struct LoadedConfig: Sendable {
    var configPath: String
    var file: String
    var body: ConfigValue
    var defaults: [DefaultsEntry]
    /// True when the file has a `defaults` key (even an empty one).
    var hasDefaultsKey: Bool
    var packageHeader: String?
}

/// Reads configs and group listings from a search path and caches everything it reads,
/// so composing many times (a sweep) parses each file once. Safe to share across threads.
final class ConfigRepository: @unchecked Sendable {
    let searchPath: ConfigSearchPath
    private let lock = NSLock()
    private var configs: [String: LoadedConfig?] = [:]
    private var groupExistence: [String: Bool] = [:]
    private var optionLists: [String: [String]] = [:]

    init(searchPath: ConfigSearchPath) { self.searchPath = searchPath }

    /// The config at a path like `model/architectures/dbnet` (no `.yaml`), or nil if no
    /// search path entry has it.
    func load(_ configPath: String) throws -> LoadedConfig? {
        lock.lock()
        if let cached = configs[configPath] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        var loaded: LoadedConfig?
        for entry in searchPath.entries {
            let file = entry.path + "/" + configPath + ".yaml"
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigError.yaml(file: file, line: nil, message: "not UTF-8 text")
            }
            loaded = try ConfigRepository.parse(text, file: file, configPath: configPath)
            break
        }
        if loaded == nil, let text = BuiltinConfigs.files[configPath] {
            loaded = try ConfigRepository.parse(text, file: BuiltinConfigs.location + "/" + configPath + ".yaml",
                                                configPath: configPath)
        }
        lock.lock()
        configs[configPath] = .some(loaded)
        lock.unlock()
        return loaded
    }

    /// True when some search path entry has a directory for this group.
    func groupExists(_ group: String) -> Bool {
        guard !group.isEmpty else { return false }
        lock.lock()
        if let known = groupExistence[group] {
            lock.unlock()
            return known
        }
        lock.unlock()
        var isDir: ObjCBool = false
        let exists = BuiltinConfigs.groups.contains(group) || searchPath.entries.contains {
            FileManager.default.fileExists(atPath: $0.path + "/" + group, isDirectory: &isDir) && isDir.boolValue
        }
        lock.lock()
        groupExistence[group] = exists
        lock.unlock()
        return exists
    }

    /// The options of a group (YAML files directly in it, without extension), sorted.
    func options(in group: String) -> [String] {
        lock.lock()
        if let known = optionLists[group] {
            lock.unlock()
            return known
        }
        lock.unlock()
        var names = Set(BuiltinConfigs.options(in: group))
        for entry in searchPath.entries {
            let dir = entry.path + (group.isEmpty ? "" : "/" + group)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name.hasSuffix(".yaml") {
                names.insert(String(name.dropLast(5)))
            }
        }
        let sorted = names.sorted()
        lock.lock()
        optionLists[group] = sorted
        lock.unlock()
        return sorted
    }

    /// Every config group under the search path (directories holding YAML files), sorted.
    func allGroups() -> [String] {
        var groups = BuiltinConfigs.groups
        for entry in searchPath.entries {
            guard let walker = FileManager.default.enumerator(atPath: entry.path) else { continue }
            while let rel = walker.nextObject() as? String {
                if rel.hasSuffix(".yaml"), rel.contains("/") {
                    groups.insert(String(rel[..<rel.lastIndex(of: "/")!]))
                }
            }
        }
        return groups.sorted()
    }

    private static func parse(_ text: String, file: String, configPath: String) throws -> LoadedConfig {
        let value = try ConfigValue(yaml: text, file: file)
        guard case .dict(var body) = value else {
            throw ConfigError.yaml(file: file, line: nil, message: "a config file must hold a mapping at the top, found a \(value.kindName)")
        }
        let rawDefaults = body.removeValue(forKey: "defaults")
        var defaults: [DefaultsEntry] = []
        switch rawDefaults {
        case nil, .null?:
            break
        case .list(let items)?:
            defaults = try items.map { try DefaultsEntry(parsing: $0, file: file) }
        case let other?:
            throw ConfigError.defaultsList(file: file, entry: "defaults", reason: "expected a list, found a \(other.kindName)")
        }
        return LoadedConfig(configPath: configPath, file: file, body: .dict(body), defaults: defaults,
                            hasDefaultsKey: rawDefaults != nil, packageHeader: packageHeader(of: text))
    }

    /// The value of a `# @package NAME` comment in the leading comment block.
    static func packageHeader(of text: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard trimmed.hasPrefix("#") else { return nil }
            let comment = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
            if comment.hasPrefix("@package") {
                let value = comment.dropFirst("@package".count).trimmingCharacters(in: .whitespaces)
                return value.hasPrefix(":") ? value.dropFirst().trimmingCharacters(in: .whitespaces) : value
            }
        }
        return nil
    }
}
