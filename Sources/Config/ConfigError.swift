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

    public var errorDescription: String? {
        switch self {
        case let .overrideSyntax(index, text, column, message, hint):
            return """
                Could not parse override #\(index + 1) '\(text)': \(message).
                  \(text)
                  \(caretPadding(text, column))^
                Hint: \(hint)
                """
        case let .overrideSweep(index, text, message, hint):
            return """
                Could not expand override #\(index + 1) '\(text)': \(message).
                Hint: \(hint)
                """
        }
    }

    /// Spaces up to `column`, keeping tabs so the caret lines up under the character.
    private func caretPadding(_ text: String, _ column: Int) -> String {
        let prefix = text.unicodeScalars.prefix(column)
        return String(prefix.map { $0 == "\t" ? "\t" : " " }) + String(repeating: " ", count: column - prefix.count)
    }
}
