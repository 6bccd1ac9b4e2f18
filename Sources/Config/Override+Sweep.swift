extension Override {
    /// The most values one sweep may expand to (a guard against `range(0,1e12)` typos).
    public static let maximumSweepValues = 1_000_000

    /// The prefix and key as written back: `+key`, `++key`, `~key`, `group@pkg`.
    public var keyElement: String {
        let prefix: String
        switch kind {
        case .change: prefix = ""
        case .add: prefix = "+"
        case .forceAdd: prefix = "++"
        case .delete: prefix = "~"
        }
        return prefix + key
    }

    /// One job's override line for a value: `keyElement=value` with the value written as
    /// Hydra writes it (`ParsedElement.hydraString`). `nil` (a delete without value) gives
    /// `~key=null`, as Hydra's basic sweeper writes it; deleting with a null value deletes
    /// whatever the value is, so the meaning is unchanged.
    public func jobLine(for element: ParsedElement?) -> String {
        "\(keyElement)=\((element ?? .null).hydraString)"
    }

    /// The values a grid sweeper enumerates for this override: `value.sweepElements` (see
    /// there), with errors reported as `ConfigError.overrideSweep` naming this override.
    /// A delete without value gives no values.
    public func sweepElements(groupOptions: (String) throws -> [String],
                              rng: inout some RandomNumberGenerator) throws -> [ParsedElement] {
        guard let value else { return [] }
        do {
            return try value.sweepElements(groupOptions: groupOptions, rng: &rng)
        } catch let ConfigError.sweepValue(message, hint) {
            throw ConfigError.overrideSweep(index: index, text: inputLine, message: message, hint: hint)
        }
    }
}

extension OverrideValue {
    /// The values a grid sweeper enumerates, in order: the choices as written (already
    /// sorted if `sort()` was used), a range's values (float ranges stepped in 28-digit
    /// decimal arithmetic as Hydra does, so `range(0,1,0.1)` gives 0.7000000000000001), or
    /// the options of the glob's config group that match it (`groupOptions` is called with
    /// the group, e.g. `model/architectures`; its result is sorted here). Shuffled sweeps are
    /// shuffled with `rng`. An element gives itself.
    ///
    /// Throws `ConfigError.sweepValue` for `interval()` (continuous; a grid cannot enumerate
    /// it), a zero or non-finite range, or a range over `Override.maximumSweepValues`;
    /// errors from `groupOptions` pass through.
    public func sweepElements(groupOptions: (String) throws -> [String],
                              rng: inout some RandomNumberGenerator) throws -> [ParsedElement] {
        switch self {
        case let .element(element):
            return [element]
        case let .choiceSweep(sweep):
            return sweep.shuffle ? sweep.choices.shuffled(using: &rng) : sweep.choices
        case let .rangeSweep(sweep):
            do {
                let values = try RangeValues.values(sweep)
                return sweep.shuffle ? values.shuffled(using: &rng) : values
            } catch {
                throw ConfigError.sweepValue(
                    message: error.message,
                    hint: "Write range(start,stop,step) with finite numbers and a non-zero step, e.g. range(0,10,2).")
            }
        case .intervalSweep:
            throw ConfigError.sweepValue(
                message: "interval() is a continuous range that a grid sweep cannot enumerate",
                hint: "Sweep over listed values instead: range(start,stop,step) or choice(a,b,c).")
        case let .globSweep(glob):
            let options = try groupOptions(glob.group).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            return options
                .filter { name in glob.include.contains { Wildcard.matches(name, $0) } && !glob.exclude.contains { Wildcard.matches(name, $0) } }
                .map { .string($0, quote: nil) }
        }
    }
}

/// The values of a `range()`: Python's `range` for ints, Hydra's decimal stepping otherwise.
enum RangeValues {
    static func values(_ sweep: RangeSweep) throws(FunctionFailure) -> [ParsedElement] {
        guard let start = PyNumber(sweep.start), let stop = PyNumber(sweep.stop), let step = PyNumber(sweep.step) else {
            throw FunctionFailure("range() bounds must be numbers")
        }
        let limit = Override.maximumSweepValues
        if case let .int(first) = start, case let .int(end) = stop, case let .int(increment) = step {
            guard increment != 0 else { throw FunctionFailure("range() step must not be zero") }
            if (Double(end) - Double(first)) / Double(increment) > Double(limit) { throw tooMany() }
            var result: [ParsedElement] = []
            var current = first
            while increment > 0 ? current < end : current > end {
                guard result.count < limit else { throw tooMany() }
                result.append(.int(current))
                let (next, overflow) = current.addingReportingOverflow(increment)
                if overflow { break }
                current = next
            }
            return result
        }
        for bound in [start, stop, step] where !bound.double.isFinite {
            throw FunctionFailure("range() bounds must be finite, got \(PythonNumbers.repr(bound.double))")
        }
        func decimal(_ n: PyNumber) -> PythonDecimal {
            switch n {
            case let .int(i): return PythonDecimal(i)
            case let .float(d): return PythonDecimal(d)
            }
        }
        var current = decimal(start)
        let end = decimal(stop), increment = decimal(step)
        let zero = PythonDecimal(0)
        guard increment != zero else { throw FunctionFailure("range() step must not be zero") }
        // Refuse absurd ranges before stepping through them.
        let estimate = ((stop.double - start.double) / step.double).rounded(.up)
        if estimate > Double(limit) { throw tooMany() }
        let ascending = zero < increment
        var result: [ParsedElement] = []
        while ascending ? current < end : end < current {
            guard result.count < limit else { throw tooMany() }
            result.append(.double(current.double))
            current = current + increment
        }
        return result
    }

    private static func tooMany() -> FunctionFailure {
        FunctionFailure("range() gives more than \(Override.maximumSweepValues) values")
    }
}

/// Shell-style wildcards as Python's `fnmatch.fnmatchcase`: `*`, `?`, `[abc]`, `[a-z]`,
/// `[!abc]`; everything else (backslash included) is literal.
enum Wildcard {
    static func matches(_ name: String, _ pattern: String) -> Bool {
        matches(Array(name.unicodeScalars)[...], Array(pattern.unicodeScalars)[...])
    }

    private static func matches(_ name: ArraySlice<Unicode.Scalar>, _ pattern: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let p = pattern.first else { return name.isEmpty }
        switch p {
        case "*":
            let rest = pattern.dropFirst()
            var candidate = name
            while true {
                if matches(candidate, rest) { return true }
                guard !candidate.isEmpty else { return false }
                candidate = candidate.dropFirst()
            }
        case "?":
            return !name.isEmpty && matches(name.dropFirst(), pattern.dropFirst())
        case "[":
            if let (set, rest) = bracket(pattern) {
                guard let c = name.first, set(c) else { return false }
                return matches(name.dropFirst(), rest)
            }
            fallthrough
        default:
            return name.first == p && matches(name.dropFirst(), pattern.dropFirst())
        }
    }

    /// A `[...]` class at the start of `pattern`: its membership test and the rest, or nil
    /// when there is no closing `]` (then `[` is literal).
    private static func bracket(_ pattern: ArraySlice<Unicode.Scalar>)
        -> ((Unicode.Scalar) -> Bool, ArraySlice<Unicode.Scalar>)? {
        var i = pattern.index(after: pattern.startIndex)
        let negated = i < pattern.endIndex && pattern[i] == "!"
        if negated { i += 1 }
        let contentStart = i
        if i < pattern.endIndex && pattern[i] == "]" { i += 1 }
        while i < pattern.endIndex && pattern[i] != "]" { i += 1 }
        guard i < pattern.endIndex else { return nil }
        let content = Array(pattern[contentStart..<i])
        var ranges: [ClosedRange<UInt32>] = []
        var k = 0
        while k < content.count {
            if k + 2 < content.count, content[k + 1] == "-" {
                if content[k].value <= content[k + 2].value { ranges.append(content[k].value...content[k + 2].value) }
                k += 3
            } else {
                ranges.append(content[k].value...content[k].value)
                k += 1
            }
        }
        let test: (Unicode.Scalar) -> Bool = { c in ranges.contains { $0.contains(c.value) } != negated }
        return (test, pattern[(i + 1)...])
    }
}
