import ArgumentParser
import Store

/// How an ablation table groups and compares runs: the options generate_ablation_table and
/// generate_report share (the primary metric is each command's own: required by the one,
/// chosen in the page by the other).
public struct AblationArguments: ParsableArguments, Sendable {
    @Option(help: "Extra columns, comma-separated: metrics (their best) or duration.")
    public var columns: [String] = []
    @Option(name: .customLong("group-by"), help: "Keys a row stands for, comma-separated (default: the varying config keys other than seeds, less keys that only follow another, as a model's head follows its architecture).")
    public var groupBy: [String] = []
    @Option(help: "The group to compare with, key=value[,key=value]; adds the difference and the improvement in %.")
    public var baseline: String?
    @Option(help: "Metrics where lower is better, comma-separated (names ending in 'loss' always are).")
    public var minimize: [String] = []
    @Option(help: "Decimals shown for metric values.")
    public var precision = 4
    @Flag(help: "Add a train vs val column: each group's mean gap (fit/gap, train minus val) at its runs' last evaluation, read as overfitting (above 5 points), underfitting (train below val) or fine, with where the metric was best and the advice.")
    public var fit = false

    public init() {}

    public func validate() throws {
        if !(0...12).contains(precision) { throw ValidationError("--precision must be between 0 and 12") }
    }

    public var direction: MetricDirection { MetricDirection(minimize: CommandLineValues.list(minimize)) }
    /// The `--group-by` keys (empty: the default grouping).
    public var groupKeys: [String] { CommandLineValues.list(groupBy) }

    /// The table's options for `metric`.
    public func options(metric: String) throws -> AblationOptions {
        let conditions: [ConfigCondition] = try baseline.map { text in
            try CommandLineValues.list([text]).map { part -> ConfigCondition in
                guard let condition = ConfigCondition(parsing: part) else {
                    throw ReportError.badCondition(option: "--baseline", text: part)
                }
                return condition
            }
        } ?? []
        var options = AblationOptions(metric: metric, columns: CommandLineValues.list(columns),
                                      groupBy: groupKeys.isEmpty ? nil : groupKeys, baseline: conditions,
                                      direction: direction, precision: precision)
        options.fit = fit
        return options
    }
}
