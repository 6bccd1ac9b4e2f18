import Foundation

/// Errors of the training core; each says what went wrong, where, and how to fix it.
public enum TrainError: Error, LocalizedError, Equatable {
    /// A configuration value is missing, of the wrong type, or unknown.
    case config(key: String, message: String)
    /// A state dict did not fit the model.
    case stateDictMismatch(String)
    /// A checkpoint could not be read or does not fit this run.
    case checkpoint(path: String, reason: String)
    /// Training diverged (a non-finite loss or gradients with `train.nonfinite=fail`).
    case nonFinite(step: Int, what: String)
    /// A run file (metrics.jsonl, a checkpoint) could not be written.
    case file(path: String, reason: String)

    /// The worker's exit code for this error: 2 for configuration and checkpoint problems the
    /// user fixes in the config, 1 for a run that failed (divergence).
    public var exitCode: Int32 {
        switch self {
        case .config, .stateDictMismatch, .checkpoint: return 2
        case .nonFinite, .file: return 1
        }
    }

    public var errorDescription: String? {
        switch self {
        case let .config(key, message):
            return "Invalid config at '\(key)': \(message)"
        case let .stateDictMismatch(message):
            return "State dict does not fit the model: \(message)."
        case let .checkpoint(path, reason):
            return "Cannot use checkpoint '\(path)': \(reason)"
        case let .nonFinite(step, what):
            return "Training diverged at step \(step): \(what). Lower optimizer.lr, enable train.clip_grad, or set train.nonfinite=skip."
        case let .file(path, reason):
            return "Cannot write '\(path)': \(reason)"
        }
    }
}
