/// A token of Hydra 1.3's override grammar.
struct OverrideToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        // Key mode (before the first `=`).
        case tilde, plus, at, slash, keySpecial, dotPath
        // Both modes.
        case equal, colon, id, eof
        // Value mode.
        case parenOpen, comma, parenClose, bracketOpen, bracketClose, braceOpen, braceClose
        case float, int, bool, null, unquotedChar, escape, whitespace, quoted, interpolation
    }

    var kind: Kind
    /// The token's text exactly as typed (including any whitespace the token absorbs).
    var text: String
    /// Offset of the first scalar in the override line.
    var start: Int
}

/// Splits an override line into tokens the way Hydra's ANTLR lexer does: two modes (key,
/// then value after the first `=`), longest match wins, ties go to the rule listed first.
///
/// Tokens are produced on demand so that an error is reported at the first problem in
/// reading order, whether it is lexical or syntactic.
struct OverrideLexer {
    struct Failure: Error {
        var column: Int
        var inValue: Bool
    }

    let scalars: [Unicode.Scalar]
    private(set) var position = 0
    private(set) var inValueMode = false

    init(_ line: String) {
        scalars = Array(line.unicodeScalars)
    }

    mutating func next() throws(Failure) -> OverrideToken {
        guard position < scalars.count else {
            return OverrideToken(kind: .eof, text: "", start: position)
        }
        var best: (kind: OverrideToken.Kind, length: Int)?
        for kind in inValueMode ? Self.valueRules : Self.keyRules {
            let length = match(kind, at: position)
            if length > (best?.length ?? 0) { best = (kind, length) }
        }
        guard let best else { throw Failure(column: position, inValue: inValueMode) }
        let start = position
        position += best.length
        if best.kind == .equal { inValueMode = true }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<position])
        return OverrideToken(kind: best.kind, text: String(text), start: start)
    }

    // MARK: Rules, in the grammar's order (the order breaks ties between equal lengths).

    private static let keyRules: [OverrideToken.Kind] = [.equal, .tilde, .plus, .at, .colon, .slash, .id, .keySpecial, .dotPath]
    private static let valueRules: [OverrideToken.Kind] = [
        .parenOpen, .comma, .parenClose, .bracketOpen, .bracketClose, .braceOpen, .braceClose, .colon, .equal,
        .float, .int, .bool, .null, .unquotedChar, .id, .escape, .whitespace, .quoted, .interpolation,
    ]

    /// The length of the longest match of rule `kind` at `i` in the current mode, 0 for none.
    private func match(_ kind: OverrideToken.Kind, at i: Int) -> Int {
        switch kind {
        case .equal: return inValueMode ? surrounded(i, "=", before: true, after: true) : (char(i, "=") ? 1 + whitespace(i + 1) : 0)
        case .colon: return inValueMode ? surrounded(i, ":", before: true, after: true) : (char(i, ":") ? 1 : 0)
        case .tilde: return char(i, "~") ? 1 : 0
        case .plus: return char(i, "+") ? 1 : 0
        case .at: return char(i, "@") ? 1 : 0
        case .slash: return char(i, "/") ? 1 : 0
        case .id: return identifier(i, dollar: false)
        case .keySpecial: return identifier(i, dollar: true)
        case .dotPath: return dotPath(i)
        case .parenOpen: return surrounded(i, "(", before: true, after: true)
        case .comma: return surrounded(i, ",", before: true, after: true)
        case .parenClose: return surrounded(i, ")", before: true, after: false)
        case .bracketOpen: return surrounded(i, "[", before: false, after: true)
        case .bracketClose: return surrounded(i, "]", before: true, after: false)
        case .braceOpen: return surrounded(i, "{", before: false, after: true)
        case .braceClose: return surrounded(i, "}", before: true, after: false)
        case .float: return float(i)
        case .int: return signed(i) { unsignedInt($0) }
        case .bool: return word(i, "true") ? 4 : word(i, "false") ? 5 : 0
        case .null: return word(i, "null") ? 4 : 0
        case .unquotedChar: return oneOf(i, "/-\\+.$%*@?|") ? 1 : 0
        case .escape: return escapes(i)
        case .whitespace: return whitespace(i)
        case .quoted: return quoted(i)
        case .interpolation: return interpolation(i)
        case .eof: return 0
        }
    }

    // MARK: Matchers: each returns the length of its longest match at `i`, 0 for none.

    private func at(_ i: Int) -> Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }
    private func char(_ i: Int, _ c: Unicode.Scalar) -> Bool { at(i) == c }
    private func oneOf(_ i: Int, _ set: String) -> Bool { at(i).map { set.unicodeScalars.contains($0) } ?? false }
    private func isLetter(_ i: Int) -> Bool { at(i).map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } ?? false }
    private func isDigit(_ i: Int) -> Bool { at(i).map { ("0"..."9").contains($0) } ?? false }

    private func whitespace(_ i: Int) -> Int {
        var j = i
        while char(j, " ") || char(j, "\t") { j += 1 }
        return j - i
    }

    /// `WS? c WS?` with each optional side enabled as the rule says.
    private func surrounded(_ i: Int, _ c: Unicode.Scalar, before: Bool, after: Bool) -> Int {
        var j = i
        if before { j += whitespace(j) }
        guard char(j, c) else { return 0 }
        j += 1
        if after { j += whitespace(j) }
        return j - i
    }

    /// Case-insensitive keyword.
    private func word(_ i: Int, _ w: String) -> Bool {
        for (k, c) in w.unicodeScalars.enumerated() {
            // ASCII letters only: setting bit 0x20 lower-cases A-Z and leaves a-z alone.
            guard let s = at(i + k), s.isASCII, s.value | 0x20 == c.value,
                  ("a"..."z").contains(Unicode.Scalar(s.value | 0x20)!) else { return false }
        }
        return true
    }

    /// `(CHAR|_) (CHAR|DIGIT|_|-)*`, or with `$` allowed anywhere for KEY_SPECIAL.
    private func identifier(_ i: Int, dollar: Bool) -> Int {
        guard isLetter(i) || char(i, "_") || (dollar && char(i, "$")) else { return 0 }
        var j = i + 1
        while isLetter(j) || isDigit(j) || char(j, "_") || char(j, "-") || (dollar && char(j, "$")) { j += 1 }
        return j - i
    }

    /// `DIGIT (_? DIGIT)*`
    private func digits(_ i: Int) -> Int {
        guard isDigit(i) else { return 0 }
        var j = i + 1
        while true {
            if isDigit(j) { j += 1 } else if char(j, "_"), isDigit(j + 1) { j += 2 } else { break }
        }
        return j - i
    }

    /// `0 | [1-9] (_? DIGIT)*`
    private func unsignedInt(_ i: Int) -> Int {
        if char(i, "0") { return 1 }
        return isDigit(i) ? digits(i) : 0
    }

    private func signed(_ i: Int, _ body: (Int) -> Int) -> Int {
        let sign = oneOf(i, "+-") ? 1 : 0
        let length = body(i + sign)
        return length > 0 ? sign + length : 0
    }

    /// Every end offset POINT_FLOAT can reach from `i`.
    private func pointFloatEnds(_ i: Int) -> [Int] {
        var ends: [Int] = []
        let intPart = unsignedInt(i)
        let dot = i + intPart
        guard char(dot, ".") else { return [] }
        if intPart > 0 { ends.append(dot + 1) }
        let fraction = digits(dot + 1)
        if fraction > 0 { ends.append(dot + 1 + fraction) }
        return ends
    }

    private func float(_ i: Int) -> Int {
        signed(i) { j in
            if word(j, "inf") || word(j, "nan") { return 3 }
            var bases = pointFloatEnds(j)
            var longest = bases.max().map { $0 - j } ?? 0
            let intPart = unsignedInt(j)
            if intPart > 0 { bases.append(j + intPart) }
            for end in bases where oneOf(end, "eE") {
                let sign = oneOf(end + 1, "+-") ? 1 : 0
                let exponent = digits(end + 1 + sign)
                if exponent > 0 { longest = max(longest, end + 1 + sign + exponent - j) }
            }
            return longest
        }
    }

    /// `(KEY_SPECIAL | INT_UNSIGNED) ('.' (KEY_SPECIAL | INT_UNSIGNED))+`
    private func dotPath(_ i: Int) -> Int {
        func segment(_ k: Int) -> Int { max(identifier(k, dollar: true), unsignedInt(k)) }
        var j = i + segment(i)
        guard j > i else { return 0 }
        var dots = 0
        while char(j, "."), case let s = segment(j + 1), s > 0 {
            j += 1 + s
            dots += 1
        }
        return dots > 0 ? j - i : 0
    }

    /// One or more of `\\ \( \) \[ \] \{ \} \: \= \, \  \t`.
    private func escapes(_ i: Int) -> Int {
        var j = i
        while char(j, "\\"), oneOf(j + 1, "\\()[]{}:=, \t") { j += 2 }
        return j - i
    }

    /// A quoted string ends at the first matching quote preceded by an even number of
    /// backslashes (an odd number escapes it).
    private func quoted(_ i: Int) -> Int {
        guard let q = at(i), q == "'" || q == "\"" else { return 0 }
        var backslashes = 0
        var j = i + 1
        while let c = at(j) {
            if c == q, backslashes % 2 == 0 { return j + 1 - i }
            backslashes = c == "\\" ? backslashes + 1 : 0
            j += 1
        }
        return 0
    }

    /// `${` then at least one character other than `}`, then `}`.
    private func interpolation(_ i: Int) -> Int {
        guard char(i, "$"), char(i + 1, "{") else { return 0 }
        var j = i + 2
        while let c = at(j), c != "}" { j += 1 }
        return j > i + 2 && char(j, "}") ? j + 1 - i : 0
    }
}
