/// `choice range interval tag shuffle sort glob`, with Hydra's semantics.
enum SweepFunctions {
    typealias Arguments = OverrideFunctions.Arguments

    /// Values that must be plain elements (not sweeps), e.g. the items of a simple sweep.
    static func plainElements(_ values: [GrammarValue], in context: String) throws(FunctionFailure) -> [ParsedElement] {
        var result: [ParsedElement] = []
        for value in values {
            guard case let .element(element) = value else {
                throw FunctionFailure("\(context) takes either one sweep or several plain values, not a sweep among values")
            }
            result.append(element)
        }
        return result
    }

    static func choice(_ arguments: Arguments) throws(FunctionFailure) -> GrammarValue {
        let values = arguments.variadic
        if values.isEmpty { throw FunctionFailure("choice() needs at least one value") }
        if values.count == 1, case var .choice(sweep) = values[0] {
            // choice(sort(b,a)) turns the simple sweep into an explicit choice; nesting is an error.
            guard sweep.simpleForm else { throw FunctionFailure("choice() cannot be nested") }
            sweep.simpleForm = false
            return .choice(sweep)
        }
        var choices: [ParsedElement] = []
        for value in values {
            guard case let .element(element) = value else { throw FunctionFailure("choice() cannot be nested") }
            choices.append(element)
        }
        return .choice(ChoiceSweep(choices: choices, simpleForm: false))
    }

    static func range(_ arguments: Arguments) -> GrammarValue {
        var start = arguments.named["start"]!.elementOrNull
        var stop = arguments.optional("stop")?.elementOrNull
        if stop == nil {
            stop = start
            start = .int(0)
        }
        return .range(RangeSweep(start: start, stop: stop!, step: arguments.named["step"]?.elementOrNull ?? .int(1)))
    }

    static func interval(_ arguments: Arguments) -> GrammarValue {
        .interval(IntervalSweep(start: PyNumber(arguments.named["start"]!.elementOrNull)!.double,
                                end: PyNumber(arguments.named["end"]!.elementOrNull)!.double))
    }

    static func tag(_ arguments: Arguments) throws(FunctionFailure) -> GrammarValue {
        var values = arguments.variadic
        if values.isEmpty { throw FunctionFailure("tag() needs at least a sweep to tag") }
        if let sweep = arguments.optional("sweep") { values.append(sweep) }
        var tags = Set<String>()
        for value in values.dropLast() {
            guard case let .element(.string(tag, _)) = value else {
                throw FunctionFailure("tag() names must be strings, not \(OverrideFunctions.describe(value))")
            }
            tags.insert(tag)
        }
        switch values.last! {
        case var .choice(sweep):
            sweep.tags = tags
            return .choice(sweep)
        case var .range(sweep):
            sweep.tags = tags
            return .range(sweep)
        case var .interval(sweep):
            sweep.tags = tags
            return .interval(sweep)
        case let other:
            throw FunctionFailure("the last argument of tag() must be a choice(), range() or interval(), not \(OverrideFunctions.describe(other))")
        }
    }

    /// Shuffling a list happens now; shuffling a sweep marks it, and the sweep is shuffled
    /// when expanded.
    static func shuffle(_ arguments: Arguments) throws(FunctionFailure) -> GrammarValue {
        var values = arguments.variadic
        if let list = arguments.optional("list") {
            values = [list]
        } else if let sweep = arguments.optional("sweep") {
            values = [sweep]
        }
        if values.count == 1 {
            switch values[0] {
            case var .choice(sweep):
                sweep.shuffle = true
                return .choice(sweep)
            case var .range(sweep):
                sweep.shuffle = true
                return .range(sweep)
            case let .element(.list(items)):
                var generator = SystemRandomNumberGenerator()
                return .element(.list(items.shuffled(using: &generator)))
            case let value:
                return .element(.list([value.elementOrNull]))
            }
        }
        var sweep = ChoiceSweep(choices: try plainElements(values, in: "shuffle()"), simpleForm: true)
        sweep.shuffle = true
        return .choice(sweep)
    }

    /// Sorting happens now: a choice's values are reordered, a range's bounds are flipped
    /// if needed (as Hydra does), a list is sorted.
    static func sort(_ arguments: Arguments) throws(FunctionFailure) -> GrammarValue {
        let reverse = arguments.named["reverse"] == .element(.bool(true))
        var values = arguments.variadic
        if let list = arguments.optional("list") {
            values = [list]
        } else if let sweep = arguments.optional("sweep") {
            values = [sweep]
        }
        if values.count == 1 {
            switch values[0] {
            case let .choice(sweep): return .choice(try sorted(sweep, reverse: reverse))
            case let .range(sweep): return .range(sorted(sweep, reverse: reverse))
            case let .element(.list(items)): return .element(.list(try PythonOrdering.sorted(items, reverse: reverse)))
            case let value: return value
            }
        }
        if values.isEmpty { throw FunctionFailure("sort() needs values to sort") }
        for value in values {
            guard case let .element(element) = value, element.isScalarValue else {
                throw FunctionFailure("sort() of several values takes numbers, strings and booleans, not \(OverrideFunctions.describe(value))")
            }
        }
        return .choice(try sorted(ChoiceSweep(choices: values.map(\.elementOrNull), simpleForm: true), reverse: reverse))
    }

    private static func sorted(_ sweep: ChoiceSweep, reverse: Bool) throws(FunctionFailure) -> ChoiceSweep {
        var sweep = sweep
        sweep.choices = try PythonOrdering.sorted(sweep.choices, reverse: reverse)
        sweep.sortedReverse = reverse
        return sweep
    }

    /// Hydra's range sort: an ascending sort of a descending range (or the reverse) moves
    /// both bounds by one step and flips the step's sign.
    private static func sorted(_ sweep: RangeSweep, reverse: Bool) -> RangeSweep {
        var sweep = sweep
        guard let start = PyNumber(sweep.start), let stop = PyNumber(sweep.stop), let step = PyNumber(sweep.step) else {
            return sweep
        }
        let flip = reverse ? start < stop : stop < start
        if flip {
            let magnitude = step.magnitude
            sweep.start = (reverse ? stop - magnitude : stop + magnitude).element
            sweep.stop = (reverse ? start - magnitude : start + magnitude).element
            sweep.step = step.negated.element
        }
        sweep.sortedReverse = reverse
        return sweep
    }

    static func glob(_ arguments: Arguments) throws(FunctionFailure) -> GrammarValue {
        func patterns(_ value: GrammarValue?, _ name: String) throws(FunctionFailure) -> [String] {
            switch value {
            case nil, .element(.null)?: return []
            case let .element(.string(text, _))?: return [text]
            case let .element(.list(items))?:
                var result: [String] = []
                for item in items {
                    guard case let .string(text, _) = item else {
                        throw FunctionFailure("glob() \(name) patterns must be strings, not \(item.hydraString)")
                    }
                    result.append(text)
                }
                return result
            case let other?:
                throw FunctionFailure("glob() \(name) must be a pattern or a list of patterns, not \(OverrideFunctions.describe(other))")
            }
        }
        return .glob(GlobSweep(include: try patterns(arguments.named["include"], "include"),
                               exclude: try patterns(arguments.named["exclude"], "exclude")))
    }
}

extension GrammarValue {
    /// The element, or `null` for a sweep (callers check the kind first).
    var elementOrNull: ParsedElement {
        if case let .element(element) = self { return element }
        return .null
    }
}

extension ParsedElement {
    /// An int, float, bool or string (what `sort(a,b,c)` accepts).
    var isScalarValue: Bool {
        switch self {
        case .int, .double, .bool, .string: return true
        default: return false
        }
    }
}
