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
            value = try peek().kind == .eof ? .element(.string("", quote: nil)) : try readValue()
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

    private func keyFailure(_ token: OverrideToken, key: String, package: String?,
                            kind: Override.Kind) -> GrammarFailure {
        if key.isEmpty, package == nil {
            if token.kind == .eof, kind == .change {
                return fail(token, "the override is empty", "Write key=value, e.g. trainer.max_epochs=8.")
            }
            if token.kind != .plus, token.kind != .tilde {
                return fail(token, "missing key before \(Self.describe(token))",
                            "Start with the key: key=value, +key=value, ~key; a config group is group/option=value.")
            }
        }
        switch token.kind {
        case .eof:
            return fail(token, "missing '=' after '\(key)'",
                        "Write key=value (key= sets an empty string); to delete a key write ~key.")
        case .colon where package != nil:
            return fail(token, "'group@pkg1:pkg2' is not supported",
                        "Since Hydra 1.1 an override names one package: write \(key)@PKG=OPTION.")
        case .slash:
            return fail(token, "unexpected '/' after '\(key)'",
                        "A config group path is plain names separated by '/' (no '.' or '$'), e.g. model/architectures=dbnet.")
        case .at:
            return fail(token, "a second '@' in the key",
                        "A key takes at most one package: group@package=option.")
        case .plus, .tilde:
            return fail(token, "'\(token.text)' in the middle of the key",
                        "'+' (add), '++' (add or change) and '~' (delete) only go at the very start: +key=value, ~key.")
        default:
            return fail(token, "unexpected \(Self.describe(token)) in the key",
                        "Keys are names separated by '.', e.g. model.encoder.model_name=resnet18.")
        }
    }

    // MARK: value: element | element (',' element)+

    private mutating func readValue() throws(GrammarFailure) -> OverrideValue {
        let first = try peek()
        let value = try readElement()
        guard try peek().kind == .comma else {
            try expectEnd(after: first)
            switch value {
            case let .element(e): return .element(e)
            case let .choice(c): return .choiceSweep(c)
            case let .range(r): return .rangeSweep(r)
            case let .interval(i): return .intervalSweep(i)
            case let .glob(g): return .globSweep(g)
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

    func unexpectedAfterElement(_ token: OverrideToken, first: OverrideToken) -> GrammarFailure {
        let what = Self.describe(token)
        if let interpolation = unclosedInterpolation(token) { return interpolation }
        if first.kind == .quoted {
            return fail(token, "unexpected \(token.kind == .whitespace ? "space" : what) after the closing quote",
                        "Nothing may follow a closing quote, not even a space: put the whole value inside the quotes.")
        }
        switch token.kind {
        case .quoted:
            return fail(token, "unexpected quote inside an unquoted value",
                        "Quotes must enclose a whole value: write key='it is' rather than key=it' 'is.")
        case .equal:
            return fail(token, "unexpected '=' in the value",
                        "Escape a literal '=' as \\= or quote the value: key='a=b'.")
        case .braceClose where line.contains("${"):
            return fail(token, "unexpected '}' after an interpolation",
                        "An unquoted interpolation ends at its first '}', so nested ones need quotes: key='${a.${b}}'.")
        case .bracketClose, .braceClose, .parenClose:
            return fail(token, "unexpected \(what) with nothing open to close",
                        "Brackets must balance; escape a literal one with a backslash (\\\(token.text.trimmingBlanks)) or quote the value.")
        case .whitespace:
            return fail(token, "unexpected space after the value",
                        "Remove the trailing space, or quote the value if the space belongs to it.")
        case .parenOpen:
            return fail(token, "unexpected '(' in the value",
                        "A function call must be a whole value or item (key=choice(1,2)); escape literal parentheses as \\( \\) or quote the value.")
        default:
            return fail(token, "unexpected \(what) after the value",
                        "A function call, list or dict must be a whole value or item; escape literal brackets (\\[ \\{) or quote the value.")
        }
    }

    /// `${` without its `}` lexes as `$` then `{`: say so rather than "unexpected '{'".
    func unclosedInterpolation(_ token: OverrideToken) -> GrammarFailure? {
        let scalars = lexer.scalars
        guard token.kind == .braceOpen, token.start > 0, scalars[token.start - 1] == "$" else { return nil }
        let column = token.start - 1
        if token.start + 1 < scalars.count, scalars[token.start + 1] == "}" {
            return GrammarFailure(column: column, message: "empty interpolation '${}'",
                                  hint: "Name the key to interpolate, e.g. ${model.name}, or escape the braces: $\\{\\}.")
        }
        return GrammarFailure(column: column, message: "the interpolation '${' is not closed",
                              hint: "Close it with '}', e.g. ${model.name}; interpolations cannot nest on the command line.")
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

    func missingElement(_ token: OverrideToken) -> GrammarFailure {
        switch token.kind {
        case .eof:
            return fail(token, "missing a value at the end",
                        "Remove the trailing ',' or add the missing value.")
        case .comma:
            return fail(token, "missing a value before ','",
                        "Every item needs a value; write '' for an empty string.")
        case .equal:
            return fail(token, "unexpected '=' in the value",
                        "Escape a literal '=' as \\= or quote the value: key='a=b'.")
        case .parenOpen:
            return fail(token, "unexpected '(' in the value",
                        "Escape literal parentheses as \\( \\) or quote the value.")
        default:
            return fail(token, "unexpected \(Self.describe(token)) where a value should start",
                        "Brackets must balance; escape a literal one with a backslash or quote the value.")
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
        var items = OrderedDictionaryOfElements()
        var keysByIdentity: [String: String] = [:]
        if try peek().kind == .braceClose {
            try take()
            return .dict(items)
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
            items[storedKey] = try plainElement(try readElement(), at: start, in: "a dict")
            let next = try take()
            switch next.kind {
            case .comma: continue
            case .braceClose: return .dict(items)
            case .eof:
                throw fail(next, "missing '}' to close the dict opened at column \(open.start + 1)",
                           "Add '}' at the end of the dict.")
            default:
                throw unexpectedInContainer(next, first: start, closer: "}", container: "dict")
            }
        }
    }

    func unexpectedInContainer(_ token: OverrideToken, first: OverrideToken, closer: String,
                               container: String) -> GrammarFailure {
        if let interpolation = unclosedInterpolation(token) { return interpolation }
        if first.kind == .quoted || token.kind == .quoted || token.kind == .equal {
            return unexpectedAfterElement(token, first: first)
        }
        return fail(token, "expected ',' or '\(closer)' in the \(container), found \(Self.describe(token))",
                    "Separate items with ',' and close the \(container) with '\(closer)'; escape literal brackets or quote the item.")
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
