extension OverrideReader {
    /// function: ID '(' (argName? element (',' argName? element)*)? ')'   argName: ID '='
    ///
    /// The call is evaluated at once, as Hydra does: casts convert, `choice`/`range`/...
    /// produce sweeps, `sort`/`shuffle` reorder.
    mutating func readFunction() throws(GrammarFailure) -> GrammarValue {
        let name = try take()
        try take()
        var call = FunctionCall(name: name.text, nameToken: name)
        if try peek().kind == .parenClose {
            try take()
            return try OverrideFunctions.evaluate(call, reader: self)
        }
        while true {
            let start = try peek()
            if start.kind == .eof {
                throw fail(start, "missing ')' to close '\(name.text)(' opened at column \(name.start + 1)",
                           "Add ')' at the end of the call.")
            }
            var elementStart = start
            if start.kind == .id, try peek(1).kind == .equal {
                try take()
                try take()
                elementStart = try peek()
                call.keywords[start.text] = Self.unquoted(try readElement())
            } else {
                if !call.keywords.isEmpty {
                    throw fail(start, "positional argument after a named argument in \(name.text)()",
                               "Put positional arguments first, then named ones: sort(3,1,2,reverse=true).")
                }
                call.positional.append(Self.unquoted(try readElement()))
            }
            let next = try take()
            switch next.kind {
            case .comma: continue
            case .parenClose: return try OverrideFunctions.evaluate(call, reader: self)
            case .eof:
                throw fail(next, "missing ')' to close '\(name.text)(' opened at column \(name.start + 1)",
                           "Add ')' at the end of the call.")
            default:
                if elementStart.kind == .quoted || next.kind == .quoted || next.kind == .equal {
                    throw unexpectedAfterElement(next, first: elementStart)
                }
                throw fail(next, "expected ',' or ')' in the call to \(name.text)(), found \(Self.describe(next))",
                           "Separate arguments with ',' and close the call with ')'; escape literal brackets or quote the argument.")
            }
        }
    }

    /// Hydra passes quoted strings to functions as plain strings (only at the top level).
    private static func unquoted(_ value: GrammarValue) -> GrammarValue {
        if case let .element(.string(text, quote)) = value, quote != nil { return .element(.string(text, quote: nil)) }
        return value
    }
}

/// A function call as written: its name and arguments (named ones by name, last one wins).
struct FunctionCall {
    var name: String
    var nameToken: OverrideToken
    var positional: [GrammarValue] = []
    var keywords: [String: GrammarValue] = [:]
}
