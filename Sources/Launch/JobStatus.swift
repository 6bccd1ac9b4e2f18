import Foundation
import Store
import Sweep

/// Where a job stands, as recorded in its run directory's `status.json`.
public enum JobState: String, Codable, Sendable, CaseIterable {
    case queued, running, completed, failed, interrupted
    /// Stopped early by a study's pruner (`error` says at which step).
    case pruned

    /// Completed, failed, interrupted or pruned: nothing more will happen to this attempt.
    public var isFinal: Bool { self != .queued && self != .running }
}

/// The contents of `<run dir>/status.json`, shared by the launcher, the worker and the store.
///
/// The launcher writes `queued`, and the final state when the worker could not (killed,
/// crashed); the worker writes `running`, then `completed`, `failed` or `interrupted`. An
/// external task the local launcher starts itself has no worker: the launcher writes all of them.
public struct JobStatus: Codable, Sendable, Equatable {
    public var state: JobState
    public var jobNum: Int
    public var exitCode: Int?
    /// The signal that ended the worker (or its task), if one did.
    public var signal: Int?
    public var startTime: Double?
    public var endTime: Double?
    public var host: String?
    public var pid: Int?
    /// Runs of this job so far, this one included; `--resume` increments it.
    public var attempt: Int
    /// `local` or `slurm`.
    public var launcher: String
    /// A one-line reason when failed.
    public var error: String?

    public static let fileName = "status.json"

    public init(state: JobState, jobNum: Int, exitCode: Int? = nil, signal: Int? = nil,
                startTime: Double? = nil, endTime: Double? = nil, host: String? = nil, pid: Int? = nil,
                attempt: Int, launcher: String, error: String? = nil) {
        self.state = state
        self.jobNum = jobNum
        self.exitCode = exitCode
        self.signal = signal
        self.startTime = startTime
        self.endTime = endTime
        self.host = host
        self.pid = pid
        self.attempt = attempt
        self.launcher = launcher
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case state, jobNum = "job_num", exitCode = "exit_code", signal
        case startTime = "start_time", endTime = "end_time", host, pid, attempt, launcher, error
    }

    // Every key is written, absent values as `null`, as the contract shows.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state, forKey: .state)
        try c.encode(jobNum, forKey: .jobNum)
        try c.encode(exitCode, forKey: .exitCode)
        try c.encode(signal, forKey: .signal)
        try c.encode(startTime, forKey: .startTime)
        try c.encode(endTime, forKey: .endTime)
        try c.encode(host, forKey: .host)
        try c.encode(pid, forKey: .pid)
        try c.encode(attempt, forKey: .attempt)
        try c.encode(launcher, forKey: .launcher)
        try c.encode(error, forKey: .error)
    }

    /// The status file of `runDirectory`.
    public static func url(in runDirectory: URL) -> URL {
        runDirectory.appendingPathComponent(fileName)
    }

    /// Reads `status.json` of `runDirectory`; nil when there is none.
    public static func read(from runDirectory: URL) throws -> JobStatus? {
        let url = url(in: runDirectory)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(JobStatus.self, from: data)
        } catch {
            throw LaunchError.unreadableStatus(path: url.path, reason: Self.describe(error))
        }
    }

    /// Writes `status.json` atomically (see `AtomicFile`): a reader sees the old or the new
    /// state, never half of one.
    public func write(to runDirectory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let target = Self.url(in: runDirectory)
        var data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw LaunchError.cannotWrite(path: target.path, reason: error.localizedDescription)
        }
        data.append(0x0A)
        do {
            try AtomicFile.write(data, to: target.path)
        } catch {
            throw LaunchError.cannotWrite(path: target.path, reason: error.reason)
        }
    }

    /// Now, as Unix seconds.
    public static func now() -> Double { Date().timeIntervalSince1970 }

    /// This machine's host name (gethostname: no resolver lookup, which can take a while).
    public static func hostName() -> String { ProcessLiveness.localHostName() }

    static func describe(_ error: Error) -> String {
        if case DecodingError.keyNotFound(let key, _) = error { return "missing key '\(key.stringValue)'" }
        if case DecodingError.typeMismatch(_, let context) = error {
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        }
        if case DecodingError.dataCorrupted(let context) = error {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not valid JSON" : "bad value at '\(path)'"
        }
        return error.localizedDescription
    }
}
