import Store

/// What a report shows: which runs, which metrics, and how its ablation table is made.
public struct ReportRequest: Sendable {
    /// The page's title (the experiment, or the filters).
    public var title: String
    /// The runs shown (default: every state, so failed, interrupted, pruned and lost runs are listed).
    public var filter: RunFilter
    /// When set, only the runs stored under these run directory paths (a sweep's own jobs).
    public var runDirectories: Set<String>?
    /// Metrics shown; nil: every metric the runs logged.
    public var metrics: [String]?
    /// The metric chosen when the page opens (and the primary metric of its ablation table);
    /// nil: the first validation metric.
    public var primaryMetric: String?
    /// The ablation table's grouping and comparison; its `metric` is replaced per metric.
    public var ablation: AblationOptions
    /// The runs the ablation table reads: the filter generate_ablation_table would use with the
    /// same options (completed runs unless a status was given).
    public var ablationFilter: RunFilter
    /// Whether the page reloads itself (the launcher's report while the sweep runs).
    public var live: Bool
    /// Seconds between reloads of a live page.
    public var refreshSeconds: Int

    public init(title: String, filter: RunFilter, runDirectories: Set<String>? = nil, metrics: [String]? = nil,
                primaryMetric: String? = nil, ablation: AblationOptions = AblationOptions(metric: ""),
                ablationFilter: RunFilter? = nil, live: Bool = false, refreshSeconds: Int = 5) {
        self.title = title
        self.filter = filter
        self.runDirectories = runDirectories
        self.metrics = metrics
        self.primaryMetric = primaryMetric
        self.ablation = ablation
        var completed = filter
        completed.statuses = ["completed"]
        self.ablationFilter = ablationFilter ?? completed
        self.live = live
        self.refreshSeconds = refreshSeconds
    }
}
