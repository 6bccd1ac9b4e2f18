import Config
import Foundation
import Testing

/// Our parser against Hydra's own (Tests/Reference/hydra_overrides.py) over OverrideCorpus:
/// the same kind, key, package, value type, typed value, written-back text and sweep
/// expansion for every valid line; a rejection by both for every invalid one.
@Suite("Override grammar against Hydra", .serialized)
struct HydraOverrideDifferentialTests {
    /// The options a glob is matched against (the reference script uses the same list).
    static let globOptions = ["craft", "dbnet", "dbnetpp", "resnet18", "resnet50", "tiny_a", "tiny_b", "Big"]

    @Test("every corpus line parses (or fails) as in Hydra", HydraReference.condition)
    func corpusAgreesWithHydra() throws {
        let lines = OverrideCorpus.lines
        #expect(lines.count >= 150)
        #expect(Set(lines).count == lines.count, "corpus lines are unique")
        let input = try JSONSerialization.data(withJSONObject: lines)
        let output = try HydraReference.run(script: "hydra_overrides.py", input: input)
        let reference = try #require(try JSONSerialization.jsonObject(with: output) as? [[String: Any]])
        try #require(reference.count == lines.count)
        var accepted = 0
        for (line, hydra) in zip(lines, reference) {
            let hydraAccepts = hydra["ok"] as? Bool == true
            let rejection: [String: Any] = ["ok": false]
            let expected = try Self.canonical(hydraAccepts ? hydra : rejection)
            let actual = try Self.canonical(Self.describe(line))
            #expect(actual == expected, "\(line)")
            if hydraAccepts { accepted += 1 }
        }
        // Both kinds are well represented.
        #expect(accepted > 150)
        #expect(lines.count - accepted > 100)
    }

    @Test("random lines from grammar fragments and nested calls parse (or fail) as in Hydra", HydraReference.condition)
    func randomLinesAgreeWithHydra() throws {
        let lines = RandomOverrides.lines(count: 3000, seed: 2026) + RandomOverrides.structuredLines(count: 3000, seed: 2026)
        let input = try JSONSerialization.data(withJSONObject: lines)
        let output = try HydraReference.run(script: "hydra_overrides.py", input: input)
        let reference = try #require(try JSONSerialization.jsonObject(with: output) as? [[String: Any]])
        try #require(reference.count == lines.count)
        var accepted = 0
        for (line, hydra) in zip(lines, reference) {
            let hydraAccepts = hydra["ok"] as? Bool == true
            let rejection: [String: Any] = ["ok": false]
            let expected = try Self.canonical(hydraAccepts ? hydra : rejection)
            let actual = try Self.canonical(Self.describe(line))
            #expect(actual == expected, "\(line)")
            if hydraAccepts { accepted += 1 }
        }
        #expect(accepted > 400, "enough random lines are valid to exercise values")
    }

    static func canonical(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The same normalized description the reference script prints.
    static func describe(_ line: String) -> [String: Any] {
        guard let override = try? OverrideParser.parse(line, index: 0) else { return ["ok": false] }
        var out: [String: Any] = [
            "ok": true, "key": override.keyOrGroup, "package": override.package ?? NSNull(),
            "kind": "\(override.kind)",
        ]
        var rng = SystemRandomNumberGenerator()
        let expanded = try? override.sweepElements(groupOptions: { _ in globOptions }, rng: &rng)
        switch override.value {
        case .globSweep?, .intervalSweep?: break
        default:
            guard let expanded else { return ["ok": false] }
            let jobs = override.value == nil ? [override.jobLine(for: nil)] : expanded.map { override.jobLine(for: $0) }
            let shuffled: Bool
            switch override.value {
            case let .choiceSweep(sweep)?: shuffled = sweep.shuffle
            case let .rangeSweep(sweep)?: shuffled = sweep.shuffle
            default: shuffled = false
            }
            out["jobs"] = shuffled ? jobs.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) } : jobs
        }
        switch override.value {
        case nil:
            out["type"] = "none"
        case let .element(element)?:
            out["type"] = "element"
            out["value"] = typed(element)
            out["string"] = element.hydraString
        case let .intervalSweep(sweep)?:
            out["type"] = "interval"
            out["interval"] = [sweep.start, sweep.end].map { typedFloat($0) }
            out["tags"] = sweep.tags.sorted()
        case .globSweep?:
            guard let expanded else { return ["ok": false] }
            out["type"] = "glob"
            out["values"] = expanded.map(typed)
            out["strings"] = expanded.map(\.hydraString)
        case let .choiceSweep(sweep)?:
            out["type"] = sweep.simpleForm ? "simpleChoice" : "choice"
            guard let expanded else { return ["ok": false] }
            addSweep(&out, expanded, tags: sweep.tags, shuffle: sweep.shuffle)
        case let .rangeSweep(sweep)?:
            out["type"] = "range"
            guard let expanded else { return ["ok": false] }
            addSweep(&out, expanded, tags: sweep.tags, shuffle: sweep.shuffle)
        }
        return out
    }

    private static func addSweep(_ out: inout [String: Any], _ values: [ParsedElement], tags: Set<String>, shuffle: Bool) {
        out["tags"] = tags.sorted()
        out["shuffle"] = shuffle
        var pairs = values.map { ($0.hydraString, typed($0)) }
        if shuffle {
            // Random order: compare as a sorted multiset, as the reference does.
            pairs.sort { a, b in
                a.0 != b.0 ? a.0.unicodeScalars.lexicographicallyPrecedes(b.0.unicodeScalars)
                    : ((try? canonical(a.1)) ?? "") < ((try? canonical(b.1)) ?? "")
            }
        }
        out["values"] = pairs.map(\.1)
        out["strings"] = pairs.map(\.0)
    }

    private static func typedFloat(_ x: Double) -> String {
        ParsedElement.double(x).hydraString
    }

    static func typed(_ element: ParsedElement) -> Any {
        switch element {
        case .null: return NSNull()
        case let .bool(b): return ["bool": b]
        case let .int(i): return ["int": String(i)]
        case let .double(d): return ["float": ParsedElement.double(d).hydraString]
        case let .string(s, nil): return ["str": s]
        case let .string(s, quote?): return ["qstr": s, "quote": String(quote.rawValue)]
        case let .list(items): return items.map(typed)
        case let .dict(items): return ["dict": items.map { [$0.key, typed($0.value)] }]
        }
    }
}
