/// Formats doubles the way Python's `repr(float)` does (shortest round-trip digits,
/// scientific notation below 1e-4 and from 1e16 on), which is what Hydra users see.
enum PythonFloat {
    /// `repr(x)`: `0.001`, `1e-05`, `1.0`, `1e+16`, `inf`, `nan`.
    static func repr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
        let (negative, digits, exponent) = decompose(x)
        let sign = negative ? "-" : ""
        // exponent: value = 0.d1d2d3... * 10^exponent, i.e. scientific exponent is exponent-1
        let sciExp = exponent - 1
        if sciExp < -4 || sciExp >= 16 {
            var mantissa = String(digits.first!)
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let e = abs(sciExp)
            return "\(sign)\(mantissa)e\(sciExp < 0 ? "-" : "+")\(e < 10 ? "0" : "")\(e)"
        }
        if exponent <= 0 {
            return sign + "0." + String(repeating: "0", count: -exponent) + digits
        }
        if digits.count <= exponent {
            return sign + digits + String(repeating: "0", count: exponent - digits.count) + ".0"
        }
        let i = digits.index(digits.startIndex, offsetBy: exponent)
        return sign + digits[..<i] + "." + digits[i...]
    }

    /// The float as PyYAML writes it: `.inf`, `-.inf`, `.nan`, and `1.0e-05` for exponents.
    static func yaml(_ x: Double) -> String {
        if x.isNaN { return ".nan" }
        if x.isInfinite { return x < 0 ? "-.inf" : ".inf" }
        var r = repr(x)
        if !r.contains("."), let e = r.firstIndex(of: "e") { r.insert(contentsOf: ".0", at: e) }
        return r
    }

    /// Shortest digits (no leading/trailing zeros) and decimal exponent: x = 0.DIGITS * 10^exp.
    private static func decompose(_ x: Double) -> (Bool, String, Int) {
        // Swift's description already holds the shortest round-trip digits.
        var text = Swift.abs(x).description
        var exp10 = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp10 = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        var intPart = text
        var fracPart = ""
        if let dot = text.firstIndex(of: ".") {
            intPart = String(text[..<dot])
            fracPart = String(text[text.index(after: dot)...])
        }
        var digits = intPart + fracPart
        var exponent = intPart.count + exp10
        while digits.hasPrefix("0") {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        return (x < 0, digits, exponent)
    }
}
