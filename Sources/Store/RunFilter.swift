/// Which runs a report selects. All given conditions must hold.
public struct RunFilter: Sendable, Equatable {
    /// `logger.project`.
    public var project: String?
    /// Every tag must be among the run's tags (`logger.tags` plus exp_name).
    public var tags: [String]
    public var expName: String?
    /// Accepted states; nil accepts any (`--status all`).
    public var statuses: [String]?
    /// `--where key=value` on the flattened config; values compare in canonical text.
    public var config: [ConfigCondition]

    public init(project: String? = nil, tags: [String] = [], expName: String? = nil,
                statuses: [String]? = ["completed"], config: [ConfigCondition] = []) {
        self.project = project
        self.tags = tags
        self.expName = expName
        self.statuses = statuses
        self.config = config
    }

    /// The filters as command-line options, for messages: `--project P --tag a --status completed`.
    public var commandLine: String {
        var parts: [String] = []
        if let project { parts.append("--project \(project)") }
        parts += tags.map { "--tag \($0)" }
        if let expName { parts.append("--exp \(expName)") }
        parts += config.map { "--where \($0.key)=\($0.value)" }
        parts.append("--status \(statuses?.joined(separator: ",") ?? "all")")
        return parts.joined(separator: " ")
    }
}

/// A `--where key=value` condition.
public struct ConfigCondition: Sendable, Equatable {
    public var key: String
    /// As the user typed it; matched in canonical text (`1e-4` matches a stored `0.0001`).
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Parses `key=value`; nil when there is no `=` or no key.
    public init?(parsing text: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        key = String(text[..<equals])
        value = String(text[text.index(after: equals)...])
    }
}
