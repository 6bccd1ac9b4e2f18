/// A string value split into literal text and `${...}` interpolations (OmegaConf 2.3 syntax).
indirect enum InterpolationPart: Sendable, Equatable {
    case text(String)
    /// `${a.b}`, `${.x}`, `${..x}`, `${a[0]}`; the key may itself hold interpolations.
    case node(key: [InterpolationPart], source: String)
    /// `${name:arg,arg}`.
    case resolver(name: String, args: [ResolverArgument], source: String)
}

/// One resolver argument: its parts, and whether it was quoted (quoted args stay strings).
struct ResolverArgument: Sendable, Equatable {
    var parts: [InterpolationPart]
    var quoted: Bool
}

/// Parses interpolation syntax. Errors carry the offending text.
struct InterpolationParser {
    struct SyntaxError: Error {
        var message: String
    }

    private let chars: [Character]
    private var i = 0

    /// True when the string may hold an interpolation (cheap pre-check).
    static func mayInterpolate(_ s: String) -> Bool { s.contains("${") }

    static func parse(_ s: String) throws -> [InterpolationPart] {
        var parser = InterpolationParser(chars: Array(s))
        return try parser.parseText(until: nil)
    }

    private init(chars: [Character]) { self.chars = chars }

    private func peek(_ offset: Int = 0) -> Character? { i + offset < chars.count ? chars[i + offset] : nil }
    private func startsInterpolation(at k: Int) -> Bool { k + 1 < chars.count && chars[k] == "$" && chars[k + 1] == "{" }

    /// Text with interpolations, up to the terminator (a closing quote) or the end.
    private mutating func parseText(until terminator: Character?) throws -> [InterpolationPart] {
        var parts: [InterpolationPart] = []
        var text = ""
        while let c = peek() {
            if let terminator, c == terminator { break }
            if c == "\\" {
                if peek(1) == "\\", startsInterpolation(at: i + 2) {
                    text.append("\\")
                    i += 2
                    continue
                }
                if startsInterpolation(at: i + 1) {
                    text += "${"
                    i += 3
                    continue
                }
                if let terminator, peek(1) == terminator {
                    text.append(terminator)
                    i += 2
                    continue
                }
            }
            if startsInterpolation(at: i) {
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                parts.append(try parseInterpolation())
                continue
            }
            text.append(c)
            i += 1
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }

    private mutating func parseInterpolation() throws -> InterpolationPart {
        let start = i
        i += 2
        skipSpaces()
        // A resolver name followed by ':'?
        var j = i
        while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "." || chars[j] == "-" { j += 1 }
        var k = j
        while k < chars.count, chars[k] == " " { k += 1 }
        if j > i, k < chars.count, chars[k] == ":", chars[i].isLetter || chars[i] == "_" {
            let name = String(chars[i..<j])
            i = k + 1
            var args: [ResolverArgument] = []
            skipSpaces()
            if peek() == "}" {
                i += 1
                return .resolver(name: name, args: [], source: String(chars[start..<i]))
            }
            while true {
                args.append(try parseArgument())
                guard let c = peek() else { throw SyntaxError(message: "missing '}' after '\(String(chars[start...]))'") }
                i += 1
                if c == "}" { break }
            }
            return .resolver(name: name, args: args, source: String(chars[start..<i]))
        }
        var key: [InterpolationPart] = []
        var text = ""
        while true {
            guard let c = peek() else { throw SyntaxError(message: "missing '}' after '\(String(chars[start...]))'") }
            if c == "}" { i += 1; break }
            if startsInterpolation(at: i) {
                if !text.isEmpty { key.append(.text(text)); text = "" }
                key.append(try parseInterpolation())
                continue
            }
            text.append(c)
            i += 1
        }
        text = String(text.reversed().drop(while: { $0 == " " }).reversed())
        if !text.isEmpty { key.append(.text(text)) }
        if key.isEmpty { throw SyntaxError(message: "empty interpolation '${}'") }
        return .node(key: key, source: String(chars[start..<i]))
    }

    /// One argument, stopping before the ',' or '}' that ends it.
    private mutating func parseArgument() throws -> ResolverArgument {
        skipSpaces()
        if let q = peek(), q == "'" || q == "\"" {
            i += 1
            let parts = try parseText(until: q)
            guard peek() == q else { throw SyntaxError(message: "unterminated quoted argument") }
            i += 1
            skipSpaces()
            return ResolverArgument(parts: parts, quoted: true)
        }
        var parts: [InterpolationPart] = []
        var text = ""
        var depth = 0
        while let c = peek() {
            if depth == 0, c == "," || c == "}" { break }
            if c == "\\", let next = peek(1) {
                text.append(next)
                i += 2
                continue
            }
            if startsInterpolation(at: i) {
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                parts.append(try parseInterpolation())
                continue
            }
            if c == "[" || c == "{" { depth += 1 }
            if c == "]" || c == "}" { depth -= 1 }
            text.append(c)
            i += 1
        }
        // Trim trailing spaces of the last text part.
        text = String(text.reversed().drop(while: { $0 == " " }).reversed())
        if !text.isEmpty { parts.append(.text(text)) }
        return ResolverArgument(parts: parts, quoted: false)
    }

    private mutating func skipSpaces() {
        while peek() == " " { i += 1 }
    }
}
