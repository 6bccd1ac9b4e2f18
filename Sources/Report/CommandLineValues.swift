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
}
