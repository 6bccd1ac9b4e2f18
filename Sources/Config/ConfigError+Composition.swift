import Foundation

extension ConfigError {
    /// The message of a composition error (loading, composing, resolving).
    var compositionDescription: String {
        switch self {
        case .overrideSyntax, .overrideSweep, .sweepValue:
            return errorDescription ?? ""
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
