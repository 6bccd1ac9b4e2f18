import Config
import OrderedCollections
import Testing

/// Expanding sweeps into job values, and writing values back as Hydra does.
@Suite("Override sweeps and write-back")
struct OverrideSweepTests {
    /// A seeded generator so shuffles are reproducible within a test.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let options = ["resnet50", "dbnetpp", "craft", "tiny_b", "dbnet", "resnet18", "tiny_a"]

    static func expand(_ line: String, seed: UInt64 = 1) throws -> [ParsedElement] {
        var rng = SplitMix(state: seed)
        return try OverrideParser.parse(line, index: 0).sweepElements(groupOptions: { _ in options }, rng: &rng)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let line: String
        let jobLines: [String]
        var testDescription: String { "\(id): \(line)" }
        init(_ id: String, _ line: String, _ jobLines: [String]) {
            self.id = id
            self.line = line
            self.jobLines = jobLines
        }
    }

    static let cases: [Case] = [
        Case("seed sweep", "model.architecture_name=dbnet,dbnetpp,craft",
             ["model.architecture_name=dbnet", "model.architecture_name=dbnetpp", "model.architecture_name=craft"]),
        Case("seed batch sizes", "data.batch_size=8,16", ["data.batch_size=8", "data.batch_size=16"]),
        Case("seed group add", "+model=architectures/dbnetpp", ["+model=architectures/dbnetpp"]),
        Case("seed learning rates", "training.learning_rate=range(0.001,0.01,0.002)",
             ["0.001", "0.003", "0.005", "0.007", "0.009"].map { "training.learning_rate=\($0)" }),
        Case("float range, decimal steps", "a=range(0,1,0.1)",
             ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7000000000000001", "0.8", "0.9"].map { "a=\($0)" }),
        Case("float range from 0.1", "a=range(0.1,1.0,0.1)",
             ["0.1", "0.2", "0.30000000000000004", "0.4", "0.5", "0.6", "0.7000000000000001", "0.8", "0.9"].map { "a=\($0)" }),
        Case("float range 0.3", "a=range(0,1,0.3)", ["a=0.0", "a=0.3", "a=0.6", "a=0.8999999999999999"]),
        Case("descending float range", "a=range(1,0,-0.25)", ["a=1.0", "a=0.75", "a=0.5", "a=0.25"]),
        Case("int range", "a=range(10,0,-3)", ["a=10", "a=7", "a=4", "a=1"]),
        Case("empty range", "a=range(2,2)", []),
        Case("sorted descending range", "a=sort(range(0,5),reverse=true)", ["a=4", "a=3", "a=2", "a=1", "a=0"]),
        Case("glob sorted and filtered", "model/encoder=glob(*,exclude=tiny*)",
             ["craft", "dbnet", "dbnetpp", "resnet18", "resnet50"].map { "model/encoder=\($0)" }),
        Case("glob list", "+g@pkg=glob([dbnet*,craft])", ["+g@pkg=craft", "+g@pkg=dbnet", "+g@pkg=dbnetpp"]),
        Case("quotes kept", "a='x y',b\\ c", ["a='x y'", "a=b\\ c"]),
        Case("choice unquotes", "a=choice('x y',b)", ["a=x\\ y", "a=b"]),
        Case("bools and null", "++a=true,FALSE,null", ["++a=True", "++a=False", "++a=null"]),
        Case("containers", "a=[1,'x'],{k:v,n:[1.5]}", ["a=[1,'x']", "a={k:v,n:[1.5]}"]),
        Case("element", "~a=1e-5", ["~a=1e-05"]),
        Case("delete without value", "~db", ["~db=null"]),
        Case("empty value", "a=", ["a="]),
        Case("specials re-escaped", "a=str('a=b,c (d)')", ["a=a\\=b\\,c\\ \\(d\\)"]),
    ]

    @Test(arguments: cases)
    func jobLines(_ c: Case) throws {
        let override = try OverrideParser.parse(c.line, index: 0)
        var rng = SplitMix(state: 7)
        let elements = try override.sweepElements(groupOptions: { group in
            #expect(group == override.keyOrGroup)
            return Self.options
        }, rng: &rng)
        let lines = override.value == nil ? [override.jobLine(for: nil)] : elements.map { override.jobLine(for: $0) }
        #expect(lines == c.jobLines)
    }

    @Test func eighthValueOfTheTenthsRangeIsHydras() throws {
        let values = try Self.expand("a=range(0,1,0.1)")
        #expect(values.count == 10)
        #expect(values[7] == .double(0.7000000000000001))
        #expect(values[7] != .double(0.7))
    }

    @Test func shuffleIsAPermutationDrivenByTheGenerator() throws {
        let line = "a=shuffle(range(20))"
        let first = try Self.expand(line, seed: 1)
        #expect(first.sorted { $0.hydraString.count == $1.hydraString.count ? $0.hydraString < $1.hydraString : $0.hydraString.count < $1.hydraString.count }
            == (0..<20).map { .int($0) })
        #expect(try Self.expand(line, seed: 1) == first)
        #expect(try Self.expand(line, seed: 2) != first)
    }

    @Test func intervalIsRejectedByTheGridSweep() {
        #expect(throws: ConfigError.overrideSweep(
            index: 0, text: "lr=interval(0.1,1)",
            message: "interval() is a continuous range that a grid sweep cannot enumerate",
            hint: "Sweep over listed values instead: range(start,stop,step) or choice(a,b,c).")) {
            try Self.expand("lr=interval(0.1,1)")
        }
        let error = ConfigError.overrideSweep(index: 3, text: "a=range(1,5,0)", message: "range() step must not be zero",
                                              hint: "Write range(start,stop,step) with finite numbers and a non-zero step, e.g. range(0,10,2).")
        #expect(error.localizedDescription == """
            Could not expand override #4 'a=range(1,5,0)': range() step must not be zero.
            Hint: Write range(start,stop,step) with finite numbers and a non-zero step, e.g. range(0,10,2).
            """)
        #expect(throws: ConfigError.overrideSweep(index: 0, text: "a=range(1,5,0)", message: "range() step must not be zero",
                                                  hint: "Write range(start,stop,step) with finite numbers and a non-zero step, e.g. range(0,10,2).")) {
            try Self.expand("a=range(1,5,0)")
        }
    }

    @Test func valueExpansionAsksForTheGlobsGroupAndReportsWithoutContext() throws {
        let override = try OverrideParser.parse("model/architectures=glob(dbnet*)", index: 0)
        var rng = SplitMix(state: 1)
        var asked: [String] = []
        let values = try #require(override.value).sweepElements(groupOptions: { group in
            asked.append(group)
            return ["dbnetpp", "craft", "dbnet"]
        }, rng: &rng)
        #expect(asked == ["model/architectures"])
        #expect(values == [.string("dbnet", quote: nil), .string("dbnetpp", quote: nil)])
        let interval = try #require(try OverrideParser.parse("a=interval(0,1)", index: 0).value)
        #expect(throws: ConfigError.sweepValue(
            message: "interval() is a continuous range that a grid sweep cannot enumerate",
            hint: "Sweep over listed values instead: range(start,stop,step) or choice(a,b,c).")) {
            try interval.sweepElements(groupOptions: { _ in [] }, rng: &rng)
        }
    }

    @Test func hugeRangesAreRefused() {
        #expect(throws: ConfigError.self) { try Self.expand("a=range(0,1e12)") }
        #expect(throws: ConfigError.self) { try Self.expand("a=range(0,2_000_000)") }
    }

    struct RoundTrip: Sendable, CustomTestStringConvertible {
        let id: String
        let element: ParsedElement
        let text: String
        var testDescription: String { id }
    }

    static let roundTrips: [RoundTrip] = [
        RoundTrip(id: "plain", element: .string("dbnet", quote: nil), text: "dbnet"),
        RoundTrip(id: "specials", element: .string("a b,c=d:(e)[f]{g}\\h\ti", quote: nil),
                  text: "a\\ b\\,c\\=d\\:\\(e\\)\\[f\\]\\{g\\}\\\\h\\\ti"),
        RoundTrip(id: "single quoted", element: .string("it's", quote: .single), text: "'it\\'s'"),
        RoundTrip(id: "double quoted", element: .string("say \"x\"", quote: .double), text: "\"say \\\"x\\\"\""),
        RoundTrip(id: "trailing backslash", element: .string("dir\\", quote: .single), text: "'dir\\\\'"),
        RoundTrip(id: "backslash before quote", element: .string("a\\'b", quote: .single), text: "'a\\\\\\'b'"),
        RoundTrip(id: "lone backslash", element: .string("a\\b", quote: .double), text: "\"a\\b\""),
        RoundTrip(id: "int", element: .int(-42), text: "-42"),
        RoundTrip(id: "float", element: .double(0.1), text: "0.1"),
        RoundTrip(id: "small float", element: .double(0.00001), text: "1e-05"),
        RoundTrip(id: "large float", element: .double(1e16), text: "1e+16"),
        RoundTrip(id: "integral float", element: .double(3), text: "3.0"),
        RoundTrip(id: "inf", element: .double(-.infinity), text: "-inf"),
        RoundTrip(id: "bool", element: .bool(true), text: "True"),
        RoundTrip(id: "null", element: .null, text: "null"),
        RoundTrip(id: "list", element: .list([.int(1), .string("a b", quote: nil), .list([])]), text: "[1,a\\ b,[]]"),
        RoundTrip(id: "dict", element: .dict(["k": .double(1.5), "x y": .bool(false)]), text: "{k:1.5,x\\ y:False}"),
    ]

    @Test(arguments: roundTrips)
    func writesBackAndReadsAgain(_ r: RoundTrip) throws {
        #expect(r.element.hydraString == r.text)
        let reparsed = try OverrideParser.parse("a=\(r.text)", index: 0)
        #expect(reparsed.value == .element(r.element))
    }

    @Test func configValueDropsQuotes() throws {
        let parsed = try OverrideParser.parse("a={x:'q',y:[1,2.5,null,true]}", index: 0)
        guard case let .element(element)? = parsed.value else {
            Issue.record("not an element")
            return
        }
        #expect(element.configValue == .dict(["x": .string("q"), "y": .list([.int(1), .double(2.5), .null, .bool(true)])]))
    }
}
