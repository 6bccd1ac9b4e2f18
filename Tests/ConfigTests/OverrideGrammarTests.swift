import Config
import OrderedCollections
import Testing

/// Valid overrides and exactly what they parse to.
@Suite("Override grammar: valid forms")
struct OverrideGrammarTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let line: String
        let kind: Override.Kind
        let key: String
        let package: String?
        let value: OverrideValue?
        var testDescription: String { "\(id): \(line)" }

        init(_ id: String, _ line: String, key: String = "a", package: String? = nil, _ value: OverrideValue?) {
            self.init(id, line, .change, key: key, package: package, value)
        }

        init(_ id: String, _ line: String, _ kind: Override.Kind, key: String = "a", package: String? = nil,
             _ value: OverrideValue?) {
            self.id = id
            self.line = line
            self.kind = kind
            self.key = key
            self.package = package
            self.value = value
        }
    }

    static func e(_ element: ParsedElement) -> OverrideValue { .element(element) }
    static func s(_ text: String) -> ParsedElement { .string(text, quote: nil) }
    static func q(_ text: String, _ quote: ParsedElement.Quote = .single) -> ParsedElement { .string(text, quote: quote) }
    static func simple(_ choices: ParsedElement...) -> OverrideValue { .choiceSweep(ChoiceSweep(choices: choices, simpleForm: true)) }
    static func dict(_ pairs: KeyValuePairs<String, ParsedElement>) -> ParsedElement {
        .dict(OrderedDictionary(uniqueKeysWithValues: pairs.map { ($0.key, $0.value) }))
    }

    static let keys: [Case] = [
        Case("change", "a=1", e(.int(1))),
        Case("dotted", "model.encoder.model_name=resnet18", key: "model.encoder.model_name", e(s("resnet18"))),
        Case("list index in key", "a.0.b=x", key: "a.0.b", e(s("x"))),
        Case("index first", "0.a=x", key: "0.a", e(s("x"))),
        Case("dollar key", "$a=1", key: "$a", e(.int(1))),
        Case("dash key", "a-b.c_d=1", key: "a-b.c_d", e(.int(1))),
        Case("empty value", "a=", e(s(""))),
        Case("add", "+a=1", .add, e(.int(1))),
        Case("force add", "++a.b=1", .forceAdd, key: "a.b", e(.int(1))),
        Case("delete", "~a", .delete, nil),
        Case("delete with value", "~a=1", .delete, e(.int(1))),
        Case("delete with empty value", "~a=", .delete, e(s(""))),
        Case("group", "model/architectures=dbnet", key: "model/architectures", e(s("dbnet"))),
        Case("group add", "+model=architectures/dbnetpp", .add, key: "model", e(s("architectures/dbnetpp"))),
        Case("group package", "db@backup=mysql", key: "db", package: "backup", e(s("mysql"))),
        Case("nested group package", "a/b@c.d=x", key: "a/b", package: "c.d", e(s("x"))),
        Case("global package", "db@=mysql", key: "db", package: "", e(s("mysql"))),
        Case("empty key", "=1", key: "", e(.int(1))),
        Case("space after equal", "a=  1", e(.int(1))),
    ]

    static let primitives: [Case] = [
        Case("int", "a=-12", e(.int(-12))),
        Case("int with underscores", "a=1_000", e(.int(1000))),
        Case("leading zeros make a string", "a=007", e(s("007"))),
        Case("dash between ints", "a=1-2", e(s("1-2"))),
        Case("float", "a=3.14", e(.double(3.14))),
        Case("float trailing dot", "a=1.", e(.double(1))),
        Case("float leading dot", "a=.5", e(.double(0.5))),
        Case("exponent", "a=1e-3", e(.double(0.001))),
        Case("overflow to inf", "a=1e400", e(.double(.infinity))),
        Case("signed inf any case", "a=-InF", e(.double(-.infinity))),
        Case("infinity is a word", "a=infinity", e(s("infinity"))),
        Case("bool any case", "a=TrUe", e(.bool(true))),
        Case("false", "a=false", e(.bool(false))),
        Case("null", "a=NULL", e(.null)),
        Case("none stays a string", "a=none", e(s("none"))),
        Case("two tokens make a string", "a=true false", e(s("true false"))),
        Case("outer whitespace trimmed", "a=  b  c  ", e(s("b  c"))),
        Case("trailing space keeps type", "a=1 ", e(.int(1))),
        Case("interpolation", "a=${oc.env:HOME,/tmp}", e(s("${oc.env:HOME,/tmp}"))),
        Case("interpolation inside text", "a=x_${b}_y", e(s("x_${b}_y"))),
        Case("path", "a=/data/x-1.txt", e(s("/data/x-1.txt"))),
        Case("colon with spaces", "a=k: v", e(s("k: v"))),
        Case("escapes", "a=\\(x\\)\\,y\\=z\\ w", e(s("(x),y=z w"))),
        Case("escaped backslash", "a=x\\\\y", e(s("x\\y"))),
        Case("other backslash literal", "a=x\\n", e(s("x\\n"))),
    ]

    static let quoting: [Case] = [
        Case("single quotes", "a='a b, c'", e(q("a b, c"))),
        Case("double quotes", "a=\"x=y\"", e(q("x=y", .double))),
        Case("empty quotes", "a=''", e(q(""))),
        Case("escaped quote", "a='it\\'s'", e(q("it's"))),
        Case("other quote inside", "a='say \"hi\"'", e(q("say \"hi\""))),
        Case("backslash before closing", "a='x\\\\'", e(q("x\\"))),
        Case("backslash not before quote", "a='a\\b'", e(q("a\\b"))),
        Case("escaped backslash then quote", "a='a\\\\\\'b'", e(q("a\\'b"))),
        Case("quoted non-ASCII", "a='héllo #1'", e(q("héllo #1"))),
        Case("quoted interpolation", "a='${x}'", e(q("${x}"))),
    ]

    static let containers: [Case] = [
        Case("empty list", "a=[]", e(.list([]))),
        Case("list", "a=[1, 'x' ,true,null,1.5]", e(.list([.int(1), q("x"), .bool(true), .null, .double(1.5)]))),
        Case("nested list", "a=[a,[b,[c]]]", e(.list([s("a"), .list([s("b"), .list([s("c")])])]))),
        Case("empty dict", "a={}", e(dict([:]))),
        Case("dict", "a={ a : 1 , b: [x] }", e(dict(["a": .int(1), "b": .list([s("x")])]))),
        Case("typed dict keys", "a={1:a,2.5:b,false:c,null:d}",
             e(dict(["1": s("a"), "2.5": s("b"), "False": s("c"), "null": s("d")]))),
        Case("equal keys: first key, last value", "a={1:a,true:b,x:1,x:2}", e(dict(["1": s("b"), "x": .int(2)]))),
        Case("escaped colon in key", "a={a\\:b:1}", e(dict(["a:b": .int(1)]))),
        Case("colon in dict value", "a={a:b:c}", e(dict(["a": s("b:c")]))),
    ]

    static let functions: [Case] = [
        Case("int truncates", "a=int(-3.7)", e(.int(-3))),
        Case("int of string", "a=int(' 1_000 ')", e(.int(1000))),
        Case("float of string", "a=float('1e3')", e(.double(1000))),
        Case("str of float", "a=str(0.1)", e(s("0.1"))),
        Case("str of bool", "a=str(true)", e(s("true"))),
        Case("str unquotes", "a=str('x y')", e(s("x y"))),
        Case("bool of string", "a=bool('FALSE')", e(.bool(false))),
        Case("bool of null", "a=bool(null)", e(.bool(false))),
        Case("recursive cast", "a=int([1.5,'2',{x:3.9}])", e(.list([.int(1), .int(2), dict(["x": .int(3)])]))),
        Case("named value", "a=float(value=2)", e(.double(2))),
        Case("space before paren", "a=int (3)", e(.int(3))),
        Case("several values make a sweep", "a=float(1,2)", simple(.double(1), .double(2))),
        Case("sort a list", "a=sort([3,1,2],reverse=true)", e(.list([.int(3), .int(2), .int(1)]))),
        Case("sort one value", "a=sort(x)", e(s("x"))),
        Case("shuffle one value", "a=shuffle(x)", e(.list([s("x")]))),
    ]

    static let sweeps: [Case] = [
        Case("simple sweep", "a=dbnet, dbnetpp ,craft", simple(s("dbnet"), s("dbnetpp"), s("craft"))),
        Case("quotes kept in simple sweep", "a='x',y", simple(q("x"), s("y"))),
        Case("sweep of lists", "a=[1,2],[3]", simple(.list([.int(1), .int(2)]), .list([.int(3)]))),
        Case("choice", "a=choice(1,'b')", .choiceSweep(ChoiceSweep(choices: [.int(1), s("b")], simpleForm: false))),
        Case("choice of a sorted sweep", "a=choice(sort(c,a))",
             .choiceSweep(ChoiceSweep(choices: [s("a"), s("c")], simpleForm: false, sortedReverse: false))),
        Case("range stop only", "a=range(5)", .rangeSweep(RangeSweep(start: .int(0), stop: .int(5), step: .int(1)))),
        Case("float range", "a=range(0,1,0.1)", .rangeSweep(RangeSweep(start: .int(0), stop: .int(1), step: .double(0.1)))),
        Case("named range", "a=range(1,stop=4)", .rangeSweep(RangeSweep(start: .int(1), stop: .int(4), step: .int(1)))),
        Case("descending range sorted", "a=sort(range(5,0,-1))",
             .rangeSweep(RangeSweep(start: .int(1), stop: .int(6), step: .int(1), sortedReverse: false))),
        Case("sort values", "a=sort(3,1,2,reverse=true)",
             .choiceSweep(ChoiceSweep(choices: [.int(3), .int(2), .int(1)], simpleForm: true, sortedReverse: true))),
        Case("shuffle values", "a=shuffle(1,2)", .choiceSweep(ChoiceSweep(choices: [.int(1), .int(2)], simpleForm: true, shuffle: true))),
        Case("tagged choice", "a=tag(t1,t2,choice(1,2))",
             .choiceSweep(ChoiceSweep(choices: [.int(1), .int(2)], simpleForm: false, tags: ["t1", "t2"]))),
        Case("tag by name", "a=tag(t,sweep=range(2))",
             .rangeSweep(RangeSweep(start: .int(0), stop: .int(2), step: .int(1), tags: ["t"]))),
        Case("interval", "a=interval(0,1.5)", .intervalSweep(IntervalSweep(start: 0, end: 1.5))),
        Case("glob", "a=glob(*,exclude=[tiny*,x])", .globSweep(GlobSweep(include: ["*"], exclude: ["tiny*", "x"], group: "a"))),
        Case("glob quoted list", "a=glob(['d*'])", .globSweep(GlobSweep(include: ["d*"], exclude: [], group: "a"))),
    ]

    @Test(arguments: keys + primitives + quoting + containers + functions + sweeps)
    func parses(_ c: Case) throws {
        let parsed = try OverrideParser.parse(c.line, index: 4)
        #expect(parsed == Override(kind: c.kind, keyOrGroup: c.key, package: c.package, value: c.value,
                                   inputLine: c.line, index: 4))
    }

    @Test func parsesALineListWithPositions() throws {
        let parsed = try OverrideParser.parse(["a=1", "+b=x,y", "~c"])
        #expect(parsed.map(\.index) == [0, 1, 2])
        #expect(parsed.map(\.key) == ["a", "b", "c"])
        #expect(parsed.map(\.isSweep) == [false, true, false])
    }

    @Test func shuffleOfAListIsAPermutation() throws {
        let parsed = try OverrideParser.parse("a=shuffle([1,2,3,4,5,6,7,8])", index: 0)
        guard case let .element(.list(items))? = parsed.value else {
            Issue.record("expected a list, got \(String(describing: parsed.value))")
            return
        }
        #expect(items.sorted { $0.hydraString < $1.hydraString } == (1...8).map { .int($0) })
    }
}
