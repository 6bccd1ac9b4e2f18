import Foundation

// Composition errors. These cases move into `ConfigError` (Sources/Config/ConfigError.swift,
// owned by the grammar work) once both branches are merged; until then they live here.

/// A configuration error a user can cause while loading, composing or resolving a config.
/// Every message says what went wrong, where, and how to fix it.
public enum ComposeError: Error, LocalizedError, Equatable, Sendable {
    /// A YAML file that does not parse or holds something a config cannot (`file:line`).
    case yaml(file: String, line: Int?, message: String)
    /// The primary config (`-cn`) is not in the search path.
    case primaryConfigNotFound(name: String, searchPath: [String])
    /// A config search path entry (`-cp`, `--config-dir`) is not a directory.
    case searchPathNotFound(path: String, flag: String)
    /// A group option with no file; lists the options that exist.
    case missingOption(group: String, option: String, available: [String], requestedBy: String)
    /// A bad defaults-list entry (`file`, entry text, why).
    case defaultsList(file: String, entry: String, reason: String)
    /// A group in the defaults list whose option is `???` and nobody chose one.
    case mandatoryGroup(group: String, available: [String])
    /// An override that could not be applied; the message is complete.
    case override(String)
    /// An interpolation that could not be resolved; the message is complete.
    case interpolation(String)
    /// A `???` value that was needed.
    case missingValue(key: String)
    /// No config directory was found; lists the places looked at.
    case configDirectoryNotFound(configName: String, tried: [String])

    public var errorDescription: String? {
        switch self {
        case let .yaml(file, line, message):
            let at = line.map { "\(file):\($0)" } ?? file
            return "Could not load \(at): \(message)"
        case let .primaryConfigNotFound(name, searchPath):
            return "Cannot find primary config '\(name)'. Check that it is in your config search path "
                + "(\(searchPath.joined(separator: ", "))), or pick another with -cn NAME / -cp DIR."
        case let .searchPathNotFound(path, flag):
            return "Config directory '\(path)' (\(flag)) not found. Pass an existing directory."
        case let .missingOption(group, option, available, requestedBy):
            var lines = ["In '\(requestedBy)': Could not find '\(group)/\(option)'", "",
                         "Available options in '\(group)':"]
            lines += available.map { "\t\($0)" }
            return lines.joined(separator: "\n")
        case let .defaultsList(file, entry, reason):
            return "Invalid defaults list entry '\(entry)' in \(file): \(reason)"
        case let .mandatoryGroup(group, available):
            return "You must specify '\(group)', e.g. \(group)=<OPTION>\nAvailable options:\n"
                + available.map { "\t\($0)" }.joined(separator: "\n")
        case let .override(message), let .interpolation(message):
            return message
        case let .missingValue(key):
            return "Missing mandatory value: \(key). Set it with \(key)=VALUE."
        case let .configDirectoryNotFound(configName, tried):
            return "Could not find a config directory holding '\(configName).yaml' (looked in: \(tried.joined(separator: ", "))). "
                + "Pass one with -cp DIR or set ABLATE_CONFIG_DIR."
        }
    }
}
