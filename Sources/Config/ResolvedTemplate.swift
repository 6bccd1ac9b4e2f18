/// A string value resolved piece by piece: its literal text and what each `${...}` in it
/// became, so a caller can tell the text a user wrote from the values substituted into it
/// (a run directory may be anywhere the user writes, but an `exp_name` must not move it).
public struct ResolvedTemplate: Sendable, Equatable {
    public struct Piece: Sendable, Equatable {
        /// The piece's text after resolution.
        public var text: String
        /// The `${...}` it came from; nil for literal text.
        public var interpolation: String?
    }

    public var pieces: [Piece]

    /// The whole resolved value, as one string.
    public var text: String { pieces.map(\.text).joined() }
}

extension ConfigValue {
    /// The value at `path` resolved, as pieces (see `ResolvedTemplate`). A value that is not a
    /// string (`subdir: ${hydra.job.num}` resolves to an int) is one piece, printed as Python's
    /// `str()` prints it; a `???` or a list or dict is an error naming the key.
    public func resolvedTemplate(at path: ConfigPath, with resolvers: Resolvers) throws -> ResolvedTemplate {
        let whole = try resolvedValue(at: path, with: resolvers)
        switch whole {
        case .list, .dict, .null:
            throw ConfigError.interpolation("'\(path.dotted)' must be a path, but it is \(whole.kindName).")
        default: break
        }
        guard case .string(let raw)? = value(at: path), InterpolationParser.mayInterpolate(raw),
              let parts = try? InterpolationParser.parse(raw) else {
            return ResolvedTemplate(pieces: [.init(text: Interpolation.pythonString(whole), interpolation: nil)])
        }
        var pieces: [ResolvedTemplate.Piece] = []
        for part in parts {
            switch part {
            case .text(let text):
                pieces.append(.init(text: text, interpolation: nil))
            case .node(_, let source), .resolver(_, _, let source):
                // Resolved in place, so relative interpolations (`${..x}`) mean what they mean there.
                var scratch = self
                scratch.set(.string(source), at: path)
                let value = try scratch.resolvedValue(at: path, with: resolvers)
                pieces.append(.init(text: Interpolation.pythonString(value), interpolation: source))
            }
        }
        return ResolvedTemplate(pieces: pieces)
    }
}
