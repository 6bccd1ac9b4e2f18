import Foundation

/// Errors of the Vision target: each names what went wrong, where, and how to fix it.
public enum VisionError: Error, LocalizedError, Equatable, Sendable {
    /// A file or folder could not be found or read.
    case missingPath(String, what: String)
    /// A malformed line in an annotation or prediction file.
    case malformedLine(file: String, line: Int, reason: String)
    /// An image could not be decoded or encoded.
    case imageIO(path: String, reason: String)
    /// No usable font was found.
    case noFonts(searched: [String])
    /// No usable words were found in the word list.
    case noWords(path: String)
    /// A value outside its allowed range.
    case invalidArgument(String)
    /// The native layer failed.
    case native(String)
    /// A dataset file that is not what its name says (wrong magic number, sizes, labels).
    case dataset(file: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .missingPath(path, what):
            return "No \(what) at '\(path)': check the path exists and is readable."
        case let .malformedLine(file, line, reason):
            return "\(file):\(line): \(reason)"
        case let .imageIO(path, reason):
            return "Image '\(path)': \(reason)."
        case let .noFonts(searched):
            return "No TrueType fonts found under \(searched.joined(separator: ", ")): install fonts-dejavu-core, fonts-liberation2 or fonts-noto-core (scripts/setup does), or pass font paths explicitly."
        case let .noWords(path):
            return "No plain ASCII words in '\(path)': install wamerican (scripts/setup does) or pass another word list."
        case let .invalidArgument(message):
            return message
        case let .native(message):
            return "Native vision code failed: \(message)"
        case let .dataset(file, reason):
            return "Dataset file '\(file)': \(reason)."
        }
    }
}
