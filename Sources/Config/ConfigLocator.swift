import Foundation

/// Finds the primary config directory for a command.
public enum ConfigLocator {
    /// The first of: the explicit directory (`-cp`), `$ABLATE_CONFIG_DIR`, `configs/` under the
    /// current directory, or `configs/` in a parent folder of the executable (the repository
    /// the binary was built in). The last three must hold `<configName>.yaml`.
    public static func primaryDirectory(explicit: String?, configName: String,
                                        environment: [String: String] = ProcessInfo.processInfo.environment,
                                        currentDirectory: String = FileManager.default.currentDirectoryPath,
                                        executablePath: String? = ConfigLocator.executablePath()) throws -> String {
        if let explicit { return explicit }
        var tried: [String] = []
        func holdsConfig(_ dir: String) -> Bool {
            tried.append(dir)
            return FileManager.default.fileExists(atPath: dir + "/" + configName + ".yaml")
        }
        if let fromEnv = environment["ABLATE_CONFIG_DIR"], !fromEnv.isEmpty {
            return fromEnv
        }
        let local = URL(fileURLWithPath: currentDirectory).appendingPathComponent("configs").path
        if holdsConfig(local) { return local }
        if let executablePath {
            var dir = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
            while dir.path != "/" {
                let candidate = dir.appendingPathComponent("configs").path
                if holdsConfig(candidate) { return candidate }
                dir = dir.deletingLastPathComponent()
            }
        }
        throw ConfigError.configDirectoryNotFound(configName: configName, tried: tried)
    }

    /// This process's executable (`/proc/self/exe` on Linux), if known.
    public static func executablePath() -> String? {
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return link }
        return Bundle.main.executablePath ?? CommandLine.arguments.first
    }
}
