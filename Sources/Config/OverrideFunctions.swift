/// The functions of Hydra's override grammar, with Hydra's signatures and argument type
/// checks: casts `int float str bool`, sweeps `choice range interval glob`, and `tag sort
/// shuffle`. Each is evaluated while parsing.
enum OverrideFunctions {
    static let names = ["bool", "choice", "float", "glob", "int", "interval", "range", "shuffle", "sort", "str", "tag"]

    /// What a value is, in the terms of Hydra's type annotations.
    enum Kind: Hashable {
        case string, int, float, bool, null, list, dict, choice, range, interval, glob

        init(_ value: GrammarValue) {
            switch value {
            case .element(.string): self = .string
            case .element(.int): self = .int
            case .element(.double): self = .float
            case .element(.bool): self = .bool
            case .element(.null): self = .null
            case .element(.list): self = .list
            case .element(.dict): self = .dict
            case .choice: self = .choice
            case .range: self = .range
            case .interval: self = .interval
            case .glob: self = .glob
            }
        }

        static let anyButGlob: Set<Kind> = [.string, .int, .float, .bool, .null, .list, .dict, .choice, .range, .interval]
        static let number: Set<Kind> = [.int, .float, .bool]  // Python: bool is an int
        static let sortable: Set<Kind> = [.string, .int, .float, .bool, .list, .dict, .choice, .range]
    }

    struct Parameter {
        enum Style { case positional, variadic, keywordOnly }
        var name: String
        var style: Style
        var required = false
        var accepts: Set<Kind>
    }

    static func signature(_ name: String) -> [Parameter]? {
        switch name {
        case "int", "float", "str", "bool":
            return [.init(name: "args", style: .variadic, accepts: Kind.anyButGlob),
                    .init(name: "value", style: .keywordOnly, accepts: Kind.anyButGlob)]
        case "choice":
            return [.init(name: "args", style: .variadic, accepts: [.string, .int, .float, .bool, .dict, .list, .choice])]
        case "range":
            return [.init(name: "start", style: .positional, required: true, accepts: Kind.number),
                    .init(name: "stop", style: .positional, accepts: Kind.number.union([.null])),
                    .init(name: "step", style: .positional, accepts: Kind.number)]
        case "interval":
            return [.init(name: "start", style: .positional, required: true, accepts: Kind.number),
                    .init(name: "end", style: .positional, required: true, accepts: Kind.number)]
        case "tag":
            return [.init(name: "args", style: .variadic, accepts: [.string, .choice, .range, .interval]),
                    .init(name: "sweep", style: .keywordOnly, accepts: [.null, .choice, .range, .interval])]
        case "shuffle", "sort":
            var parameters: [Parameter] = [
                .init(name: "args", style: .variadic, accepts: Kind.sortable),
                .init(name: "sweep", style: .keywordOnly, accepts: [.null, .choice, .range]),
                .init(name: "list", style: .keywordOnly, accepts: [.null, .list]),
            ]
            if name == "sort" { parameters.append(.init(name: "reverse", style: .keywordOnly, accepts: [.bool])) }
            return parameters
        case "glob":
            return [.init(name: "include", style: .positional, required: true, accepts: [.list, .string]),
                    .init(name: "exclude", style: .positional, accepts: [.null, .list, .string])]
        default:
            return nil
        }
    }

    static func hint(_ name: String) -> String {
        switch name {
        case "int", "float", "str", "bool":
            return "\(name)() converts one value (or several, giving a sweep), e.g. \(name)(1) or \(name)(value=1)."
        case "choice":
            return "Write choice(a,b,c) with at least one value; choices do not nest."
        case "range":
            return "Write range(stop), range(start,stop) or range(start,stop,step) with numbers, e.g. range(0,10,2) or range(0.1,1.0,0.1)."
        case "interval":
            return "Write interval(low,high) with two numbers."
        case "tag":
            return "Write tag(name1,name2,SWEEP): string tags, then a choice(), range() or interval()."
        case "shuffle":
            return "Write shuffle(a,b,c), shuffle(choice(...)), shuffle(range(...)) or shuffle(list=[...])."
        case "sort":
            return "Write sort(a,b,c), sort(choice(...)), sort(range(...)) or sort(list=[...]); add reverse=true for descending order."
        default:
            return "Write glob(PATTERN) or glob([P1,P2],exclude=PATTERN), e.g. glob(*,exclude=tiny*)."
        }
    }

    /// The bound arguments of a call: named parameters, then the variadic ones.
    struct Arguments {
        var named: [String: GrammarValue] = [:]
        var variadic: [GrammarValue] = []

        /// A named argument, with an explicit `null` read as not given (as Hydra does).
        func optional(_ name: String) -> GrammarValue? {
            guard let value = named[name], value != .element(.null) else { return nil }
            return value
        }
    }

    static func evaluate(_ call: FunctionCall, reader: OverrideReader) throws(GrammarFailure) -> GrammarValue {
        let name = call.name
        func failure(_ message: String, _ hint: String? = nil) -> GrammarFailure {
            reader.fail(call.nameToken, message, hint ?? Self.hint(name))
        }
        guard let parameters = signature(name) else {
            throw failure("unknown function '\(name)'",
                          "Available: \(names.joined(separator: ", ")). For a literal '\(name)(...)' escape the parentheses (\(name)\\(...\\)) or quote the value.")
        }
        let arguments = try bind(call, parameters, failure)
        do {
            switch name {
            case "int", "float", "str", "bool":
                return try Casts.cast(arguments, to: Casts.Target(rawValue: name)!)
            case "choice": return try SweepFunctions.choice(arguments)
            case "range": return SweepFunctions.range(arguments)
            case "interval": return SweepFunctions.interval(arguments)
            case "tag": return try SweepFunctions.tag(arguments)
            case "shuffle": return try SweepFunctions.shuffle(arguments)
            case "sort": return try SweepFunctions.sort(arguments)
            default: return try SweepFunctions.glob(arguments)
            }
        } catch {
            throw failure(error.message)
        }
    }

    /// Matches arguments to parameters as Python's `inspect.Signature.bind` does, then
    /// checks each against its parameter's accepted kinds.
    private static func bind(_ call: FunctionCall, _ parameters: [Parameter],
                             _ failure: (String, String?) -> GrammarFailure) throws(GrammarFailure) -> Arguments {
        let name = call.name
        var arguments = Arguments()
        var remaining = call.positional[...]
        for parameter in parameters {
            switch parameter.style {
            case .positional:
                if let value = remaining.popFirst() { arguments.named[parameter.name] = value }
            case .variadic:
                arguments.variadic = Array(remaining)
                remaining = []
            case .keywordOnly:
                break
            }
        }
        let positionalCount = parameters.filter { $0.style == .positional }.count
        if !remaining.isEmpty {
            throw failure("\(name)() takes at most \(positionalCount) argument\(positionalCount == 1 ? "" : "s"), got \(call.positional.count)", nil)
        }
        for (keyword, value) in call.keywords.sorted(by: { $0.key < $1.key }) {
            guard let parameter = parameters.first(where: { $0.name == keyword && $0.style != .variadic }) else {
                let known = parameters.filter { $0.style != .variadic }.map { "'\($0.name)'" }
                throw failure("\(name)() has no argument named '\(keyword)'"
                              + (known.isEmpty ? "" : " (it takes \(known.joined(separator: ", ")))"), nil)
            }
            if arguments.named[parameter.name] != nil {
                throw failure("\(name)() got two values for '\(keyword)'", nil)
            }
            arguments.named[parameter.name] = value
        }
        for parameter in parameters where parameter.required && arguments.named[parameter.name] == nil {
            throw failure("\(name)() needs a value for '\(parameter.name)'", nil)
        }
        for parameter in parameters {
            if parameter.style == .variadic {
                for (offset, value) in arguments.variadic.enumerated() where !parameter.accepts.contains(Kind(value)) {
                    throw failure("\(name)() argument \(offset + 1) cannot be \(describe(value))", nil)
                }
            } else if let value = arguments.named[parameter.name], !parameter.accepts.contains(Kind(value)) {
                throw failure("\(name)() argument '\(parameter.name)' cannot be \(describe(value))", nil)
            }
        }
        return arguments
    }

    /// `a string ('abc')`, `an int (3)`, `null`, `a choice sweep`...
    static func describe(_ value: GrammarValue) -> String {
        switch value {
        case let .element(.string(text, _)): return "a string ('\(text)')"
        case let .element(.int(i)): return "an int (\(i))"
        case let .element(.double(d)): return "a float (\(PythonNumbers.repr(d)))"
        case let .element(.bool(b)): return "a bool (\(b))"
        case .element(.null): return "null"
        case let .element(e) where Kind(value) == .list: return "a list (\(e.hydraString))"
        case let .element(e): return "a dict (\(e.hydraString))"
        case .choice: return "a choice sweep"
        case .range: return "a range sweep"
        case .interval: return "an interval"
        case .glob: return "a glob"
        }
    }
}

/// A function's own complaint (bad value, wrong combination); the caller adds where and how.
struct FunctionFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
