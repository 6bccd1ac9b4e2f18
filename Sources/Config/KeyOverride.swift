/// Applies key overrides (`key=v`, `+key=v`, `++key=v`, `~key[=v]`) to a composed tree in
/// struct mode: only `+`/`++` may create keys; dicts merge, everything else is replaced.
enum KeyOverride {
    static func apply(_ override: Override, to config: inout ConfigValue) throws {
        let key = override.keyOrGroup
        let path = ConfigPath(dotted: key)
        let value: ConfigValue? = try {
            switch override.value {
            case nil: return nil
            case .element(let e)?:
                // `key=???` makes the key mandatory again, as OmegaConf reads "???".
                return e.configValue == .string("???") ? .missing : e.configValue
            case _?:
                throw ConfigError.override("Could not apply \(override.reference): it is a sweep. Add -m to run one job per value.")
            }
        }()
        let existing = config.value(at: path)
        switch override.kind {
        case .change:
            guard let existing, let value else {
                throw ConfigError.override("Could not override '\(key)' (override #\(override.index + 1)): no such key."
                    + suggestion(for: path, in: config) + " Use +\(key)=... to add a key.")
            }
            config.set(updated(existing, with: value), at: path)
        case .add:
            guard let value else { return }
            if let existing {
                throw ConfigError.override("Could not add '\(key)' (override #\(override.index + 1)): the key already exists "
                    + "(value \(YAMLEmitter.inline(existing))). Use ++\(key)=... to add or change it.")
            }
            try set(value, at: path, in: &config, override: override)
        case .forceAdd:
            guard let value else { return }
            if let existing {
                config.set(updated(existing, with: value), at: path)
            } else {
                try set(value, at: path, in: &config, override: override)
            }
        case .delete:
            guard let existing else {
                throw ConfigError.override("Could not delete '\(key)' (override #\(override.index + 1)): no such key."
                    + suggestion(for: path, in: config))
            }
            // `~key=null` deletes whatever the value, as Hydra does (its sweeper writes `~key` so).
            if let value, value != .null, value != existing {
                throw ConfigError.override("Could not delete '\(key)' (override #\(override.index + 1)): its value is "
                    + "\(YAMLEmitter.inline(existing)), not \(YAMLEmitter.inline(value)). Use ~\(key) to delete it whatever its value.")
            }
            config.remove(at: path)
        }
    }

    /// `OmegaConf.update(merge=True)`: a dict onto a dict merges; anything else replaces.
    private static func updated(_ existing: ConfigValue, with value: ConfigValue) -> ConfigValue {
        if existing.dictValue != nil, value.dictValue != nil { return existing.merging(value) }
        return value
    }

    private static func set(_ value: ConfigValue, at path: ConfigPath, in config: inout ConfigValue, override: Override) throws {
        // A new key may go under a dict (created if missing), never inside a scalar or past a list's end.
        var node = config
        for segment in path.dropLast() {
            guard let next = node.child(segment) else { break }
            if !next.isContainer && !next.isNull {
                throw ConfigError.override("Could not add '\(override.keyOrGroup)' (override #\(override.index + 1)): "
                    + "'\(segment)' holds a \(next.kindName), not a dict. Replace it first with \(segment)=... or pick another key.")
            }
            node = next
        }
        if case .list = node {
            throw ConfigError.override("Could not add '\(override.keyOrGroup)' (override #\(override.index + 1)): "
                + "no such list index. Set the whole list instead.")
        }
        config.set(value, at: path)
    }

    /// ` Did you mean 'optimizer.lr'?` when a close existing key is found, else "".
    static func suggestion(for path: ConfigPath, in config: ConfigValue) -> String {
        // Hydra habits: `hydra.launcher.n_jobs` is `launcher.n_jobs` here.
        if path.first == "hydra", path.count > 2, config.value(at: Array(path.dropFirst())) != nil {
            return " Did you mean '\(path.dropFirst().joined(separator: "."))'?"
        }
        var node = config
        var prefix: ConfigPath = []
        for (i, segment) in path.enumerated() {
            if let next = node.child(segment) {
                node = next
                prefix.append(segment)
                continue
            }
            guard case .dict(let d) = node else { return "" }
            let rest = Array(path[(i + 1)...])
            let candidates = d.keys.filter { k in rest.isEmpty || d[k]?.value(at: rest) != nil }
            let best = candidates.map { ($0, editDistance($0, segment)) }.min { $0.1 < $1.1 }
            guard let best, best.1 <= max(2, segment.count / 3) else { return "" }
            return " Did you mean '\((prefix + [best.0] + rest).dotted)'?"
        }
        return ""
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
