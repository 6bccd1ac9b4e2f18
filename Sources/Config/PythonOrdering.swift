/// A number with Python's arithmetic: int stays int, int with float gives float, bool
/// counts as an int. Used for range bounds.
enum PyNumber: Equatable, Comparable {
    case int(Int)
    case float(Double)

    init?(_ element: ParsedElement) {
        switch element {
        case let .int(i): self = .int(i)
        case let .bool(b): self = .int(b ? 1 : 0)
        case let .double(d): self = .float(d)
        default: return nil
        }
    }

    var double: Double {
        switch self {
        case let .int(i): return Double(i)
        case let .float(d): return d
        }
    }

    var element: ParsedElement {
        switch self {
        case let .int(i): return .int(i)
        case let .float(d): return .double(d)
        }
    }

    var magnitude: PyNumber {
        switch self {
        case let .int(i): return .int(Swift.abs(i))
        case let .float(d): return .float(Swift.abs(d))
        }
    }

    var negated: PyNumber {
        switch self {
        case let .int(i): return .int(-i)
        case let .float(d): return .float(-d)
        }
    }

    static func + (a: PyNumber, b: PyNumber) -> PyNumber {
        if case let .int(x) = a, case let .int(y) = b { return .int(x &+ y) }
        return .float(a.double + b.double)
    }

    static func - (a: PyNumber, b: PyNumber) -> PyNumber { a + b.negated }

    static func < (a: PyNumber, b: PyNumber) -> Bool {
        if case let .int(x) = a, case let .int(y) = b { return x < y }
        return a.double < b.double
    }
}

/// Python's ordering of parsed values, for `sort()`: numbers (and bools) by value, strings
/// by code point, lists item by item; anything else (null, dicts, quoted strings inside
/// lists, or a string against a number) cannot be ordered, as in Python.
enum PythonOrdering {
    /// A stable sort; with `reverse`, equal values keep their order (as Python's `sorted`).
    static func sorted(_ items: [ParsedElement], reverse: Bool) throws(FunctionFailure) -> [ParsedElement] {
        if items.count < 2 { return items }
        let middle = items.count / 2
        let left = try sorted(Array(items[..<middle]), reverse: reverse)
        let right = try sorted(Array(items[middle...]), reverse: reverse)
        var merged: [ParsedElement] = []
        var i = 0, j = 0
        while i < left.count, j < right.count {
            // Take from the right only when it is strictly before the left.
            let rightFirst = reverse ? try less(left[i], right[j]) : try less(right[j], left[i])
            if rightFirst {
                merged.append(right[j])
                j += 1
            } else {
                merged.append(left[i])
                i += 1
            }
        }
        merged += left[i...]
        merged += right[j...]
        return merged
    }

    static func less(_ a: ParsedElement, _ b: ParsedElement) throws(FunctionFailure) -> Bool {
        if let x = PyNumber(a), let y = PyNumber(b) { return x < y }
        switch (a, b) {
        case let (.string(x, nil), .string(y, nil)):
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        case let (.list(x), .list(y)):
            for (p, q) in zip(x, y) where !equal(p, q) {
                return try less(p, q)
            }
            return x.count < y.count
        default:
            throw FunctionFailure("cannot sort \(a.hydraString) and \(b.hydraString) together")
        }
    }

    /// Python's `==` on parsed values (1 == 1.0 == true).
    static func equal(_ a: ParsedElement, _ b: ParsedElement) -> Bool {
        if let x = PyNumber(a), let y = PyNumber(b) { return !(x < y) && !(y < x) }
        switch (a, b) {
        case let (.list(x), .list(y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (.dict(x), .dict(y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default: return a == b
        }
    }
}
