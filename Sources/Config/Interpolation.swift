import Foundation

extension ConfigValue {
    /// The tree with every interpolation resolved. `???` values stay missing; an
    /// interpolation that reaches one becomes `???` when `keepMissing` (what `--resolve`
    /// prints, as Hydra) and is an error naming the key otherwise.
    public func resolved(with resolvers: Resolvers, keepMissing: Bool = false) throws -> ConfigValue {
        var engine = Interpolation(root: self, resolvers: resolvers, keepMissing: keepMissing)
        return try engine.resolve(at: [])
    }

    /// The resolved value at a key; a `???` there (or reached through it) is an error naming the key.
    public func resolvedValue(at path: ConfigPath, with resolvers: Resolvers) throws -> ConfigValue {
        guard value(at: path) != nil else {
            throw ConfigError.interpolation("Key '\(path.dotted)' not found.")
        }
        var engine = Interpolation(root: self, resolvers: resolvers, keepMissing: false)
        let v = try engine.resolve(at: path)
        if v.isMissing { throw ConfigError.missingValue(key: path.dotted) }
        return v
    }
}

/// Resolves OmegaConf 2.3 interpolations over a tree: node references (absolute and
/// relative), string interpolation, resolvers, escapes; detects cycles.
struct Interpolation {
    let root: ConfigValue
    let resolvers: Resolvers
    let keepMissing: Bool
    private var cache: [ConfigPath: ConfigValue] = [:]
    private var stack: [ConfigPath] = []

    /// Thrown inside resolution when a `???` is reached and `keepMissing` is set.
    private struct ReachedMissing: Error {}

    init(root: ConfigValue, resolvers: Resolvers, keepMissing: Bool) {
        self.root = root
        self.resolvers = resolvers
        self.keepMissing = keepMissing
    }

    /// The resolved node at `path` (containers resolved throughout).
    mutating func resolve(at path: ConfigPath) throws -> ConfigValue {
        if let done = cache[path] { return done }
        if let loop = stack.firstIndex(of: path) {
            let chain = (stack[loop...] + [path]).map { $0.isEmpty ? "<root>" : $0.dotted }
            throw ConfigError.interpolation("Interpolation cycle at '\(chain[0])': \(chain.joined(separator: " -> ")). "
                + "Set one of these keys to a plain value.")
        }
        guard let node = root.value(at: path) else {
            throw ConfigError.interpolation("Key '\(path.dotted)' not found.")
        }
        stack.append(path)
        defer { stack.removeLast() }
        let result: ConfigValue
        switch node {
        case .dict(var d):
            for key in d.keys { d[key] = try resolve(at: path + [key]) }
            result = .dict(d)
        case .list(var l):
            for index in l.indices { l[index] = try resolve(at: path + [String(index)]) }
            result = .list(l)
        case .string(let s) where InterpolationParser.mayInterpolate(s):
            do {
                result = try resolveString(s, at: path)
            } catch is ReachedMissing {
                result = .missing
            }
        default:
            result = node
        }
        cache[path] = result
        return result
    }

    private mutating func resolveString(_ s: String, at path: ConfigPath) throws -> ConfigValue {
        let parts: [InterpolationPart]
        do {
            parts = try InterpolationParser.parse(s)
        } catch let error as InterpolationParser.SyntaxError {
            throw ConfigError.interpolation("Invalid interpolation at '\(path.dotted)': \(error.message) in '\(s)'.")
        }
        return try value(of: parts, at: path)
    }

    /// One part alone keeps its type; several are joined as a string.
    private mutating func value(of parts: [InterpolationPart], at path: ConfigPath) throws -> ConfigValue {
        if parts.count == 1, case .text(let t) = parts[0] { return .string(t) }
        if parts.count == 1 { return try evaluate(parts[0], at: path) }
        var out = ""
        for part in parts {
            let v = try evaluate(part, at: path)
            out += Interpolation.pythonString(v)
        }
        return .string(out)
    }

    private mutating func evaluate(_ part: InterpolationPart, at path: ConfigPath) throws -> ConfigValue {
        switch part {
        case .text(let t):
            return .string(t)
        case let .node(keyParts, source):
            let keyValue = try value(of: keyParts, at: path)
            let key = Interpolation.pythonString(keyValue)
            let target = Interpolation.targetPath(key, from: path)
            guard let targetPath = target, root.value(at: targetPath) != nil else {
                throw ConfigError.interpolation("Could not resolve '\(source)' at '\(path.dotted)': key '\(key)' not found.")
            }
            let v = try resolve(at: targetPath)
            if v.isMissing {
                if keepMissing { throw ReachedMissing() }
                throw ConfigError.interpolation("Could not resolve '\(source)' at '\(path.dotted)': "
                    + "'\(targetPath.dotted)' is ??? (missing). Set it with \(targetPath.dotted)=VALUE.")
            }
            return v
        case let .resolver(name, args, source):
            guard let function = resolvers.functions[name] else {
                throw ConfigError.interpolation("Unknown resolver '\(name)' in '\(source)' at '\(path.dotted)'. "
                    + "Known resolvers: \(resolvers.functions.keys.sorted().joined(separator: ", ")).")
            }
            var values: [ConfigValue] = []
            for arg in args {
                if arg.quoted {
                    values.append(.string(try arg.parts.map { Interpolation.pythonString(try evaluate($0, at: path)) }.joined()))
                } else if arg.parts.count == 1, case .text(let t) = arg.parts[0] {
                    values.append(Interpolation.primitive(t))
                } else {
                    values.append(try value(of: arg.parts, at: path))
                }
            }
            return try function(values, ResolverContext(root: root, key: path.dotted))
        }
    }

    /// The absolute path an interpolation key points at from the node at `path`:
    /// `a.b`, `a[0]`, `.x` (sibling), `..x` (parent's sibling).
    static func targetPath(_ key: String, from path: ConfigPath) -> ConfigPath? {
        let normalized = key.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
        let dots = normalized.prefix(while: { $0 == "." }).count
        let rest = normalized.dropFirst(dots)
        let segments = rest.isEmpty ? [] : rest.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if dots == 0 { return segments }
        guard dots <= path.count else { return nil }
        return Array(path.dropLast(dots)) + segments
    }

    /// An unquoted resolver argument as a typed value: int, float, bool, null, or string.
    static func primitive(_ text: String) -> ConfigValue {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t.lowercased() {
        case "null": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .double(.infinity)
        case "-inf": return .double(-.infinity)
        case "nan", "+nan", "-nan": return .double(.nan)
        default: break
        }
        let plain = t.replacingOccurrences(of: "_", with: "")
        if t.range(of: #"^[+-]?(0|[1-9](_?[0-9])*)$"#, options: .regularExpression) != nil, let i = Int(plain) { return .int(i) }
        if t.range(of: #"^[+-]?(([0-9](_?[0-9])*)?\.[0-9](_?[0-9])*|[0-9](_?[0-9])*\.?)([eE][+-]?[0-9]+)?$"#,
                   options: .regularExpression) != nil, t.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }),
           let d = Double(plain) {
            return .double(d)
        }
        return .string(t)
    }

    /// `oc.decode`: a string read as a value (number, bool, null, `[list]`, `{dict}`, quoted string).
    static func decode(_ s: String, key: String) throws -> ConfigValue {
        let t = s.trimmingCharacters(in: .whitespaces)
        if let first = t.first, first == "[" || first == "{" || first == "'" || first == "\"" {
            do {
                return try ConfigValue(yaml: t, file: "oc.decode at '\(key)'")
            } catch {
                throw ConfigError.interpolation("oc.decode at '\(key)' could not read '\(s)' as a value.")
            }
        }
        return primitive(t)
    }

    /// How Python's `str()` prints a value inside string interpolation.
    static func pythonString(_ v: ConfigValue) -> String {
        switch v {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return PythonNumbers.repr(d)
        case .string(let s): return s
        case .missing: return "???"
        case .list(let l): return "[" + l.map(pythonRepr).joined(separator: ", ") + "]"
        case .dict(let d): return "{" + d.map { "'\($0.key)': " + pythonRepr($0.value) }.joined(separator: ", ") + "}"
        }
    }

    private static func pythonRepr(_ v: ConfigValue) -> String {
        if case .string(let s) = v { return "'" + s + "'" }
        return pythonString(v)
    }
}
