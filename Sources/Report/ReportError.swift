import Foundation

/// Everything a report can tell a user went wrong: one line, what, where and what to do.
public enum ReportError: Error, Equatable, LocalizedError {
    case unknownMetric(name: String, known: [String])
    case unknownColumn(name: String, known: [String])
    case unknownGroupKey(key: String, known: [String])
    case noRunsMatch(filters: String, runsInStore: Int)
    case emptyInput(path: String)
    case unreadableInput(path: String, reason: String)
    case malformedCSV(path: String, line: Int, reason: String)
    case badCondition(option: String, text: String)
    case baselineKeyNotGrouped(key: String, groupBy: [String])
    case baselineNotFound(baseline: String, values: [String])
    case baselineAmbiguous(baseline: String, groups: Int, otherKeys: [String])
    case unknownOutputFormat(path: String)
    case unwritableOutput(path: String)
    case unknownFormat(String)
    case noBrowser(searched: String)
    case browserFailed(reason: String)
    case plotNeedsMetric(path: String)
    case unknownPlotFormat(path: String)
    case badSetting(option: String, value: String, expected: String)
    case noFitMetric(known: [String])

    public var errorDescription: String? {
        switch self {
        case let .noFitMetric(known):
            return "--fit reads fit/gap, which training logs when the task evaluates train/NAME beside the monitored val/NAME "
                + "(image classification's clean train/top1); the selected runs have \(Self.list(known)): drop --fit, or select such runs"
        case let .unknownMetric(name, known):
            return "unknown metric '\(name)'; known metrics: \(Self.list(known))"
        case let .unknownColumn(name, known):
            return "unknown column '\(name)'; known: \(Self.list(known))"
        case let .unknownGroupKey(key, known):
            return "cannot group by '\(key)': no such config key among the selected runs; keys: \(Self.list(known))"
        case let .noRunsMatch(filters, count):
            return "no runs match \(filters) (the store holds \(count) run\(count == 1 ? "" : "s")); loosen the filters, or try --status all"
        case let .emptyInput(path):
            return "'\(path)' holds no runs: collect them with collect_results --output \(path)"
        case let .unreadableInput(path, reason):
            return "cannot read '\(path)': \(reason)"
        case let .malformedCSV(path, line, reason):
            return "\(path):\(line): \(reason)"
        case let .badCondition(option, text):
            return "\(option) '\(text)' is not key=value: write it as \(option) model.lr=0.001"
        case let .baselineKeyNotGrouped(key, groupBy):
            return "--baseline key '\(key)' is not a group-by key (grouping by: \(Self.list(groupBy))); add it with --group-by"
        case let .baselineNotFound(baseline, values):
            return "no group matches --baseline \(baseline); groups: \(Self.list(values))"
        case let .baselineAmbiguous(baseline, groups, otherKeys):
            return "--baseline \(baseline) matches \(groups) groups: add a value for \(Self.list(otherKeys)), e.g. --baseline \(baseline),\(otherKeys.first ?? "key")=..."
        case let .unknownFormat(format):
            return "unknown --format '\(format)': use csv or json"
        case let .unwritableOutput(path):
            return "cannot write '\(path)': check that its folder exists and is writable"
        case let .noBrowser(searched):
            return "no headless Chromium found (\(searched)) to render PNG: install Debian's chromium (scripts/setup does), set ABLATE_CHROMIUM, or write .svg"
        case let .browserFailed(reason):
            return "headless Chromium could not render the plot: \(reason); write .svg instead, or check the chromium install"
        case let .plotNeedsMetric(path):
            return "'\(path)' is a plot: name its metric with --plot METRIC (e.g. --plot val/hmean), or write the page to a .html file"
        case let .unknownPlotFormat(path):
            return "cannot tell the format of '\(path)' from its extension: a report is .html, a --plot is .svg or .png"
        case let .badSetting(option, value, expected):
            return "\(option) '\(value)' is not valid: expected \(expected)"
        case let .unknownOutputFormat(path):
            return "cannot tell the format of '\(path)' from its extension: use .csv or .json, or - for stdout"
        }
    }

    private static func list(_ items: [String]) -> String {
        items.isEmpty ? "(none)" : items.joined(separator: ", ")
    }
}
