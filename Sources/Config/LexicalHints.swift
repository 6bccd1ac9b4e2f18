/// Messages for characters the override lexer cannot read, chosen by what the user most
/// likely meant at that spot.
enum LexicalHints {
    static func failure(scalars: [Unicode.Scalar], column: Int, inValue: Bool) -> GrammarFailure {
        let c = scalars[column]
        let shown = c == "\t" ? "a tab" : c == " " ? "a space" : "'\(c)'"
        func result(_ message: String, _ hint: String) -> GrammarFailure {
            GrammarFailure(column: column, message: message, hint: hint)
        }
        if inValue {
            if c == "'" || c == "\"", column > 0, !"=,[{(: \t".unicodeScalars.contains(scalars[column - 1]) {
                let other = c == "'" ? "\"" : "'"
                return result("unmatched \(c) inside an unquoted value",
                              "Quote the whole value with the other kind of quote, e.g. key=\(other)it\(c)s\(other), or escape it inside quotes: key=\(c)it\\\(c)s\(c).")
            }
            if c == "'" || c == "\"" {
                let lastIsEscaped = scalars.count >= 2 && scalars.last == c && scalars[scalars.count - 2] == "\\"
                return result("the quoted string starting here is not closed",
                              lastIsEscaped
                                  ? "A backslash before the closing \(c) escapes it; write \\\\\(c) to end the string with a backslash."
                                  : "Add the closing \(c) at the end of the value.")
            }
            if !c.isASCII {
                return result("non-ASCII character \(shown) outside quotes", "Quote the value: key='...'.")
            }
            return result("\(shown) is not allowed in an unquoted value",
                          "Quote the value, e.g. key='a\(c)b' (in a shell, also wrap the whole override in double quotes).")
        }
        let previous = column > 0 ? scalars[column - 1] : nil
        switch c {
        case " ", "\t":
            return result("unexpected \(c == " " ? "space" : "tab") in the key",
                          "Write key=value with no space in the key or before '='; quote a value that has spaces: key='a b'.")
        case "0"..."9" where previous == "0" && column >= 2 && scalars[column - 2] == ".":
            return result("list index with a leading zero",
                          "Numbers in a key are list indices written without leading zeros: a.1, not a.01.")
        case "0"..."9":
            return result("a key cannot start with a digit",
                          "Start the key with a letter, '_' or '$'; a number can only follow a dot, as a list index (a.0.b).")
        case "'", "\"":
            return result("unexpected quote in the key", "Keys cannot be quoted; quote the value instead: key='a b'.")
        case ".":
            return result("unexpected '.' in the key",
                          "A dotted key is names joined by single dots, e.g. model.encoder.model_name (no leading, trailing or double dots).")
        default:
            if !c.isASCII {
                return result("non-ASCII character \(shown) in the key",
                              "Keys are ASCII: letters, digits, '_', '-' and '$', joined by '.' or '/'.")
            }
            return result("\(shown) is not allowed in a key",
                          "Keys are letters, digits, '_', '-' and '$', joined by '.' (a.b) or '/' (group/option); the value follows '='.")
        }
    }
}
