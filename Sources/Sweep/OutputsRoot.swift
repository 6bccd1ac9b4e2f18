import Foundation

/// The folder every run directory must lie inside (`outputs/` under the working directory
/// unless ABLATE_OUTPUTS_ROOT names another). No value, `exp_name=../../etc` included,
/// may place a run outside it.
public struct OutputsRoot: Sendable, Equatable {
    public let url: URL

    public init(url: URL) {
        self.url = OutputsRoot.canonical(url)
    }

    /// ABLATE_OUTPUTS_ROOT if set, else `outputs` in `workingDirectory`.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> OutputsRoot {
        if let path = environment["ABLATE_OUTPUTS_ROOT"], !path.isEmpty {
            return OutputsRoot(url: URL(fileURLWithPath: path, relativeTo: workingDirectory))
        }
        return OutputsRoot(url: workingDirectory.appendingPathComponent("outputs"))
    }

    /// Whether `candidate` (after `..` and symlinks of its existing ancestors are resolved)
    /// is the root itself or lies below it.
    public func contains(_ candidate: URL) -> Bool {
        let path = OutputsRoot.canonical(candidate).path
        let root = url.path
        return path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// `relativePath` resolved against the working directory, as an absolute canonical URL.
    public func resolve(_ path: String, workingDirectory: URL) -> URL {
        OutputsRoot.canonical(URL(fileURLWithPath: path, relativeTo: workingDirectory))
    }

    /// Absolute, `.`/`..` removed, and symlinks resolved on the longest existing ancestor.
    static func canonical(_ url: URL) -> URL {
        let standardized = url.absoluteURL.standardizedFileURL
        var existing = standardized
        var tail: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            tail.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var resolved = existing.resolvingSymlinksInPath()
        for component in tail { resolved.appendPathComponent(component) }
        return resolved.standardizedFileURL
    }
}
