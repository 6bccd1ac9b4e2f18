import Store

/// What generate_ablation_table compares.
public struct AblationOptions: Sendable, Equatable {
    /// The primary metric (`val/hmean` reads the `val/hmean:best` column) or any numeric column.
    public var metric: String
    /// Extra columns: metrics (their best) or run fields such as `duration`.
    public var columns: [String]
    /// The keys a row stands for; nil: the config columns other than seeds, less those that
    /// only follow another (see `AblationTable.defaultGroupKeys`).
    public var groupBy: [String]?
    /// The group the others are compared with, as `key=value` conditions on group-by keys.
    public var baseline: [ConfigCondition]
    public var direction: MetricDirection
    /// Decimals for metric values (durations get one).
    public var precision: Int
    /// Adds the train-vs-val column (each group's `fit/gap` at its runs' last evaluation, read as
    /// `FitDiagnosis` does).
    public var fit = false

    public init(metric: String, columns: [String] = [], groupBy: [String]? = nil, baseline: [ConfigCondition] = [],
                direction: MetricDirection = MetricDirection(), precision: Int = 4) {
        self.metric = metric
        self.columns = columns
        self.groupBy = groupBy
        self.baseline = baseline
        self.direction = direction
        self.precision = precision
    }

    /// Whether a config key is a seed (`seed`, `trainer.seed` ...): seeds are aggregated over, not grouped by.
    public static func isSeedKey(_ key: String) -> Bool {
        key == "seed" || key.hasSuffix(".seed") || key.hasSuffix("_seed")
    }
}
