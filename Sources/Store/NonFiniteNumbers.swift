/// Python's `json.dumps` writes `NaN`, `Infinity` and `-Infinity`, which JSON (and SQLite's
/// JSON functions before 3.42) rejects. A line holding them outside strings is rewritten with
/// each token as a marker string that the insert statement turns back into a number: NaN is
/// stored as NULL (SQLite cannot store a NaN double), the infinities as themselves.
enum NonFiniteNumbers {
    static let nanMarker = "\u{E000}NaN"
    static let infinityMarker = "\u{E000}Infinity"
    static let negativeInfinityMarker = "\u{E000}-Infinity"

    private static let tokens: [(bytes: [UInt8], marker: String)] = [
        (Array("-Infinity".utf8), negativeInfinityMarker),
        (Array("Infinity".utf8), infinityMarker),
        (Array("NaN".utf8), nanMarker),
    ]

    /// `line` with its non-finite tokens replaced by quoted markers, or nil when it has none.
    static func rewrite(_ line: ArraySlice<UInt8>) -> String? {
        guard contains(line, Array("NaN".utf8)) || contains(line, Array("Infinity".utf8)) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(line.count + 16)
        var inString = false
        var escaped = false
        var index = line.startIndex
        var replaced = false
        outer: while index < line.endIndex {
            let byte = line[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else {
                for token in tokens where line[index...].starts(with: token.bytes) {
                    output.append(UInt8(ascii: "\""))
                    output.append(contentsOf: Array(token.marker.utf8))
                    output.append(UInt8(ascii: "\""))
                    index += token.bytes.count
                    replaced = true
                    continue outer
                }
            }
            output.append(byte)
            index += 1
        }
        return replaced ? String(decoding: output, as: UTF8.self) : nil
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// Whether `line` may hold a metric whose value is not a number: more than one `:` followed
    /// by the start of a string, object, array, true, false or null (the one expected is
    /// `"metrics": {`). A cheap byte scan that never misses one; a false alarm only costs a query.
    static func mayHoldNonNumbers(_ line: ArraySlice<UInt8>) -> Bool {
        var count = 0
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == UInt8(ascii: ":") {
                var next = index + 1
                while next < line.endIndex, line[next] == 0x20 || line[next] == 0x09 { next += 1 }
                if next < line.endIndex {
                    switch line[next] {
                    case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                        count += 1
                        if count > 1 { return true }
                    default: break
                    }
                }
            }
            index += 1
        }
        return false
    }
}
