/// Number reading and writing with Python's rules, which Hydra's grammar inherits:
/// `int('1_000')`, `float(' 1e3 ')`, and `repr(float)` for writing values back.
enum PythonNumbers {
    /// An INT token (`-1_000`, `+7`); nil if it does not fit in `Int`.
    static func int(literal: String) -> Int? {
        Int(literal.filter { $0 != "_" })
    }

    /// A FLOAT token (`1.`, `.5`, `1e-3`, `-inf`, `NaN`, `1e400` = inf).
    static func double(literal: String) -> Double {
        let text = literal.filter { $0 != "_" }.lowercased()
        let negative = text.hasPrefix("-")
        if text.hasSuffix("inf") { return negative ? -.infinity : .infinity }
        if text.hasSuffix("nan") { return .nan }
        return Double(text) ?? .nan
    }

    /// Python's `int(str)`: surrounding whitespace, a sign, digits with single underscores
    /// between them (leading zeros allowed). nil if not an integer or too large.
    static func int(string: String) -> Int? {
        var body = Substring(string.trimmingPythonWhitespace)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        guard isDigitPart(body) else { return nil }
        return Int(sign + body.filter { $0 != "_" })
    }

    /// Python's `float(str)`: surrounding whitespace, a sign, a decimal number with optional
    /// exponent (underscores between digits), or `inf`/`infinity`/`nan` in any case.
    static func double(string: String) -> Double? {
        var body = Substring(string.trimmingPythonWhitespace.lowercased())
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        if body == "inf" || body == "infinity" { return negative ? -.infinity : .infinity }
        if body == "nan" { return .nan }
        var mantissa = body
        if let e = body.firstIndex(of: "e") {
            mantissa = body[..<e]
            var exponent = body[body.index(after: e)...]
            if let s = exponent.first, s == "+" || s == "-" { exponent = exponent.dropFirst() }
            guard isDigitPart(exponent) else { return nil }
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = parts[0]
        let fracPart = parts.count > 1 ? parts[1] : ""
        guard intPart.isEmpty || isDigitPart(intPart), fracPart.isEmpty || isDigitPart(fracPart),
              !(intPart.isEmpty && fracPart.isEmpty) else { return nil }
        guard let value = Double(body.filter { $0 != "_" }) else { return nil }
        return negative ? -value : value
    }

    /// `DIGIT (_? DIGIT)*`
    private static func isDigitPart(_ s: Substring) -> Bool {
        guard let first = s.first, let last = s.last, first.isASCIIDigit, last.isASCIIDigit else { return false }
        var previousUnderscore = false
        for c in s {
            if c == "_" {
                if previousUnderscore { return false }
                previousUnderscore = true
            } else if c.isASCIIDigit {
                previousUnderscore = false
            } else {
                return false
            }
        }
        return true
    }

    /// Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and
    /// from 1e16 on (`1e-05`, `1e+16`), `.0` on integral values, `inf`, `-inf`, `nan`.
    static func repr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
        let (digits, point) = shortestDigits(Swift.abs(x))
        let sign = x < 0 ? "-" : ""
        // x = 0.DIGITS * 10^point; Python switches to exponent form when point is outside (-4, 16].
        if point <= -4 || point > 16 {
            let exponent = point - 1
            let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
            let magnitude = Swift.abs(exponent)
            return "\(sign)\(mantissa)e\(exponent < 0 ? "-" : "+")\(magnitude < 10 ? "0" : "")\(magnitude)"
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
        if digits.count <= point { return sign + digits + String(repeating: "0", count: point - digits.count) + ".0" }
        let split = digits.index(digits.startIndex, offsetBy: point)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// The shortest round-trip digits of a positive finite `x` (from Swift's own shortest
    /// formatting) and the decimal point position: x = 0.DIGITS * 10^point.
    private static func shortestDigits(_ x: Double) -> (String, Int) {
        var text = x.description
        var exponent = 0
        if let e = text.firstIndex(of: "e") {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + fracPart
        var point = intPart.count + exponent
        while digits.hasPrefix("0") {
            digits.removeFirst()
            point -= 1
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        return (digits, point)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    /// Without the leading and trailing whitespace Python's `str.strip()` removes.
    var trimmingPythonWhitespace: String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace || ("\u{1C}"..."\u{1F}").contains($0) }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }
}
