/// What went wrong where the reader found an unexpected token, in words a user can act on.
extension OverrideReader {
    func keyFailure(_ token: OverrideToken, key: String, package: String?,
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
        let scalars = self.scalars
        guard token.kind == .braceOpen, token.start > 0, scalars[token.start - 1] == "$" else { return nil }
        let column = token.start - 1
        if token.start + 1 < scalars.count, scalars[token.start + 1] == "}" {
            return GrammarFailure(column: column, message: "empty interpolation '${}'",
                                  hint: "Name the key to interpolate, e.g. ${model.name}, or escape the braces: $\\{\\}.")
        }
        return GrammarFailure(column: column, message: "the interpolation '${' is not closed",
                              hint: "Close it with '}', e.g. ${model.name}; interpolations cannot nest on the command line.")
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
