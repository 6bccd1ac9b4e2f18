import Foundation
import Store

/// Command-line values shared by collect_results and generate_ablation_table.
public enum CommandLineValues {
    /// Splits comma-separated, possibly repeated option values: `--metrics a,b --metrics c`.
    public static func list(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// What `--status` takes (comma-separated): the states a run can be in, or all/any.
    public static let knownStatuses = ["completed", "failed", "interrupted", "pruned", "lost", "running", "queued", "all", "any"]

    /// A run filter from command-line options. `status` is comma-separated, or `all`.
    public static func filter(project: String?, tags: [String], exp: String?, status: String,
                              conditions: [String]) throws -> RunFilter {
        let states = list([status])
        for state in states where !knownStatuses.contains(state) {
            throw ReportError.badSetting(option: "--status", value: state, expected: knownStatuses.joined(separator: ", "))
        }
        return RunFilter(
            project: project, tags: tags, expName: exp,
            statuses: states.contains("all") || states.contains("any") ? nil : states,
            config: try conditions.map { text in
                guard let condition = ConfigCondition(parsing: text) else {
                    throw ReportError.badCondition(option: "--where", text: text)
                }
                return condition
            })
    }

    /// The note for runs a status filter left out ("3 matching runs not completed left out (2 failed,
    /// 1 interrupted); --status all includes them"), or nil when none were (or the filter takes
    /// every state). `states`: the status of every run the other filters matched.
    public static func leftOutNote(_ states: [String], keeping statuses: [String]?) -> String? {
        guard let statuses else { return nil }
        let left = states.filter { !statuses.contains($0) }
        guard !left.isEmpty else { return nil }
        let counts = Dictionary(grouping: left, by: { $0 }).map { "\($0.value.count) \($0.key)" }.sorted()
        return "\(left.count) matching run\(left.count == 1 ? "" : "s") not \(statuses.joined(separator: "/")) left out "
            + "(\(counts.joined(separator: ", "))); --status all includes them"
    }

    /// The states of the runs `filter` matches before its status filter (only those in
    /// `runDirectories`, stored paths, when given).
    public static func statesBeforeStatusFilter(_ filter: RunFilter, in store: MetricsStore,
                                                runDirectories: Set<String>? = nil) throws -> [String] {
        var others = filter
        others.statuses = nil
        var runs = try store.runs(matching: others)
        if let runDirectories { runs = runs.filter { runDirectories.contains($0.path) } }
        return runs.map { $0.status ?? "unknown" }
    }
}
