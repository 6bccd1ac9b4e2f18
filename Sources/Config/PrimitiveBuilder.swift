/// Turns the tokens of a primitive (or dict key) into a value, as Hydra's visitor does:
/// one token keeps its type (int, float, bool, null, string); several tokens always make a
/// string, with outer whitespace trimmed and escapes (`\,` `\ ` ...) undone.
enum PrimitiveBuilder {
    static let primitiveKinds: Set<OverrideToken.Kind> = [
        .id, .null, .int, .float, .bool, .interpolation, .unquotedChar, .colon, .escape, .whitespace,
    ]
    /// Dict keys: like primitives, without ':' and interpolations.
    static let dictKeyKinds: Set<OverrideToken.Kind> = [
        .id, .null, .int, .float, .bool, .unquotedChar, .escape, .whitespace,
    ]

    static func element(from tokens: [OverrideToken], reader: OverrideReader) throws(GrammarFailure) -> ParsedElement {
        var body = tokens[...]
        if body.count > 1, body.first?.kind == .whitespace { body = body.dropFirst() }
        if body.count > 1, body.last?.kind == .whitespace { body = body.dropLast() }
        guard body.count == 1, let token = body.first else {
            return .string(body.map(unescaped).joined(), quote: nil)
        }
        switch token.kind {
        case .quoted:
            let quote: ParsedElement.Quote = token.text.hasPrefix("'") ? .single : .double
            return .string(QuotedText.unescape(token.text), quote: quote)
        case .int:
            guard let value = PythonNumbers.int(literal: token.text) else {
                throw reader.fail(token, "the integer \(token.text) does not fit in 64 bits",
                                  "Quote it to keep it as a string ('\(token.text)'), or write it as a float (\(token.text).0).")
            }
            return .int(value)
        case .float:
            return .double(PythonNumbers.double(literal: token.text))
        case .null:
            return .null
        case .bool:
            return .bool(token.text.lowercased() == "true")
        case .whitespace:
            throw reader.fail(token, "a value made only of spaces", "Quote it to keep the spaces: key=' '.")
        default:
            return .string(unescaped(token), quote: nil)
        }
    }

    /// A dict key as its Hydra text: typed keys (`1`, `1.5`, `true`, `null`) are written as
    /// Hydra writes them back (`1`, `1.5`, `True`, `null`); string keys are unescaped.
    /// Also returns the key's identity: keys Python holds equal (`1`, `1.0`, `true`) share one.
    static func dictKey(from tokens: [OverrideToken], reader: OverrideReader) throws(GrammarFailure) -> (String, String) {
        let key = try element(from: tokens, reader: reader)
        if case let .string(text, _) = key { return (text, "s:" + text) }
        if let number = PyNumber(key) {
            // NaN equals nothing, not even itself: give each NaN key its own identity.
            if number.double.isNaN { return (key.hydraString, "nan@\(tokens[0].start)") }
            return (key.hydraString, "n:" + PythonNumbers.repr(number.double))
        }
        return (key.hydraString, "null")
    }

    private static func unescaped(_ token: OverrideToken) -> String {
        guard token.kind == .escape else { return token.text }
        // Every escape is two characters: keep the second of each pair.
        return String(String.UnicodeScalarView(token.text.unicodeScalars.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)))
    }
}

/// Quoting rules of Hydra's quoted strings: only backslashes right before a quote of the
/// enclosing kind are special (`\'` is a quote, `\\'` a backslash then the end).
enum QuotedText {
    /// The text between the quotes of a QUOTED_VALUE token, with escapes undone.
    static func unescape(_ token: String) -> String {
        var scalars = Array(token.unicodeScalars)
        let quote = scalars.removeFirst()
        var out = String.UnicodeScalarView()
        var backslashes = 0
        for (offset, c) in scalars.enumerated() {
            if c == "\\" {
                backslashes += 1
                continue
            }
            let isClosing = offset == scalars.count - 1
            if c == quote {
                // Odd run before an inner quote: half of the rest are literal, then the quote.
                // Even run before the closing quote: half are literal.
                out.append(contentsOf: repeatElement("\\", count: backslashes / 2))
                if !isClosing { out.append(quote) }
            } else {
                out.append(contentsOf: repeatElement("\\", count: backslashes))
                out.append(c)
            }
            backslashes = 0
        }
        return String(out)
    }

    /// `text` inside `quote`s, escaped so that reading it back gives `text` again.
    static func quote(_ text: String, with quote: Unicode.Scalar) -> String {
        var out = String.UnicodeScalarView([quote])
        var backslashes = 0
        for c in text.unicodeScalars {
            if c == "\\" {
                backslashes += 1
                continue
            }
            if c == quote {
                out.append(contentsOf: repeatElement("\\", count: backslashes * 2 + 1))
            } else {
                out.append(contentsOf: repeatElement("\\", count: backslashes))
            }
            out.append(c)
            backslashes = 0
        }
        // Backslashes before the closing quote are doubled so they do not escape it.
        out.append(contentsOf: repeatElement("\\", count: backslashes * 2))
        out.append(quote)
        return String(out)
    }
}
