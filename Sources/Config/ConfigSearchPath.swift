import Foundation

/// The ordered list of directories configs are looked up in, first match wins
/// (Hydra's config search path, `file://` providers only).
public struct ConfigSearchPath: Sendable, Equatable {
    /// One directory and who added it (`main`, `command-line`, `hydra.searchpath`).
    public struct Entry: Sendable, Equatable {
        public var provider: String
        public var path: String
        public init(provider: String, path: String) {
            self.provider = provider
            self.path = path
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// The primary config directory, then `--config-dir` directories (as Hydra 1.3 orders
    /// them: after the primary one, so they add configs rather than shadow it).
    /// Paths are made absolute; each must be an existing directory.
    public init(primary: String, additional: [String] = []) throws {
        var entries = [Entry(provider: "main", path: try ConfigSearchPath.directory(primary, flag: "--config-path"))]
        for dir in additional {
            entries.append(Entry(provider: "command-line", path: try ConfigSearchPath.directory(dir, flag: "--config-dir")))
        }
        self.entries = entries
    }

    /// Where a config would be read from: `provider=main, path=file:///...` lines.
    public var descriptions: [String] {
        entries.map { "provider=\($0.provider), path=file://\($0.path)" }
    }

    private static func directory(_ path: String, flag: String) throws -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
            throw ConfigError.searchPathNotFound(path: url.path, flag: flag)
        }
        return url.path
    }
}
