/// `int() float() str() bool()`: Hydra's recursive casts. Lists and dict values are cast
/// item by item, a choice or range is cast choice by choice (losing shuffle and tags, as in
/// Hydra), and several arguments make a simple sweep of the cast values.
enum Casts {
    enum Target: String {
        case int, float, str, bool
    }

    static func cast(_ arguments: OverrideFunctions.Arguments, to target: Target) throws(FunctionFailure) -> GrammarValue {
        let given = arguments.optional("value")
        if given != nil, !arguments.variadic.isEmpty {
            throw FunctionFailure("\(target)() takes either positional values or value=, not both")
        }
        if let given { return try cast(given, to: target) }
        switch arguments.variadic.count {
        case 0: throw FunctionFailure("\(target)() needs a value")
        case 1: return try cast(arguments.variadic[0], to: target)
        default:
            let choices = try SweepFunctions.plainElements(arguments.variadic, in: "\(target)()")
            return try cast(.choice(ChoiceSweep(choices: choices, simpleForm: true)), to: target)
        }
    }

    static func cast(_ value: GrammarValue, to target: Target) throws(FunctionFailure) -> GrammarValue {
        switch value {
        case let .element(element):
            return .element(try cast(element, to: target))
        case let .choice(sweep):
            var choices: [ParsedElement] = []
            for choice in sweep.choices { choices.append(try cast(choice, to: target)) }
            return .choice(ChoiceSweep(choices: choices, simpleForm: sweep.simpleForm))
        case let .range(sweep):
            guard target == .int || target == .float else {
                throw FunctionFailure("a range can only be cast to int or float")
            }
            return .range(RangeSweep(start: try cast(sweep.start, to: target), stop: try cast(sweep.stop, to: target),
                                     step: try cast(sweep.step, to: target)))
        case let .interval(sweep):
            guard target == .int || target == .float else {
                throw FunctionFailure("an interval can only be cast to int or float")
            }
            let convert: (Double) throws(FunctionFailure) -> Double = { x throws(FunctionFailure) in
                target == .float ? x : Double(try integer(from: .double(x)))
            }
            return .interval(IntervalSweep(start: try convert(sweep.start), end: try convert(sweep.end), tags: sweep.tags,
                                            integer: target == .int))
        case .glob:
            throw FunctionFailure("a glob cannot be cast")
        }
    }

    static func cast(_ element: ParsedElement, to target: Target) throws(FunctionFailure) -> ParsedElement {
        switch element {
        case let .list(items):
            var result: [ParsedElement] = []
            for item in items { result.append(try cast(item, to: target)) }
            return .list(result)
        case let .dict(items):
            var result = items
            for (key, item) in items { result[key] = try cast(item, to: target) }
            return .dict(result)
        default:
            switch target {
            case .int: return .int(try integer(from: element))
            case .float: return .double(try double(from: element))
            case .str: return .string(try text(from: element), quote: nil)
            case .bool: return .bool(try boolean(from: element))
            }
        }
    }

    /// Python's `int(x)`: truncates floats, reads strings like `' 42'` or `1_000`.
    private static func integer(from element: ParsedElement) throws(FunctionFailure) -> Int {
        switch element {
        case let .int(i): return i
        case let .bool(b): return b ? 1 : 0
        case let .double(d):
            guard d.isFinite else { throw FunctionFailure("cannot convert \(PythonNumbers.repr(d)) to int") }
            guard let i = Int(exactly: d.rounded(.towardZero)) else {
                throw FunctionFailure("\(PythonNumbers.repr(d)) is too large for an int")
            }
            return i
        case let .string(s, _):
            guard let i = PythonNumbers.int(string: s) else { throw FunctionFailure("cannot convert '\(s)' to int") }
            return i
        default:
            throw FunctionFailure("cannot convert \(element.hydraString) to int")
        }
    }

    /// Python's `float(x)`: also reads `'1e3'`, `'inf'`, `'infinity'`, `'nan'`.
    private static func double(from element: ParsedElement) throws(FunctionFailure) -> Double {
        switch element {
        case let .int(i): return Double(i)
        case let .bool(b): return b ? 1 : 0
        case let .double(d): return d
        case let .string(s, _):
            guard let d = PythonNumbers.double(string: s) else { throw FunctionFailure("cannot convert '\(s)' to float") }
            return d
        default:
            throw FunctionFailure("cannot convert \(element.hydraString) to float")
        }
    }

    /// Python's `str(x)`, except that booleans become `true`/`false` as in Hydra.
    private static func text(from element: ParsedElement) throws(FunctionFailure) -> String {
        switch element {
        case let .int(i): return String(i)
        case let .bool(b): return b ? "true" : "false"
        case let .double(d): return PythonNumbers.repr(d)
        case let .string(s, _): return s
        default: throw FunctionFailure("cannot convert \(element.hydraString) to str")
        }
    }

    /// Hydra's bool cast: strings must be `true`/`false` (any case); numbers are true when
    /// non-zero; null is false.
    private static func boolean(from element: ParsedElement) throws(FunctionFailure) -> Bool {
        switch element {
        case let .int(i): return i != 0
        case let .bool(b): return b
        case let .double(d): return d != 0
        case .null: return false
        case let .string(s, _):
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: throw FunctionFailure("cannot convert '\(s)' to bool (use true or false)")
            }
        default: throw FunctionFailure("cannot convert \(element.hydraString) to bool")
        }
    }
}
