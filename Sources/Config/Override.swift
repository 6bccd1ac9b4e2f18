import OrderedCollections

/// One command-line override, parsed by `OverrideParser` with Hydra 1.3's grammar.
public struct Override: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `key=value`
        case change
        /// `+key=value`
        case add
        /// `++key=value`
        case forceAdd
        /// `~key` or `~key=value`
        case delete
    }

    public var kind: Kind
    /// The key or config group as written before any `@`: `data.batch_size`, `model/architectures`.
    public var keyOrGroup: String
    /// The package after `@` in `group@pkg=option`, if any.
    public var package: String?
    /// The value; nil only for a delete written without one (`~key`).
    public var value: OverrideValue?
    /// The override exactly as the user typed it.
    public var inputLine: String
    /// Zero-based position among the overrides on the command line (for error messages).
    public var index: Int

    public init(kind: Kind, keyOrGroup: String, package: String? = nil, value: OverrideValue?,
                inputLine: String, index: Int) {
        self.kind = kind
        self.keyOrGroup = keyOrGroup
        self.package = package
        self.value = value
        self.inputLine = inputLine
        self.index = index
    }

    /// `keyOrGroup`, with `@package` appended when present.
    public var key: String { package.map { "\(keyOrGroup)@\($0)" } ?? keyOrGroup }

    public var isSweep: Bool {
        switch value {
        case .element?, nil: return false
        default: return true
        }
    }
}

/// A parsed override value: one element, or a sweep over several.
public enum OverrideValue: Sendable, Equatable {
    case element(ParsedElement)
    /// `a,b,c` (simpleForm) or `choice(a,b,c)`, possibly wrapped in sort/shuffle/tag.
    case choiceSweep(ChoiceSweep)
    /// `range(start, stop, step)`, possibly wrapped in sort/shuffle/tag.
    case rangeSweep(RangeSweep)
    /// `interval(a, b)`: sampled by the random and TPE sweepers; the grid sweeper rejects it.
    case intervalSweep(IntervalSweep)
    /// `glob(include, exclude=...)` over a config group's options.
    case globSweep(GlobSweep)
}

/// A single parsed value, keeping what Hydra keeps to write it back unchanged.
public indirect enum ParsedElement: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    /// An unquoted or quoted string; `quote` records the quote character used, if any.
    case string(String, quote: Quote?)
    case list([ParsedElement])
    /// Dict keys are strings. Hydra also allows int, float, bool and null keys (`{1:a,
    /// true:b}`); they are kept as the text Hydra writes them back as (`"1"`, `"True"`,
    /// `"null"`), and keys Python holds equal (`1`, `1.0`, `true`) are merged as Python does.
    case dict(OrderedDictionary<String, ParsedElement>)

    public enum Quote: Character, Sendable, Equatable {
        case single = "'"
        case double = "\""
    }
}

public struct ChoiceSweep: Sendable, Equatable {
    public var choices: [ParsedElement]
    /// True for the `a,b,c` form, false for `choice(a,b,c)`.
    public var simpleForm: Bool
    public var shuffle: Bool
    /// nil: as written; false: sorted ascending; true: sorted descending. `sort()` is applied
    /// while parsing (as in Hydra), so `choices` are already in this order.
    public var sortedReverse: Bool?
    public var tags: Set<String>

    public init(choices: [ParsedElement], simpleForm: Bool, shuffle: Bool = false,
                sortedReverse: Bool? = nil, tags: Set<String> = []) {
        self.choices = choices
        self.simpleForm = simpleForm
        self.shuffle = shuffle
        self.sortedReverse = sortedReverse
        self.tags = tags
    }
}

public struct RangeSweep: Sendable, Equatable {
    /// Int bounds stay `.int`; any float makes the range a float range (Decimal steps, as Hydra).
    public var start: ParsedElement
    public var stop: ParsedElement
    public var step: ParsedElement
    public var shuffle: Bool
    public var sortedReverse: Bool?
    public var tags: Set<String>

    public init(start: ParsedElement, stop: ParsedElement, step: ParsedElement, shuffle: Bool = false,
                sortedReverse: Bool? = nil, tags: Set<String> = []) {
        self.start = start
        self.stop = stop
        self.step = step
        self.shuffle = shuffle
        self.sortedReverse = sortedReverse
        self.tags = tags
    }
}

public struct IntervalSweep: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var tags: Set<String>
    /// True after `int(interval(a,b))` (Hydra keeps int bounds there, and the Optuna sweeper
    /// then samples ints); `interval()` alone and `float(...)` give floats.
    public var integer: Bool

    public init(start: Double, end: Double, tags: Set<String> = [], integer: Bool = false) {
        self.start = start
        self.end = end
        self.tags = tags
        self.integer = integer
    }
}

public struct GlobSweep: Sendable, Equatable {
    public var include: [String]
    public var exclude: [String]
    public var tags: Set<String>
    /// The config group whose options the glob selects from: the override's `keyOrGroup`,
    /// set by the parser (empty for a glob made by hand without one).
    public var group: String

    public init(include: [String], exclude: [String], tags: Set<String> = [], group: String = "") {
        self.include = include
        self.exclude = exclude
        self.tags = tags
        self.group = group
    }
}
