import Foundation

/// A configuration error a user can cause: a bad override, config file or composition.
/// Every message says what went wrong, where, and how to fix it.
public enum ConfigError: Error, LocalizedError, Equatable, Sendable {
    // MARK: Override grammar

    /// An override that does not parse (or whose function call is invalid).
    /// `index` is the zero-based position among the overrides, `column` the zero-based
    /// offset (in Unicode scalars) of the offending character in `text`; a column equal to
    /// the text's length points just past its end (something is missing there).
    case overrideSyntax(index: Int, text: String, column: Int, message: String, hint: String)
    /// A sweep override that parses but cannot be expanded into values for jobs
    /// (`interval()` with the grid sweeper, a zero range step, a glob without options...).
    case overrideSweep(index: Int, text: String, message: String, hint: String)
    /// The same, from `OverrideValue.sweepElements`, which does not know the override it
    /// came from; `Override.sweepElements` reports `overrideSweep` instead.
    case sweepValue(message: String, hint: String)

    // MARK: Composition (messages in ConfigError+Composition.swift)

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
        case let .overrideSyntax(index, text, column, message, hint):
            return """
                Could not parse override #\(index + 1) '\(text)': \(message).
                  \(text)
                  \(caretPadding(text, column))^
                Hint: \(hint)
                """
        case let .sweepValue(message, hint):
            return """
                Could not expand a sweep: \(message).
                Hint: \(hint)
                """
        case let .overrideSweep(index, text, message, hint):
            return """
                Could not expand override #\(index + 1) '\(text)': \(message).
                Hint: \(hint)
                """
        default:
            return compositionDescription
        }
    }

    /// Spaces up to `column`, keeping tabs so the caret lines up under the character.
    private func caretPadding(_ text: String, _ column: Int) -> String {
        let prefix = text.unicodeScalars.prefix(column)
        return String(prefix.map { $0 == "\t" ? "\t" : " " }) + String(repeating: " ", count: column - prefix.count)
    }
}
