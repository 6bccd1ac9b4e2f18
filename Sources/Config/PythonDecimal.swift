/// Just enough of Python's `decimal` module (default context: 28 significant digits,
/// round-half-even) to step a float range exactly as Hydra's `FloatRange` does:
/// `Decimal(float)` is exact, each `+=` rounds to 28 digits, `float(Decimal)` rounds once.
/// That is why the 8th value of `range(0,1,0.1)` is 0.7000000000000001.
struct PythonDecimal: Comparable {
    static let precision = 28

    /// Value = (negative ? -1 : 1) * coefficient * 10^exponent.
    var negative: Bool
    var coefficient: BigDigits
    var exponent: Int

    /// The exact value of a finite double.
    init(_ x: Double) {
        precondition(x.isFinite, "PythonDecimal needs a finite value")
        negative = x < 0
        let magnitude = Swift.abs(x)
        guard magnitude != 0 else {
            coefficient = BigDigits(0)
            exponent = 0
            return
        }
        // magnitude = significand * 2^shift with an integral significand.
        let bits = magnitude.bitPattern
        let exponentBits = Int((bits >> 52) & 0x7FF)
        let fraction = bits & ((UInt64(1) << 52) - 1)
        let significand = exponentBits == 0 ? fraction : fraction | (UInt64(1) << 52)
        let shift = exponentBits == 0 ? -1074 : exponentBits - 1075
        var digits = BigDigits(significand)
        if shift >= 0 {
            for _ in 0..<shift { digits.multiply(by: 2) }
            exponent = 0
        } else {
            // m * 2^-k = m * 5^k / 10^k
            for _ in 0..<(-shift) { digits.multiply(by: 5) }
            exponent = shift
        }
        coefficient = digits
    }

    init(_ i: Int) {
        negative = i < 0
        coefficient = BigDigits(UInt64(i.magnitude))
        exponent = 0
    }

    /// The nearest double (Swift's parser rounds correctly).
    var double: Double {
        let text = (negative ? "-" : "") + coefficient.description + "e\(exponent)"
        return Double(text)!
    }

    static func + (a: PythonDecimal, b: PythonDecimal) -> PythonDecimal {
        let exponent = min(a.exponent, b.exponent)
        var x = a.coefficient, y = b.coefficient
        x.multiply(byPowerOfTen: a.exponent - exponent)
        y.multiply(byPowerOfTen: b.exponent - exponent)
        var result: PythonDecimal
        if a.negative == b.negative {
            x.add(y)
            result = PythonDecimal(negative: a.negative, coefficient: x, exponent: exponent)
        } else if x >= y {
            x.subtract(y)
            result = PythonDecimal(negative: a.negative, coefficient: x, exponent: exponent)
        } else {
            y.subtract(x)
            result = PythonDecimal(negative: b.negative, coefficient: y, exponent: exponent)
        }
        result.round()
        if result.coefficient.isZero { result.negative = false }
        return result
    }

    static func < (a: PythonDecimal, b: PythonDecimal) -> Bool {
        let aZero = a.coefficient.isZero, bZero = b.coefficient.isZero
        if aZero && bZero { return false }
        let aNegative = a.negative && !aZero, bNegative = b.negative && !bZero
        if aNegative != bNegative { return aNegative }
        let exponent = min(a.exponent, b.exponent)
        var x = a.coefficient, y = b.coefficient
        x.multiply(byPowerOfTen: a.exponent - exponent)
        y.multiply(byPowerOfTen: b.exponent - exponent)
        return aNegative ? y < x : x < y
    }

    static func == (a: PythonDecimal, b: PythonDecimal) -> Bool { !(a < b) && !(b < a) }

    private init(negative: Bool, coefficient: BigDigits, exponent: Int) {
        self.negative = negative
        self.coefficient = coefficient
        self.exponent = exponent
    }

    /// Rounds the coefficient to `precision` digits, half to even.
    private mutating func round() {
        let excess = coefficient.digitCount - Self.precision
        guard excess > 0 else { return }
        let (quotient, remainderIsHalf, remainderAboveHalf) = coefficient.dividedByPowerOfTen(excess)
        var rounded = quotient
        if remainderAboveHalf || (remainderIsHalf && rounded.isOdd) { rounded.add(BigDigits(1)) }
        coefficient = rounded
        exponent += excess
    }
}

/// An unsigned big integer in base-10^9 limbs (least significant first), for exact decimals.
struct BigDigits: Comparable, CustomStringConvertible {
    private static let base: UInt64 = 1_000_000_000
    private(set) var limbs: [UInt64]

    init(_ value: UInt64) {
        limbs = []
        var v = value
        repeat {
            limbs.append(v % Self.base)
            v /= Self.base
        } while v > 0
    }

    var isZero: Bool { limbs.allSatisfy { $0 == 0 } }
    var isOdd: Bool { limbs[0] % 2 == 1 }

    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let product = limbs[i] * factor + carry
            limbs[i] = product % Self.base
            carry = product / Self.base
        }
        while carry > 0 {
            limbs.append(carry % Self.base)
            carry /= Self.base
        }
    }

    mutating func multiply(byPowerOfTen n: Int) {
        var remaining = n
        while remaining >= 9 {
            limbs.insert(0, at: 0)
            remaining -= 9
        }
        var factor: UInt64 = 1
        for _ in 0..<remaining { factor *= 10 }
        if factor > 1 { multiply(by: factor) }
        trim()
    }

    mutating func add(_ other: BigDigits) {
        var carry: UInt64 = 0
        for i in 0..<max(limbs.count, other.limbs.count) {
            if i == limbs.count { limbs.append(0) }
            let sum = limbs[i] + (i < other.limbs.count ? other.limbs[i] : 0) + carry
            limbs[i] = sum % Self.base
            carry = sum / Self.base
        }
        if carry > 0 { limbs.append(carry) }
    }

    /// self -= other; requires self >= other.
    mutating func subtract(_ other: BigDigits) {
        var borrow: UInt64 = 0
        for i in limbs.indices {
            let subtrahend = (i < other.limbs.count ? other.limbs[i] : 0) + borrow
            if limbs[i] >= subtrahend {
                limbs[i] -= subtrahend
                borrow = 0
            } else {
                limbs[i] = limbs[i] + Self.base - subtrahend
                borrow = 1
            }
        }
        trim()
    }

    var digitCount: Int {
        guard let top = limbs.last, !isZero else { return 1 }
        return (limbs.count - 1) * 9 + String(top).count
    }

    /// self / 10^n (truncated), and how the dropped remainder compares with one half.
    func dividedByPowerOfTen(_ n: Int) -> (BigDigits, isHalf: Bool, aboveHalf: Bool) {
        let text = description
        let keep = text.count - n
        let quotientText = keep > 0 ? String(text.prefix(keep)) : "0"
        let dropped = keep > 0 ? String(text.dropFirst(keep)) : String(repeating: "0", count: -keep) + text
        let first = dropped.first!
        let restZero = dropped.dropFirst().allSatisfy { $0 == "0" }
        return (BigDigits(decimal: quotientText), first == "5" && restZero, first > "5" || (first == "5" && !restZero))
    }

    init(decimal text: String) {
        limbs = []
        var end = text.endIndex
        while end > text.startIndex {
            let start = text.index(end, offsetBy: -9, limitedBy: text.startIndex) ?? text.startIndex
            limbs.append(UInt64(text[start..<end])!)
            end = start
        }
        if limbs.isEmpty { limbs = [0] }
        trim()
    }

    var description: String {
        var text = String(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }

    private mutating func trim() {
        while limbs.count > 1, limbs.last == 0 { limbs.removeLast() }
    }

    static func < (a: BigDigits, b: BigDigits) -> Bool {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count }
        for (x, y) in zip(a.limbs.reversed(), b.limbs.reversed()) where x != y { return x < y }
        return false
    }
}
