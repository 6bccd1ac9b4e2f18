import Foundation

/// A run directory's `status.json`, written atomically by the launcher or the worker.
/// Every field is optional: a status from an older or foreign writer still ingests.
public struct RunStatus: Codable, Equatable, Sendable {
    /// queued, running, completed, failed or interrupted.
    public var state: String?
    public var jobNum: Int?
    public var exitCode: Int?
    /// The signal number that killed the worker, if any.
    public var signal: Int?
    public var startTime: Double?
    public var endTime: Double?
    public var host: String?
    public var pid: Int?
    public var attempt: Int?
    public var launcher: String?
    /// A one-line reason when failed.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case state, signal, host, pid, attempt, launcher, error
        case jobNum = "job_num", exitCode = "exit_code", startTime = "start_time", endTime = "end_time"
    }

    /// Seconds from start to end, when both are known.
    public var duration: Double? {
        guard let startTime, let endTime else { return nil }
        return endTime - startTime
    }

    /// Reads `status.json`; a file that is not a JSON object is an error naming it.
    static func read(_ url: URL) throws -> RunStatus {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw StoreError.unreadableRunFile(path: url.path, reason: "cannot be read")
        }
        do {
            return try JSONDecoder().decode(RunStatus.self, from: data)
        } catch {
            throw StoreError.unreadableRunFile(
                path: url.path,
                reason: "not a status object (\(Self.describe(error))); the launcher rewrites it when the job ends")
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.typeMismatch(type, context), let DecodingError.valueNotFound(type, context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "'\(key)' should be \(type)"
        case DecodingError.dataCorrupted:
            return "invalid JSON"
        default:
            return "invalid JSON"
        }
    }
}
