import OrderedCollections

/// A node of a configuration tree, as OmegaConf holds one: typed scalars, ordered maps, lists.
///
/// Strings may hold interpolations (`${a.b}`); they are resolved by the interpolation
/// step, not at load time. `missing` is OmegaConf's `???` mandatory value.
public indirect enum ConfigValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case missing
    case list([ConfigValue])
    case dict(OrderedDictionary<String, ConfigValue>)
}
