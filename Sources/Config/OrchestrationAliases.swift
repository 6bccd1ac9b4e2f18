/// Ablate's short spellings of the orchestration settings, which live in the `hydra` node:
/// `launcher=slurm` is `hydra/launcher=slurm`, `launcher.n_jobs=2` is `hydra.launcher.n_jobs=2`,
/// `task=train` is `hydra/task=train`, `task.command=[...]` is `hydra.task.command=[...]`.
///
/// A user's config may hold its own `task` or `launcher`: the short spelling then means the
/// user's key, never the orchestration setting. Precisely, `NAME=option` is the alias when the
/// config tree has no group NAME, the primary config has no top-level key NAME, and `option` is an
/// option of `hydra/NAME`; `NAME.key=value` is the alias unless the composed config has a
/// top-level NAME that holds a mapping or list (a scalar NAME has no keys to set).
/// The `hydra/...` and `hydra....` spellings always mean the setting.
enum OrchestrationAliases {
    static let names: Set<String> = ["launcher", "task"]

    /// `override` as the hydra group override it stands for, or nil when it is not an alias.
    static func groupForm(_ override: Override, primaryBody: ConfigValue, options: (String) -> [String],
                          isGroup: (String) -> Bool) -> Override? {
        let name = override.keyOrGroup
        guard names.contains(name), override.package == nil, !isGroup(name),
              primaryBody.child(name) == nil else { return nil }
        switch override.kind {
        case .change, .forceAdd, .delete: break
        case .add: return nil
        }
        if let value = override.value {
            guard case .element(let element) = value, let option = element.optionName,
                  options("hydra/" + name).contains(option) else { return nil }
        }
        var rewritten = override
        rewritten.keyOrGroup = "hydra/" + name
        return rewritten
    }

    /// `override` as the `hydra.` key override it stands for, or nil when it is not an alias.
    static func keyForm(_ override: Override, in config: ConfigValue, isGroup: (String) -> Bool) -> Override? {
        guard let dot = override.keyOrGroup.firstIndex(of: ".") else { return nil }
        let name = String(override.keyOrGroup[..<dot])
        guard names.contains(name), !isGroup(name), config.child(name)?.isContainer != true else { return nil }
        var rewritten = override
        rewritten.keyOrGroup = "hydra." + override.keyOrGroup
        return rewritten
    }

    /// Whether `override` sets something in the `hydra` node (so it stays out of `override_dirname`
    /// and out of a job's own override list, as in Hydra).
    static func isHydra(_ override: Override) -> Bool {
        let key = override.keyOrGroup
        return key == "hydra" || key.hasPrefix("hydra.") || key.hasPrefix("hydra/")
    }
}
