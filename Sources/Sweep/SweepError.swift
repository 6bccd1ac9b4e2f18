import Foundation

/// What can go wrong while planning a sweep or laying out its run directories.
public enum SweepError: Error, Equatable, LocalizedError {
    case badSweeperParams(found: String)
    case jobFailedToCompose(num: Int, overrides: [String], reason: String)
    case unsafePathValue(key: String, interpolation: String, value: String, problem: String)
    case sweepDirectoryInUse(path: String, expName: String)
    case runDirectoryInUse(path: String)
    case nothingToResume(path: String)
    case resumeWithOtherOverrides(path: String, earlier: [String], now: [String])
    case cannotWrite(path: String, reason: String)
    /// A sampler or pruner setting out of its range (`key` is its dotted config key).
    case badSweeperSetting(key: String, value: String, expected: String)

    public var errorDescription: String? {
        switch self {
        case let .badSweeperParams(found):
            return "hydra.sweeper.params must be a map of key to sweep (e.g. {data.batch_size: '8,16'}), "
                + "but it is \(found)."
        case let .jobFailedToCompose(num, overrides, reason):
            return "Job #\(num) (\(overrides.joined(separator: " "))) cannot be composed, so no job was started: \(reason)"
        case let .unsafePathValue(key, interpolation, value, problem):
            return "Refusing to place a run: in \(key), \(interpolation) is '\(value)', which \(problem). "
                + "Choose a value without '..' or a leading '/' (to write elsewhere, set \(key) itself to that path)."
        case let .sweepDirectoryInUse(path, expName):
            return "'\(path)' already holds runs of an earlier sweep. Add --resume to continue that sweep, "
                + "or choose another exp_name (e.g. exp_name=\(expName)_2)."
        case let .runDirectoryInUse(path):
            return "'\(path)' already holds a run. Add --resume to continue it, or choose another exp_name."
        case let .nothingToResume(path):
            return "Nothing to resume at '\(path)': no earlier run was started there. Drop --resume to start it."
        case let .resumeWithOtherOverrides(path, earlier, now):
            return "The sweep in '\(path)' was started with other overrides (\(earlier.joined(separator: " "))), "
                + "not (\(now.joined(separator: " "))). Resume it with its own command line, or choose another exp_name."
        case let .cannotWrite(path, reason):
            return "Could not write '\(path)': \(reason)."
        case let .badSweeperSetting(key, value, expected):
            return "\(key)=\(value) is out of range: it must be \(expected). Set it on the command line, e.g. \(key)=<value>."
        }
    }
}
