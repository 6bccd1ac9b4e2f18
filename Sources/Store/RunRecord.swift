/// One run as the store holds it.
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    /// As shown: relative to the outputs root when under it.
    public var runDirectory: String
    /// The canonical absolute path: the run's identity.
    public var path: String
    public var project: String?
    public var expName: String?
    public var tags: [String]
    public var jobNum: Int?
    public var status: String?
    public var exitCode: Int?
    public var signal: Int?
    public var error: String?
    public var host: String?
    public var startTime: Double?
    public var endTime: Double?
    public var duration: Double?
    public var attempt: Int?
    public var overrides: [String]
    /// The job's process while queued or running (the launcher's while queued).
    public var pid: Int?
    /// Lines of its metrics files skipped in whole or in part (see `skippedLines(ofRuns:)`).
    public var skippedLines: Int
}

/// A metric's best and last values in one run.
public struct MetricSummary: Sendable, Equatable {
    /// The maximum, or the minimum for a minimized metric; NaN only when every value was NaN.
    public var best: Double
    public var bestStep: Int?
    public var bestEpoch: Int?
    /// The value of the last line that logged this metric (NaN for a diverged run).
    public var last: Double
    public var lastStep: Int?
    public var lastEpoch: Int?
}

/// One logged value of a metric.
public struct MetricPoint: Sendable, Equatable {
    public var name: String
    public var step: Int?
    public var epoch: Int?
    public var value: Double
    public var time: Double?

    public init(name: String, step: Int?, epoch: Int?, value: Double, time: Double? = nil) {
        self.name = name
        self.step = step
        self.epoch = epoch
        self.value = value
        self.time = time
    }
}
