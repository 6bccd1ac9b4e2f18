import Config
import Testing

/// Invalid overrides and the whole message a user sees.
@Suite("Override grammar: errors")
struct OverrideErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let line: String
        let column: Int
        let message: String
        let hint: String
        var testDescription: String { "\(id): \(line)" }

        init(_ id: String, _ line: String, at column: Int, _ message: String, hint: String) {
            self.id = id
            self.line = line
            self.column = column
            self.message = message
            self.hint = hint
        }
    }

    static let keyCases: [Case] = [
        Case("empty", "", at: 0, "the override is empty", hint: "Write key=value, e.g. trainer.max_epochs=8."),
        Case("missing equal", "trainer.max_epochs", at: 18, "missing '=' after 'trainer.max_epochs'",
             hint: "Write key=value (key= sets an empty string); to delete a key write ~key."),
        Case("leading zero index", "a.01=5", at: 3, "list index with a leading zero",
             hint: "Numbers in a key are list indices written without leading zeros: a.1, not a.01."),
        Case("digit first", "0=1", at: 0, "a key cannot start with a digit",
             hint: "Start the key with a letter, '_' or '$'; a number can only follow a dot, as a list index (a.0.b)."),
        Case("space before equal", "a =1", at: 1, "unexpected space in the key",
             hint: "Write key=value with no space in the key or before '='; quote a value that has spaces: key='a b'."),
        Case("double dot", "a..b=1", at: 1, "unexpected '.' in the key",
             hint: "A dotted key is names joined by single dots, e.g. model.encoder.model_name (no leading, trailing or double dots)."),
        Case("unicode key", "é=1", at: 0, "non-ASCII character 'é' in the key",
             hint: "Keys are ASCII: letters, digits, '_', '-' and '$', joined by '.' or '/'."),
        Case("two packages", "db@pkg1:pkg2=mysql", at: 7, "'group@pkg1:pkg2' is not supported",
             hint: "Since Hydra 1.1 an override names one package: write db@PKG=OPTION."),
        Case("dot in group", "a.b/c=1", at: 3, "unexpected '/' after 'a.b'",
             hint: "A config group path is plain names separated by '/' (no '.' or '$'), e.g. model/architectures=dbnet."),
        Case("triple plus", "+++a=1", at: 2, "'+' in the middle of the key",
             hint: "'+' (add), '++' (add or change) and '~' (delete) only go at the very start: +key=value, ~key."),
        Case("leading slash", "/a=1", at: 0, "missing key before '/'",
             hint: "Start with the key: key=value, +key=value, ~key; a config group is group/option=value."),
    ]

    static let valueCases: [Case] = [
        Case("equal in value", "a=b=c", at: 3, "unexpected '=' in the value",
             hint: "Escape a literal '=' as \\= or quote the value: key='a=b'."),
        Case("text after quote", "a='x'y", at: 5, "unexpected 'y' after the closing quote",
             hint: "Nothing may follow a closing quote, not even a space: put the whole value inside the quotes."),
        Case("space after quote", "a='x' ", at: 5, "unexpected space after the closing quote",
             hint: "Nothing may follow a closing quote, not even a space: put the whole value inside the quotes."),
        Case("unterminated quote", "a='abc", at: 2, "the quoted string starting here is not closed",
             hint: "Add the closing ' at the end of the value."),
        Case("escaped closing quote", "a='abc\\'", at: 2, "the quoted string starting here is not closed",
             hint: "A backslash before the closing ' escapes it; write \\\\' to end the string with a backslash."),
        Case("apostrophe", "note=it's", at: 7, "unmatched ' inside an unquoted value",
             hint: "Quote the whole value with the other kind of quote, e.g. key=\"it's\", or escape it inside quotes: key='it\\'s'."),
        Case("hash", "a=b#c", at: 3, "'#' is not allowed in an unquoted value",
             hint: "Quote the value, e.g. key='a#b' (in a shell, also wrap the whole override in double quotes)."),
        Case("missing bracket", "a=[1,2", at: 6, "missing ']' to close the list opened at column 3",
             hint: "Add ']' at the end of the list."),
        Case("missing brace", "a={a:1", at: 6, "missing '}' to close the dict opened at column 3",
             hint: "Add '}' at the end of the dict."),
        Case("empty item", "a=[1,,2]", at: 5, "missing a value before ','",
             hint: "Every item needs a value; write '' for an empty string."),
        Case("trailing comma", "a=1,", at: 4, "missing a value at the end",
             hint: "Remove the trailing ',' or add the missing value."),
        Case("unclosed interpolation", "a=${x", at: 2, "the interpolation '${' is not closed",
             hint: "Close it with '}', e.g. ${model.name}; interpolations cannot nest on the command line."),
        Case("nested interpolation", "a=${a.${b}}", at: 10, "unexpected '}' after an interpolation",
             hint: "An unquoted interpolation ends at its first '}', so nested ones need quotes: key='${a.${b}}'."),
        Case("tab aligned caret", "a=x\ty#", at: 5, "'#' is not allowed in an unquoted value",
             hint: "Quote the value, e.g. key='a#b' (in a shell, also wrap the whole override in double quotes)."),
    ]

    static let functionCases: [Case] = [
        Case("unknown function", "a=foo(1)", at: 2, "unknown function 'foo'",
             hint: "Available: bool, choice, float, glob, int, interval, range, shuffle, sort, str, tag. For a literal 'foo(...)' escape the parentheses (foo\\(...\\)) or quote the value."),
        Case("unclosed call", "a=range(1,5", at: 11, "missing ')' to close 'range(' opened at column 3",
             hint: "Add ')' at the end of the call."),
        Case("range of strings", "lr=range(a,b)", at: 3, "range() argument 'start' cannot be a string ('a')",
             hint: "Write range(stop), range(start,stop) or range(start,stop,step) with numbers, e.g. range(0,10,2) or range(0.1,1.0,0.1)."),
        Case("range arity", "a=range(1,2,3,4)", at: 2, "range() takes at most 3 arguments, got 4",
             hint: "Write range(stop), range(start,stop) or range(start,stop,step) with numbers, e.g. range(0,10,2) or range(0.1,1.0,0.1)."),
        Case("unknown argument", "a=range(1,x=2)", at: 2, "range() has no argument named 'x' (it takes 'start', 'stop', 'step')",
             hint: "Write range(stop), range(start,stop) or range(start,stop,step) with numbers, e.g. range(0,10,2) or range(0.1,1.0,0.1)."),
        Case("nested choice", "a=choice(choice(1,2))", at: 2, "choice() cannot be nested",
             hint: "Write choice(a,b,c) with at least one value; choices do not nest."),
        Case("positional after named", "a=sort(reverse=true,1)", at: 20, "positional argument after a named argument in sort()",
             hint: "Put positional arguments first, then named ones: sort(3,1,2,reverse=true)."),
        Case("bad cast", "a=int('abc')", at: 2, "cannot convert 'abc' to int",
             hint: "int() converts one value (or several, giving a sweep), e.g. int(1) or int(value=1)."),
        Case("bad bool", "a=bool(yes)", at: 2, "cannot convert 'yes' to bool (use true or false)",
             hint: "bool() converts one value (or several, giving a sweep), e.g. bool(1) or bool(value=1)."),
        Case("mixed sort", "a=sort(a,1)", at: 2, "cannot sort 1 and a together",
             hint: "Write sort(a,b,c), sort(choice(...)), sort(range(...)) or sort(list=[...]); add reverse=true for descending order."),
        Case("tag without sweep", "a=tag(x)", at: 2, "the last argument of tag() must be a choice(), range() or interval(), not a string ('x')",
             hint: "Write tag(name1,name2,SWEEP): string tags, then a choice(), range() or interval()."),
        Case("sweep in list", "a=[choice(1,2)]", at: 3, "a sweep cannot be used inside a list",
             hint: "Sweeps do not nest: put all values in one sweep, e.g. key=choice(1,2,3) or key=1,2,3."),
        Case("huge int", "a=99999999999999999999", at: 2, "the integer 99999999999999999999 does not fit in 64 bits",
             hint: "Quote it to keep it as a string ('99999999999999999999'), or write it as a float (99999999999999999999.0)."),
    ]

    @Test(arguments: keyCases + valueCases + functionCases)
    func rejects(_ c: Case) {
        let expectedError = ConfigError.overrideSyntax(index: 2, text: c.line, column: c.column, message: c.message, hint: c.hint)
        #expect(throws: expectedError) { try OverrideParser.parse(c.line, index: 2) }
    }

    @Test func wholeMessageHasCaretUnderTheOffendingCharacter() {
        let error = ConfigError.overrideSyntax(index: 1, text: "model.encoder.=x", column: 14,
                                               message: "unexpected '.' in the key", hint: "Fix it.")
        #expect(error.localizedDescription == """
            Could not parse override #2 'model.encoder.=x': unexpected '.' in the key.
              model.encoder.=x
                            ^
            Hint: Fix it.
            """)
    }

    @Test func caretKeepsTabsAligned() throws {
        let error = try #require(throws: ConfigError.self) { try OverrideParser.parse("a=x\ty#", index: 0) }
        #expect(error.localizedDescription == """
            Could not parse override #1 'a=x\ty#': '#' is not allowed in an unquoted value.
              a=x\ty#
              \u{20}\u{20}\u{20}\t\u{20}^
            Hint: Quote the value, e.g. key='a#b' (in a shell, also wrap the whole override in double quotes).
            """)
    }

    @Test func documentedExampleIsExact() {
        #expect(throws: ConfigError.self) { try OverrideParser.parse(["a=1", "data.batch_size=[8,16"]) }
        do {
            _ = try OverrideParser.parse(["a=1", "data.batch_size=[8,16"])
        } catch {
            #expect(error.localizedDescription == """
                Could not parse override #2 'data.batch_size=[8,16': missing ']' to close the list opened at column 17.
                  data.batch_size=[8,16
                                       ^
                Hint: Add ']' at the end of the list.
                """)
        }
    }

    @Test func lineListReportsThePositionOfTheBadOverride() {
        #expect(throws: ConfigError.overrideSyntax(index: 1, text: "b=[", column: 3,
                                                   message: "missing ']' to close the list opened at column 3",
                                                   hint: "Add ']' at the end of the list.")) {
            try OverrideParser.parse(["a=1", "b=[", "c=2"])
        }
    }
}
