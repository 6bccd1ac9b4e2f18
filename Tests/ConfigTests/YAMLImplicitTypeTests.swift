import Testing
import Yams
@testable import Config

/// `YAMLImplicitType` against the resolver it replaces: Yams' `Resolver.default`, whose
/// regular expressions are the reference for what YAML 1.1 reads a plain scalar as.
@Suite("YAML implicit types match Yams' resolver")
struct YAMLImplicitTypeTests {
    /// What Yams' regular expressions make of `text` as a plain scalar.
    static func reference(_ text: String, loading: Bool) -> YAMLImplicitType {
        let resolver = loading ? loaderResolver : Resolver.default
        switch resolver.resolveTag(of: .scalar(Node.Scalar(text, Tag(.implicit), .plain))) {
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .merge: return .merge
        case .null: return .null
        case .timestamp: return .timestamp
        case .value: return .value
        default: return .str
        }
    }

    static let loaderResolver = Resolver.default.removing(.timestamp).removing(.merge).removing(.value)

    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let type: YAMLImplicitType
        var testDescription: String { "\(text.debugDescription) -> \(type)" }
    }

    static let cases: [Case] = [
        Case(text: "", type: .null), Case(text: "~", type: .null), Case(text: "Null", type: .null),
        Case(text: "nULL", type: .str), Case(text: "yes", type: .bool), Case(text: "OFF", type: .bool),
        Case(text: "oN", type: .str), Case(text: "y", type: .str),
        Case(text: "0", type: .int), Case(text: "-0", type: .int), Case(text: "+12_000", type: .int),
        Case(text: "012", type: .int), Case(text: "0o17", type: .int), Case(text: "0o", type: .str),
        Case(text: "09", type: .float), Case(text: "0b1010", type: .int), Case(text: "0b102", type: .str),
        Case(text: "0x1F_a", type: .int), Case(text: "0xG", type: .str), Case(text: "1:30", type: .int),
        Case(text: "1:60", type: .str), Case(text: "190:20:30", type: .int), Case(text: "01:30", type: .str),
        Case(text: "1.5", type: .float), Case(text: "1.", type: .float), Case(text: "1e-3", type: .float),
        Case(text: "1E+10", type: .float), Case(text: "1e", type: .str), Case(text: ".5", type: .float),
        Case(text: ".5e-3", type: .float), Case(text: ".5e3", type: .str), Case(text: ".", type: .str),
        Case(text: "-.inf", type: .float), Case(text: ".Inf", type: .float), Case(text: "-.nan", type: .str),
        Case(text: ".NaN", type: .float), Case(text: "190:20:30.15", type: .float), Case(text: "1:3.", type: .float),
        Case(text: "2001-12-14", type: .timestamp), Case(text: "2001-1-4", type: .str),
        Case(text: "2001-12-14t21:59:43.10-05:00", type: .timestamp),
        Case(text: "2001-12-14 21:59:43.10 -5", type: .timestamp), Case(text: "2001-12-15 2:59:43.10", type: .timestamp),
        Case(text: "2001-12-15 2:59:43.10 ", type: .str), Case(text: "2001-1-5\t\t2:59:43Z", type: .timestamp),
        Case(text: "<<", type: .merge), Case(text: "=", type: .value), Case(text: "true\n", type: .bool),
        Case(text: "12\r\n", type: .int), Case(text: "12\n\n", type: .str), Case(text: "1.5\u{2028}", type: .float),
        Case(text: "resnet18", type: .str), Case(text: "1e-3x", type: .str), Case(text: "+", type: .str),
    ]

    @Test("hand-picked scalars, emitting and loading", arguments: cases)
    func table(_ c: Case) {
        #expect(Self.reference(c.text, loading: false) == c.type, "the table row agrees with Yams")
        #expect(YAMLImplicitType.of(c.text) == c.type)
        #expect(YAMLImplicitType.of(c.text, loading: true) == Self.reference(c.text, loading: true))
    }

    @Test("20,000 seeded random scalars built from the characters the types are made of")
    func random() {
        var rng = OverrideSweepTests.SplitMix(state: 0x5EED_1A7E)
        let alphabet = Array("0123456789012345_.:-+eExXbBoOtTZ \t\ninfaNIl~<=9,s\u{2028}")
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let length = Int(rng.next() % 14)
            var text = String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            if rng.next() % 4 == 0 {
                // Near-misses of well-formed values are where scanners and regexes disagree.
                let seeds = ["2001-12-14 21:59:43.10 -05:00", "190:20:30.15", "0x_1f", "-1_000.5e+3", ".inf", "0o777", "1:2:3"]
                text = seeds[Int(rng.next() % UInt64(seeds.count))]
                if !text.isEmpty, rng.next() % 2 == 0 {
                    var chars = Array(text)
                    chars[Int(rng.next() % UInt64(chars.count))] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                    text = String(chars)
                }
            }
            for loading in [false, true] where YAMLImplicitType.of(text, loading: loading) != Self.reference(text, loading: loading) {
                mismatches.append("\(text.debugDescription) loading=\(loading): ours \(YAMLImplicitType.of(text, loading: loading)), Yams \(Self.reference(text, loading: loading))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(10))")
    }
}
