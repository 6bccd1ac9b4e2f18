import OrderedCollections
import Yams

extension ConfigValue {
    /// Parses one YAML document into a config tree, keeping key order and scalar types.
    /// An empty document is an empty dict; `???` (quoted or not) is `.missing`.
    /// `file` names the source in error messages.
    public init(yaml text: String, file: String = "<string>") throws {
        let node: Node?
        do {
            // Scalars are typed below (YAMLImplicitType), not by Yams' regular expressions.
            node = try Yams.compose(yaml: text, .basic)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            throw ConfigError.yaml(file: file, line: context.mark.line,
                                    message: "duplicate key " + duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
                                        + "; keep only one of them")
        } catch let error as YamlError {
            throw ConfigError.yaml(file: file, line: ConfigValue.line(of: error), message: ConfigValue.reason(of: error))
        }
        guard let node else {
            self = .dict([:])
            return
        }
        self = try ConfigValue.convert(node, file: file)
    }

    private static func convert(_ node: Node, file: String) throws -> ConfigValue {
        switch node {
        case .scalar(let scalar):
            return try scalarValue(scalar, file: file)
        case .sequence(let seq):
            return .list(try seq.map { try convert($0, file: file) })
        case .mapping(let map):
            var dict = OrderedDictionary<String, ConfigValue>()
            for (k, v) in map {
                guard case .scalar(let keyScalar) = k else {
                    throw ConfigError.yaml(file: file, line: k.mark.map { $0.line }, message: "a mapping key must be a scalar")
                }
                let key = keyScalar.string
                if dict[key] != nil {
                    throw ConfigError.yaml(file: file, line: k.mark.map { $0.line },
                                            message: "duplicate key '\(key)'; keep only one of them")
                }
                dict[key] = try convert(v, file: file)
            }
            return .dict(dict)
        case .alias(let alias):
            throw ConfigError.yaml(file: file, line: alias.mark.map { $0.line },
                                    message: "unresolved alias '*\(alias.anchor.rawValue)'")
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar, file: String) throws -> ConfigValue {
        if scalar.string == "???" { return .missing }
        // The YAML 1.1 implicit types OmegaConf's loader resolves: bools, ints, floats
        // (`1e-3` included), nulls. Timestamps stay strings, as in OmegaConf.
        let type: YAMLImplicitType = scalar.style == .plain ? .of(scalar.string, loading: true) : .str
        switch type {
        case .null:
            return .null
        case .bool:
            if let b = Bool.construct(from: scalar) { return .bool(b) }
        case .int:
            if let i = Int.construct(from: scalar) { return .int(i) }
            // Too large for Int: OmegaConf keeps Python's big ints; we keep the value as a float.
            if let d = Double(scalar.string.replacingOccurrences(of: "_", with: "")) { return .double(d) }
        case .float:
            if let d = Double.construct(from: scalar) { return .double(d) }
        default:
            break
        }
        return .string(scalar.string)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func reason(of error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _), let .composer(context, problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                + "; fix the YAML syntax there"
        default:
            return "\(error)"
        }
    }
}
