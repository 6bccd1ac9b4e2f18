/// One entry of a config's defaults list, as written in the file.
///
/// Forms: `_self_`; `path/to/config` (a config default); `group: option`,
/// `group@pkg: option`, `optional group: option`, `override group: option`,
/// with `option` a name, `null` (nothing), `???` (must be chosen) or a list of names.
struct DefaultsEntry: Sendable, Equatable {
    enum Target: Sendable, Equatable {
        case selfConfig
        case config(path: String)
        case group(group: String, option: Option)
    }

    enum Option: Sendable, Equatable {
        case name(String)
        case none
        case mandatory
        case names([String])
    }

    var target: Target
    /// The explicit `@package`, if any.
    var package: String?
    var isOptional = false
    var isOverride = false
    /// The entry as written, for messages.
    var text: String
    /// For an entry appended from the command line (`+group=option`): the override, for messages.
    var commandLine: String?

    init(target: Target, package: String? = nil, isOptional: Bool = false, isOverride: Bool = false, text: String) {
        self.target = target
        self.package = package
        self.isOptional = isOptional
        self.isOverride = isOverride
        self.text = text
    }

    init(parsing value: ConfigValue, file: String) throws {
        switch value {
        case .string(let s):
            text = s
            if s == "_self_" {
                target = .selfConfig
                return
            }
            let (path, pkg) = DefaultsEntry.splitPackage(s)
            guard !path.isEmpty else { throw ConfigError.defaultsList(file: file, entry: s, reason: "empty config path") }
            target = .config(path: path)
            package = pkg
        case .dict(let d) where d.count == 1:
            let (rawKey, rawValue) = d.elements[0]
            text = "\(rawKey): \(YAMLEmitter.inline(rawValue))"
            var words = rawKey.split(separator: " ").map(String.init)
            while words.count > 1 {
                switch words[0] {
                case "optional": isOptional = true
                case "override": isOverride = true
                default:
                    throw ConfigError.defaultsList(file: file, entry: text,
                                                    reason: "unknown keyword '\(words[0])'; use 'optional' or 'override'")
                }
                words.removeFirst()
            }
            let (group, pkg) = DefaultsEntry.splitPackage(words[0])
            package = pkg
            let option: Option
            switch rawValue {
            case .null: option = .none
            case .missing: option = .mandatory
            case .string(let s): option = .name(s)
            case .int, .double, .bool: option = .name(YAMLEmitter.inline(rawValue))
            case .list(let items):
                let text = self.text
                option = .names(try items.map {
                    guard case .string(let s) = $0 else {
                        throw ConfigError.defaultsList(file: file, entry: text, reason: "a list of options must hold names")
                    }
                    return s
                })
            case .dict:
                throw ConfigError.defaultsList(file: file, entry: text, reason: "an option must be a name, a list of names, null or ???")
            }
            target = .group(group: group, option: option)
        default:
            throw ConfigError.defaultsList(file: file, entry: YAMLEmitter.inline(value),
                                            reason: "expected '_self_', a config path, or 'group: option'")
        }
    }

    /// `group@pkg` -> (`group`, `pkg`).
    static func splitPackage(_ s: String) -> (String, String?) {
        guard let at = s.firstIndex(of: "@") else { return (s, nil) }
        return (String(s[..<at]), String(s[s.index(after: at)...]))
    }
}
