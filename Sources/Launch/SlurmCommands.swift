import Foundation

/// Runs Slurm's client programs (sbatch, scontrol, squeue, sacct, scancel) from argv arrays and
/// captures their output, at most `maxBytes` of each stream.
public struct SlurmCommands: Sendable {
    /// Environment of every command (SLURM_CONF and PATH come from here).
    public var environment: [String: String]
    /// Working directory of every command (sbatch records it as SLURM_SUBMIT_DIR).
    public var workingDirectory: URL
    public var maxBytes: Int

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                maxBytes: Int = 8 << 20) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.maxBytes = maxBytes
    }

    /// What a command printed and how it ended.
    public struct Output: Sendable, Equatable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        /// stderr's last non-empty line, or stdout's, for one-line messages.
        public var message: String {
            let lines = (stderr + "\n" + stdout).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            return lines.last { !$0.isEmpty } ?? "exit status \(status)"
        }
    }

    /// Runs `program` (found in PATH) with `arguments`; throws only when it cannot be started.
    public func run(_ program: String, _ arguments: [String]) throws -> Output {
        guard let path = Self.find(program, in: environment["PATH"] ?? "/usr/bin:/bin") else {
            throw LaunchError.slurmUnavailable(
                reason: "'\(program)' is not in PATH; install Slurm's client tools (Debian: slurm-client) or start a local cluster with scripts/slurm-local up")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = workingDirectory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw LaunchError.spawnFailed(program: path, runDirectory: workingDirectory.path, reason: error.localizedDescription)
        }
        // Both pipes are drained at once, so neither can fill and stall the command.
        let limit = maxBytes
        let errorData = ReadBox()
        let reader = Thread { errorData.data = Self.read(err.fileHandleForReading, limit: limit) }
        reader.start()
        let outData = Self.read(out.fileHandleForReading, limit: limit)
        process.waitUntilExit()
        errorData.done.wait()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errorData.data, as: UTF8.self))
    }

    /// Reads to end of file, keeping at most `limit` bytes.
    private static func read(_ handle: FileHandle, limit: Int) -> Data {
        var kept = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            if kept.count < limit { kept.append(chunk.prefix(limit - kept.count)) }
        }
        return kept
    }

    private static func find(_ program: String, in path: String) -> String? {
        if program.contains("/") { return program }
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// stderr captured on a thread of its own; `done` is signalled when it is complete.
private final class ReadBox: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var data = Data() {
        didSet { done.signal() }
    }
}
