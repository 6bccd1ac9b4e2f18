/// The type YAML 1.1 gives a plain (unquoted) scalar: the decision Yams' default resolver
/// makes with one regular expression per type, made here by scanning the bytes once.
/// Yams' regular expressions run on Foundation's ICU engine, whose start-up and per-match
/// costs dominated writing and reading run directories; the differential test in
/// ConfigTests checks this against `Resolver.default` scalar by scalar.
enum YAMLImplicitType: Equatable {
    case bool, int, float, merge, null, timestamp, value, str

    /// The type Yams' `Resolver.default` resolves; with `loading`, as the config loader reads
    /// (its resolver drops timestamps, `<<` and `=`, which then stay strings, as in OmegaConf).
    static func of(_ text: String, loading: Bool = false) -> YAMLImplicitType {
        let bytes = Array(text.utf8)
        // ICU's `$` also matches before one line terminator that ends the input.
        var trimmed: [UInt8]?
        if let cut = finalLineTerminatorLength(bytes) { trimmed = Array(bytes.dropLast(cut)) }
        for type in loading ? loaderOrder : resolverOrder {
            if matches(type, bytes) { return type }
            if let trimmed, matches(type, trimmed) { return type }
        }
        return .str
    }

    /// Yams' rule order: the first type whose expression matches wins.
    private static let resolverOrder: [YAMLImplicitType] = [.bool, .int, .float, .merge, .null, .timestamp, .value]
    private static let loaderOrder: [YAMLImplicitType] = [.bool, .int, .float, .null]

    private static func matches(_ type: YAMLImplicitType, _ s: [UInt8]) -> Bool {
        switch type {
        case .bool: return boolWords.contains(s)
        case .int: return isInt(s)
        case .float: return isFloat(s)
        case .merge: return s == [0x3C, 0x3C]
        case .null: return s.isEmpty || nullWords.contains(s)
        case .timestamp: return isTimestamp(s)
        case .value: return s == [UInt8(ascii: "=")]
        case .str: return false
        }
    }

    private static let boolWords: Set<[UInt8]> = Set(
        ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
         "on", "On", "ON", "off", "Off", "OFF"].map { Array($0.utf8) })
    private static let nullWords: Set<[UInt8]> = Set(["~", "null", "Null", "NULL"].map { Array($0.utf8) })
    private static let nanWords: Set<[UInt8]> = Set([".nan", ".NaN", ".NAN"].map { Array($0.utf8) })
    private static let infWords: Set<[UInt8]> = Set(["inf", "Inf", "INF"].map { Array($0.utf8) })

    /// Bytes of the line terminator ending `s` (\n, \u{0B}, \u{0C}, \r, \r\n, U+0085, U+2028, U+2029).
    private static func finalLineTerminatorLength(_ s: [UInt8]) -> Int? {
        guard let last = s.last else { return nil }
        switch last {
        case 0x0A: return s.count >= 2 && s[s.count - 2] == 0x0D ? 2 : 1
        case 0x0B, 0x0C, 0x0D: return 1
        case 0x85: return s.count >= 2 && s[s.count - 2] == 0xC2 ? 2 : nil
        case 0xA8, 0xA9: return s.count >= 3 && s[s.count - 3] == 0xE2 && s[s.count - 2] == 0x80 ? 3 : nil
        default: return nil
        }
    }

    // MARK: - The regular languages, one scanner each

    /// A cursor over the scalar's bytes.
    private struct Scan {
        let s: [UInt8]
        var i = 0
        init(_ s: [UInt8]) { self.s = s }

        var atEnd: Bool { i == s.count }
        var next: UInt8? { i < s.count ? s[i] : nil }

        mutating func take(_ byte: Character) -> Bool {
            guard next == byte.asciiValue else { return false }
            i += 1
            return true
        }

        mutating func take(where test: (UInt8) -> Bool) -> Bool {
            guard let byte = next, test(byte) else { return false }
            i += 1
            return true
        }

        /// Takes as many bytes passing `test` as there are; returns how many.
        @discardableResult
        mutating func takeAll(where test: (UInt8) -> Bool) -> Int {
            let start = i
            while let byte = next, test(byte) { i += 1 }
            return i - start
        }

        mutating func takeSign() { _ = take("-") || take("+") }
    }

    private static func digit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func digitOrUnderscore(_ b: UInt8) -> Bool { digit(b) || b == 0x5F }

    /// `(?::[0-5]?[0-9])+` at the cursor: at least one group.
    private static func takeSexagesimalGroups(_ scan: inout Scan) -> Bool {
        var groups = 0
        while scan.take(":") {
            let start = scan.i
            let count = scan.takeAll(where: digit)
            // [0-5]?[0-9]: one digit, or two whose first is at most 5. The next byte is not a digit.
            guard count == 1 || (count == 2 && scan.s[start] <= 0x35) else { return false }
            groups += 1
        }
        return groups > 0
    }

    /// `[-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+`
    private static func isInt(_ s: [UInt8]) -> Bool {
        var scan = Scan(s)
        scan.takeSign()
        let afterSign = scan
        if scan.take("0") {
            if scan.atEnd { return true }
            var prefixed = scan
            if prefixed.take("b") {
                return prefixed.takeAll(where: { $0 == 0x30 || $0 == 0x31 || $0 == 0x5F }) > 0 && prefixed.atEnd
            }
            if prefixed.take("x") {
                return prefixed.takeAll(where: { digitOrUnderscore($0) || (0x61...0x66).contains($0 | 0x20) }) > 0
                    && prefixed.atEnd
            }
            _ = scan.take("o")
            return scan.takeAll(where: { ($0 >= 0x30 && $0 <= 0x37) || $0 == 0x5F }) > 0 && scan.atEnd
        }
        scan = afterSign
        guard scan.take(where: { $0 >= 0x31 && $0 <= 0x39 }) else { return false }
        scan.takeAll(where: digitOrUnderscore)
        if scan.atEnd { return true }
        return takeSexagesimalGroups(&scan) && scan.atEnd
    }

    /// `[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)? | \.[0-9_]+(?:[eE][-+][0-9]+)?
    /// | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)`
    private static func isFloat(_ s: [UInt8]) -> Bool {
        if nanWords.contains(s) { return true }
        // \.[0-9_]+(?:[eE][-+][0-9]+)? (no sign before the point, a signed exponent)
        var bare = Scan(s)
        if bare.take(".") {
            if bare.takeAll(where: digitOrUnderscore) > 0 {
                if bare.atEnd { return true }
                if bare.take("e") || bare.take("E"), bare.take("-") || bare.take("+"),
                   bare.takeAll(where: digit) > 0, bare.atEnd { return true }
            }
        }
        var scan = Scan(s)
        scan.takeSign()
        var infinity = scan
        if infinity.take("."), infWords.contains(Array(infinity.s[infinity.i...])) {
            return true
        }
        guard scan.take(where: digit) else { return false }
        scan.takeAll(where: digitOrUnderscore)
        // Sexagesimal: groups, a point, then [0-9_]*.
        var sexagesimal = scan
        if sexagesimal.next == UInt8(ascii: ":") {
            guard takeSexagesimalGroups(&sexagesimal), sexagesimal.take(".") else { return false }
            sexagesimal.takeAll(where: digitOrUnderscore)
            return sexagesimal.atEnd
        }
        if scan.take(".") { scan.takeAll(where: digitOrUnderscore) }
        if scan.take("e") || scan.take("E") {
            scan.takeSign()
            guard scan.takeAll(where: digit) > 0 else { return false }
        }
        return scan.atEnd
    }

    /// `[0-9]{4}-[0-9]{2}-[0-9]{2}`, or a date with one- or two-digit month and day, then
    /// `[Tt]` or blanks, `h?h:mm:ss`, an optional fraction and an optional `Z` or `±h?h(:mm)?` zone.
    private static func isTimestamp(_ s: [UInt8]) -> Bool {
        var scan = Scan(s)
        for _ in 0..<4 { guard scan.take(where: digit) else { return false } }
        guard scan.take("-") else { return false }
        let month = scan.takeAll(where: digit)
        guard (1...2).contains(month), scan.take("-") else { return false }
        let day = scan.takeAll(where: digit)
        guard (1...2).contains(day) else { return false }
        if scan.atEnd { return month == 2 && day == 2 }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard scan.take("T") || scan.take("t") || scan.takeAll(where: blank) > 0 else { return false }
        let hour = scan.takeAll(where: digit)
        guard (1...2).contains(hour), scan.take(":"), scan.takeAll(where: digit) == 2,
              scan.take(":"), scan.takeAll(where: digit) == 2 else { return false }
        if scan.take(".") { scan.takeAll(where: digit) }
        if scan.atEnd { return true }
        scan.takeAll(where: blank)
        if scan.take("Z") { return scan.atEnd }
        guard scan.take("-") || scan.take("+") else { return false }
        guard (1...2).contains(scan.takeAll(where: digit)) else { return false }
        if scan.take(":") { guard scan.takeAll(where: digit) == 2 else { return false } }
        return scan.atEnd
    }
}
