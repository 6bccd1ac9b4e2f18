extension ConfigValue {
    /// Merges `other` on top of this node with OmegaConf's rules: dicts merge key by key
    /// (new keys appended in order), everything else is replaced, and a `???` in `other`
    /// never replaces an existing value.
    public mutating func merge(_ other: ConfigValue) {
        if other.isMissing { return }
        guard case .dict(let src) = other, case .dict(var dest) = self else {
            self = other
            return
        }
        self = .null // release storage so `dest` is edited in place
        for (key, value) in src {
            if var existing = dest[key] {
                dest[key] = .null
                existing.merge(value)
                dest[key] = existing
            } else {
                dest[key] = value
            }
        }
        self = .dict(dest)
    }

    /// `merge(_:)` returning the result.
    public func merging(_ other: ConfigValue) -> ConfigValue {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// This node placed under a dotted package: `wrapped(in: "model.head")` -> `{model: {head: self}}`.
    public func wrapped(in package: String) -> ConfigValue {
        var node = self
        for segment in ConfigPath(dotted: package).reversed() {
            node = .dict([segment: node])
        }
        return node
    }
}
