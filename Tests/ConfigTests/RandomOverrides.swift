/// Deterministic pseudo-random override lines built from grammar fragments, for the
/// differential test: they reach token boundaries no hand-written corpus thinks of.
enum RandomOverrides {
    static let keyFragments = ["a", "b", "0", "1", ".", "/", "@", "$", "_", "-", "+", "~", ":", " ", "x1", "01"]
    static let valueFragments = [
        "a", "b", "x", "1", "0", "2", "_", "-", "+", ".", "e", "E", "5", "inf", "nan", "true", "null", "NaN",
        " ", "\t", ",", "=", ":", "'", "\"", "\\", "\\\\", "\\,", "\\ ", "[", "]", "{", "}", "(", ")", "$", "${a}",
        "${", "*", "?", "/", "@", "%", "|", "#", "int(", "float(", "str(", "bool(", "choice(", "range(", "sort(",
        "shuffle(", "tag(", "glob(", "interval(", "reverse=", "list=", "value=", "sweep=", "'x'", "\"y\"", "é",
    ]

    /// `count` lines from a fixed seed (the same lines on every run).
    static func lines(count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func pick(_ items: [String]) -> String { items[Int(next() % UInt64(items.count))] }
        var result: [String] = []
        var seen = Set<String>()
        while result.count < count {
            var line = ""
            if next() % 4 == 0 {
                for _ in 0..<(1 + next() % 4) { line += pick(keyFragments) }
                line += "="
            } else {
                line = ["a=", "+a.b=", "~a=", "g/h@p="][Int(next() % 4)]
            }
            for _ in 0..<(1 + next() % 7) { line += pick(valueFragments) }
            if seen.insert(line).inserted { result.append(line) }
        }
        return result
    }

    static let primitives = ["1", "-2", "0", "3", "0.5", "0.1", "-1.5", "1e3", "inf", "nan", "true", "False", "null",
                             "abc", "b", "'q'", "\"d d\"", "a\\ b", "${x}", "'3'", "'1.5'", "'true'", "''"]
    /// No `shuffle`: shuffling a list happens while parsing, so its result cannot be compared.
    /// No `glob`: its list arguments are where we deliberately differ (docs/overrides.md).
    static let functionNames = ["int", "float", "str", "bool", "choice", "range", "interval", "sort", "tag"]
    static let argumentNames = ["reverse", "list", "sweep", "value", "start", "stop", "step", "include", "exclude", "end"]

    /// `count` lines whose values are well-formed nests of lists, dicts and function calls
    /// with arguments of every type: they exercise the functions' type checks and semantics.
    static func structuredLines(count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next() -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % 1_000_003)
        }
        func pick(_ items: [String]) -> String { items[next() % items.count] }
        func element(_ depth: Int) -> String {
            switch depth > 2 ? 0 : next() % 6 {
            case 1: return "[" + (0..<(next() % 4)).map { _ in element(depth + 1) }.joined(separator: ",") + "]"
            case 2:
                // Distinct keys: a sweep nested in a list under a key that a later duplicate
                // replaces is accepted by Hydra and rejected by us (docs/overrides.md).
                var keys = ["a", "1", "2.5", "null", "b"]
                var pairs: [String] = []
                for _ in 0..<(next() % 3) { pairs.append("\(keys.remove(at: next() % keys.count)):\(element(depth + 1))") }
                return "{" + pairs.joined(separator: ",") + "}"
            case 3, 4:
                var arguments = (0..<(next() % 4)).map { _ in element(depth + 1) }
                if next() % 3 == 0 { arguments.append("\(pick(argumentNames))=\(element(depth + 1))") }
                return pick(functionNames) + "(" + arguments.joined(separator: ",") + ")"
            default: return pick(primitives)
            }
        }
        var result: [String] = []
        var seen = Set<String>()
        while result.count < count {
            var value = element(0)
            if next() % 5 == 0 { value += "," + element(1) }
            let line = "a=" + value
            if seen.insert(line).inserted { result.append(line) }
        }
        return result
    }
}
