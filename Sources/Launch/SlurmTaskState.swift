import Foundation

/// Where one array task stands according to Slurm.
public struct SlurmTaskState: Sendable, Equatable {
    /// Slurm's job state, e.g. `PENDING`, `RUNNING`, `COMPLETED`, `TIMEOUT`.
    public var state: String
    /// `ExitCode=a:b`: the exit code and the signal that ended the batch script.
    public var exitCode: Int?
    public var signal: Int?
    /// How often Slurm requeued the task.
    public var restarts: Int
    /// The task's own job id (`12345_3` style ids name the same task).
    public var jobID: String?

    public init(state: String, exitCode: Int? = nil, signal: Int? = nil, restarts: Int = 0, jobID: String? = nil) {
        self.state = state
        self.exitCode = exitCode
        self.signal = signal
        self.restarts = restarts
        self.jobID = jobID
    }

    /// States after which nothing more happens to the task (a requeued task goes back to PENDING).
    public static let finalStates: Set<String> = [
        "COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED",
        "BOOT_FAIL", "DEADLINE", "REVOKED",
    ]

    public var isFinal: Bool { Self.finalStates.contains(state) }
    public var isRunning: Bool { state == "RUNNING" || state == "COMPLETING" || state == "SIGNALING" || state == "STAGE_OUT" }

    /// `FAILED, exit code 3:0` as Slurm shows it.
    public var description: String {
        "\(state), exit code \(exitCode ?? 0):\(signal ?? 0)"
    }

    /// Parses `scontrol -o show job <array id>`: one record a line; a record of tasks not started
    /// yet names them as a range (`ArrayTaskId=4-19%2`). Returns the state of each task number.
    public static func parseScontrol(_ text: String) -> [Int: SlurmTaskState] {
        var states: [Int: SlurmTaskState] = [:]
        for line in text.split(separator: "\n") {
            let fields = fields(of: String(line))
            guard let taskSpec = fields["ArrayTaskId"], let raw = fields["JobState"] else { continue }
            var task = SlurmTaskState(state: normalized(raw), jobID: fields["JobId"])
            (task.exitCode, task.signal) = exitPair(fields["ExitCode"])
            task.restarts = fields["Restarts"].flatMap { Int($0) } ?? 0
            for num in taskNumbers(taskSpec) { states[num] = task }
        }
        return states
    }

    /// Parses `sacct -X -n -P -o JobID,State,ExitCode -j <array id>` (`123_4|FAILED|3:0`;
    /// `123_[5-9%2]|PENDING|0:0` for tasks not started).
    public static func parseSacct(_ text: String, arrayJobID: String) -> [Int: SlurmTaskState] {
        var states: [Int: SlurmTaskState] = [:]
        for line in text.split(separator: "\n") {
            let columns = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 3, columns[0].hasPrefix(arrayJobID + "_") else { continue }
            var spec = String(columns[0].dropFirst(arrayJobID.count + 1))
            if spec.hasPrefix("[") && spec.hasSuffix("]") { spec = String(spec.dropFirst().dropLast()) }
            var task = SlurmTaskState(state: normalized(columns[1]), jobID: columns[0])
            (task.exitCode, task.signal) = exitPair(columns[2])
            for num in taskNumbers(spec) { states[num] = task }
        }
        return states
    }

    /// `CANCELLED by 0` and `CANCELLED+` name the state `CANCELLED`.
    static func normalized(_ raw: String) -> String {
        let word = raw.split(separator: " ").first.map(String.init) ?? raw
        return word.trimmingCharacters(in: CharacterSet(charactersIn: "+"))
    }

    static func exitPair(_ text: String?) -> (Int?, Int?) {
        guard let parts = text?.split(separator: ":"), parts.count == 2 else { return (nil, nil) }
        return (Int(parts[0]), Int(parts[1]))
    }

    /// The `Key=Value` fields of one scontrol record, first occurrence of each key. Values never
    /// hold blanks in the fields read here (the job name is made safe by `SlurmSubmission`).
    static func fields(of line: String) -> [String: String] {
        var result: [String: String] = [:]
        for token in line.split(separator: " ") {
            guard let equals = token.firstIndex(of: "=") else { continue }
            let key = String(token[..<equals])
            if result[key] == nil { result[key] = String(token[token.index(after: equals)...]) }
        }
        return result
    }

    /// `7`, `4-19%2`, `1,3,5-9:2` as task numbers.
    static func taskNumbers(_ spec: String) -> [Int] {
        let body = spec.split(separator: "%").first.map(String.init) ?? spec
        var numbers: [Int] = []
        for part in body.split(separator: ",") {
            let stepParts = part.split(separator: ":")
            let step = stepParts.count == 2 ? max(1, Int(stepParts[1]) ?? 1) : 1
            let bounds = stepParts[0].split(separator: "-")
            if bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high {
                numbers.append(contentsOf: stride(from: low, through: high, by: step))
            } else if bounds.count == 1, let single = Int(bounds[0]) {
                numbers.append(single)
            }
        }
        return numbers
    }
}
