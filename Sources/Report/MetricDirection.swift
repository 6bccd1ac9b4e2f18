/// Whether a metric is better high or low: names ending in `loss` and names listed by
/// `--minimize` are minimized; everything else is maximized.
public struct MetricDirection: Sendable, Equatable {
    public var minimized: Set<String>

    public init(minimize: [String] = []) {
        minimized = Set(minimize)
    }

    public func isMinimized(_ metric: String) -> Bool {
        metric.hasSuffix("loss") || minimized.contains(metric)
    }

    /// The minimized names among `metrics`.
    public func minimizedNames(_ metrics: [String]) -> Set<String> {
        Set(metrics.filter(isMinimized))
    }
}
