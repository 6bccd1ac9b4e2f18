import OrderedCollections

/// Parses command-line overrides with Hydra 1.3's grammar:
///
/// ```
/// key=value   +key=value   ++key=value   ~key   ~key=value   group/sub=option   group@pkg=option
/// ```
///
/// A value is a primitive (`1`, `1e-3`, `true`, `null`, `abc`, `'quoted'`, `${interp}`), a
/// list `[..]`, a dict `{k:v}`, a function call (`int() float() str() bool() choice() range()
/// interval() glob() sort() shuffle() tag()`, evaluated while parsing as Hydra does), or a
/// simple sweep `a,b,c`. See docs/overrides.md.
public enum OverrideParser {
    /// Parses one override; `index` is its position on the command line (for messages).
    /// Throws `ConfigError.overrideSyntax` pointing at the offending character.
    public static func parse(_ line: String, index: Int) throws(ConfigError) -> Override {
        var reader = OverrideReader(line: line)
        do {
            return try reader.readOverride(index: index)
        } catch {
            throw ConfigError.overrideSyntax(index: index, text: line, column: error.column,
                                             message: error.message, hint: error.hint)
        }
    }

    /// Parses overrides in command-line order; each one's index is its position.
    public static func parse(_ lines: [String]) throws(ConfigError) -> [Override] {
        var result: [Override] = []
        for (index, line) in lines.enumerated() {
            result.append(try parse(line, index: index))
        }
        return result
    }
}

/// Why a line does not parse: where, what, and how to fix it.
struct GrammarFailure: Error {
    var column: Int
    var message: String
    var hint: String
}

/// A value while parsing: an element, or a sweep produced by a function.
enum GrammarValue: Equatable {
    case element(ParsedElement)
    case choice(ChoiceSweep)
    case range(RangeSweep)
    case interval(IntervalSweep)
    case glob(GlobSweep)
}

/// Recursive-descent reader over `OverrideLexer`'s tokens, following OverrideParser.g4.
struct OverrideReader {
    let line: String
    private var lexer: OverrideLexer
    private var lookahead: [OverrideToken] = []

    init(line: String) {
        self.line = line
        lexer = OverrideLexer(line)
    }

    var length: Int { lexer.scalars.count }
    var scalars: [Unicode.Scalar] { lexer.scalars }

    // MARK: Tokens

    mutating func peek(_ k: Int = 0) throws(GrammarFailure) -> OverrideToken {
        while lookahead.count <= k {
            do {
                lookahead.append(try lexer.next())
            } catch {
                throw LexicalHints.failure(scalars: lexer.scalars, column: error.column, inValue: error.inValue)
            }
        }
        return lookahead[k]
    }

    @discardableResult
    mutating func take() throws(GrammarFailure) -> OverrideToken {
        let token = try peek()
        lookahead.removeFirst()
        return token
    }

    func fail(_ token: OverrideToken, _ message: String, _ hint: String) -> GrammarFailure {
        GrammarFailure(column: token.kind == .eof ? length : firstVisible(token), message: message, hint: hint)
    }

    /// The column of a token's first non-blank character (tokens may absorb spaces).
    private func firstVisible(_ token: OverrideToken) -> Int {
        let leading = token.text.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
        return leading == token.text.unicodeScalars.count ? token.start : token.start + leading
    }

    static func describe(_ token: OverrideToken) -> String {
        switch token.kind {
        case .eof: return "the end of the override"
        case .whitespace: return "a space"
        case .quoted: return "a quoted string"
        default: return "'\(token.text.trimmingBlanks)'"
        }
    }

    // MARK: override: (key '=' value? | '~' key ('=' value?)? | '+' '+'? key '=' value?) EOF

    mutating func readOverride(index: Int) throws(GrammarFailure) -> Override {
        var kind = Override.Kind.change
        switch try peek().kind {
        case .tilde:
            try take()
            kind = .delete
        case .plus:
            try take()
            kind = .add
            if try peek().kind == .plus {
                try take()
                kind = .forceAdd
            }
        default: break
        }
        let (group, package) = try readKey()
        var value: OverrideValue?
        let next = try peek()
        if next.kind == .equal {
            try take()
            value = try peek().kind == .eof ? .element(.string("", quote: nil)) : try readValue(group: group)
        } else if !(kind == .delete && next.kind == .eof) {
            throw keyFailure(next, key: group, package: package, kind: kind)
        }
        return Override(kind: kind, keyOrGroup: group, package: package, value: value,
                        inputLine: line, index: index)
    }

    /// key: packageOrGroup ('@' package)?   packageOrGroup: package | ID ('/' ID)+
    private mutating func readKey() throws(GrammarFailure) -> (String, String?) {
        var group = ""
        if try peek().kind == .id, try peek(1).kind == .slash {
            group = try take().text
            while try peek().kind == .slash {
                group += try take().text
                let segment = try peek()
                guard segment.kind == .id else {
                    throw fail(segment, "expected a config group name after '/', found \(Self.describe(segment))",
                               "A config group path is plain names separated by '/', e.g. model/architectures=dbnet.")
                }
                group += try take().text
            }
        } else {
            group = try readPackage()
        }
        guard try peek().kind == .at else { return (group, nil) }
        try take()
        return (group, try readPackage())
    }

    /// package: (empty | ID | KEY_SPECIAL | DOT_PATH)
    private mutating func readPackage() throws(GrammarFailure) -> String {
        switch try peek().kind {
        case .id, .keySpecial, .dotPath: return try take().text
        default: return ""
        }
    }

    // MARK: value: element | element (',' element)+

    private mutating func readValue(group: String) throws(GrammarFailure) -> OverrideValue {
        let first = try peek()
        let value = try readElement()
        guard try peek().kind == .comma else {
            try expectEnd(after: first)
            switch value {
            case let .element(e): return .element(e)
            case let .choice(c): return .choiceSweep(c)
            case let .range(r): return .rangeSweep(r)
            case let .interval(i): return .intervalSweep(i)
            case var .glob(g):
                g.group = group
                return .globSweep(g)
            }
        }
        var choices = [try plainElement(value, at: first, in: "a sweep")]
        while try peek().kind == .comma {
            try take()
            let start = try peek()
            choices.append(try plainElement(try readElement(), at: start, in: "a sweep"))
        }
        try expectEnd(after: first)
        return .choiceSweep(ChoiceSweep(choices: choices, simpleForm: true))
    }

    private mutating func expectEnd(after first: OverrideToken) throws(GrammarFailure) {
        let token = try peek()
        guard token.kind != .eof else { return }
        throw unexpectedAfterElement(token, first: first)
    }

    /// An element inside a sweep, list or dict must not itself be a sweep.
    func plainElement(_ value: GrammarValue, at token: OverrideToken, in container: String) throws(GrammarFailure) -> ParsedElement {
        guard case let .element(element) = value else {
            throw fail(token, "a sweep cannot be used inside \(container)",
                       "Sweeps do not nest: put all values in one sweep, e.g. key=choice(1,2,3) or key=1,2,3.")
        }
        return element
    }

    // MARK: element: primitive | list | dict | function

    mutating func readElement() throws(GrammarFailure) -> GrammarValue {
        let token = try peek()
        switch token.kind {
        case .id where try peek(1).kind == .parenOpen:
            return try readFunction()
        case .bracketOpen:
            return .element(try readList())
        case .braceOpen:
            return .element(try readDict())
        case .quoted:
            try take()
            return .element(try PrimitiveBuilder.element(from: [token], reader: self))
        case _ where PrimitiveBuilder.primitiveKinds.contains(token.kind):
            var tokens: [OverrideToken] = []
            while PrimitiveBuilder.primitiveKinds.contains(try peek().kind) { tokens.append(try take()) }
            return .element(try PrimitiveBuilder.element(from: tokens, reader: self))
        default:
            throw missingElement(token)
        }
    }

    /// listContainer: '[' (element (',' element)*)? ']'
    private mutating func readList() throws(GrammarFailure) -> ParsedElement {
        let open = try take()
        var items: [ParsedElement] = []
        if try peek().kind == .bracketClose {
            try take()
            return .list(items)
        }
        if try peek().kind == .eof {
            throw fail(try peek(), "missing ']' to close the list opened at column \(open.start + 1)",
                       "Add ']' at the end of the list.")
        }
        while true {
            let start = try peek()
            items.append(try plainElement(try readElement(), at: start, in: "a list"))
            let next = try take()
            switch next.kind {
            case .comma: continue
            case .bracketClose: return .list(items)
            case .eof:
                throw fail(next, "missing ']' to close the list opened at column \(open.start + 1)",
                           "Add ']' at the end of the list.")
            default:
                throw unexpectedInContainer(next, first: start, closer: "]", container: "list")
            }
        }
    }

    /// dictContainer: '{' (dictKey ':' element (',' dictKey ':' element)*)? '}'
    private mutating func readDict() throws(GrammarFailure) -> ParsedElement {
        let open = try take()
        // Values with where they start: a sweep is only an error if a later duplicate key does
        // not replace it (as in Hydra, which builds the dict first).
        var items = OrderedDictionary<String, (value: GrammarValue, start: OverrideToken)>()
        var keysByIdentity: [String: String] = [:]
        if try peek().kind == .braceClose {
            try take()
            return .dict([:])
        }
        while true {
            var keyTokens: [OverrideToken] = []
            while PrimitiveBuilder.dictKeyKinds.contains(try peek().kind) { keyTokens.append(try take()) }
            let colon = try peek()
            guard !keyTokens.isEmpty, colon.kind == .colon else {
                if colon.kind == .eof {
                    throw fail(colon, "missing '}' to close the dict opened at column \(open.start + 1)",
                               "Write dicts as {key:value,key2:value2} and close them with '}'.")
                }
                throw fail(colon, keyTokens.isEmpty ? "expected a dict key, found \(Self.describe(colon))"
                                                    : "expected ':' after the dict key, found \(Self.describe(colon))",
                           "Write dicts as {key:value,key2:value2}; keys are unquoted and hold no interpolation.")
            }
            let (key, identity) = try PrimitiveBuilder.dictKey(from: keyTokens, reader: self)
            // Equal keys (1, 1.0 and true are equal in Python) keep the first key, last value.
            let storedKey = keysByIdentity[identity, default: key]
            keysByIdentity[identity] = storedKey
            try take()
            let start = try peek()
            items[storedKey] = (try readElement(), start)
            let next = try take()
            switch next.kind {
            case .comma: continue
            case .braceClose:
                var result = OrderedDictionaryOfElements()
                for (key, item) in items { result[key] = try plainElement(item.value, at: item.start, in: "a dict") }
                return .dict(result)
            case .eof:
                throw fail(next, "missing '}' to close the dict opened at column \(open.start + 1)",
                           "Add '}' at the end of the dict.")
            default:
                throw unexpectedInContainer(next, first: start, closer: "}", container: "dict")
            }
        }
    }
}

typealias OrderedDictionaryOfElements = OrderedDictionary<String, ParsedElement>

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingBlanks: String {
        let scalars = unicodeScalars
        let start = scalars.firstIndex { $0 != " " && $0 != "\t" } ?? scalars.endIndex
        let end = scalars.lastIndex { $0 != " " && $0 != "\t" }.map { scalars.index(after: $0) } ?? start
        return String(scalars[start..<max(start, end)])
    }
}
