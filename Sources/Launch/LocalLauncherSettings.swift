import Config
import Foundation

/// `launcher.*` for the local process pool, decoded strictly from the composed config.
public struct LocalLauncherSettings: Sendable, Equatable {
    /// Workers at a time; nil means `cores / threadsPerJob` (at least 1).
    public var nJobs: Int?
    /// Threads each worker may use (OMP_NUM_THREADS, ABLATE_NUM_THREADS).
    public var threadsPerJob: Int
    /// GPU ids handed out round-robin through CUDA_VISIBLE_DEVICES; empty: not set.
    public var gpus: [String]
    /// Stop launching new jobs after the first failure.
    public var failFast: Bool
    /// Seconds between forwarding an interrupt and killing the workers still running.
    public var killTimeout: Double

    public init(nJobs: Int? = nil, threadsPerJob: Int = 1, gpus: [String] = [], failFast: Bool = false,
                killTimeout: Double = 10) {
        self.nJobs = nJobs
        self.threadsPerJob = threadsPerJob
        self.gpus = gpus
        self.failFast = failFast
        self.killTimeout = killTimeout
    }

    /// Keys this launcher reads; `name` and `_target_`-style keys of other launchers are not accepted.
    public static let knownKeys = ["name", "n_jobs", "threads_per_job", "gpus", "fail_fast", "kill_timeout"]

    /// Decodes the `launcher` node. Absent keys keep their defaults; unknown keys and wrong types throw.
    public init(launcher node: ConfigValue?, path: String = "launcher") throws {
        self.init()
        guard let node else { return }
        guard case .dict(let entries) = node else {
            throw LaunchError.invalidSetting(key: path, reason: "expected a mapping")
        }
        for (key, value) in entries {
            let dotted = "\(path).\(key)"
            switch key {
            case "name": break
            case "n_jobs":
                if case .null = value { nJobs = nil } else { nJobs = try Self.positiveInt(value, dotted) }
            case "threads_per_job": threadsPerJob = try Self.positiveInt(value, dotted)
            case "gpus":
                switch value {
                case .null: gpus = []
                case .list(let items): gpus = try items.map { try Self.scalarText($0, dotted) }
                case .int, .string: gpus = [try Self.scalarText(value, dotted)]
                default: throw LaunchError.invalidSetting(key: dotted, reason: "expected a list of GPU ids such as [0,1]")
                }
            case "fail_fast":
                guard case .bool(let flag) = value else {
                    throw LaunchError.invalidSetting(key: dotted, reason: "expected true or false")
                }
                failFast = flag
            case "kill_timeout":
                switch value {
                case .int(let seconds) where seconds >= 0: killTimeout = Double(seconds)
                case .double(let seconds) where seconds >= 0 && seconds.isFinite: killTimeout = seconds
                default: throw LaunchError.invalidSetting(key: dotted, reason: "expected a number of seconds >= 0")
                }
            default:
                throw LaunchError.unknownSetting(key: dotted, known: Self.knownKeys.map { "\(path).\($0)" })
            }
        }
    }

    /// The number of workers to run at once on a machine with `cores` cores.
    public func workers(cores: Int) -> Int {
        if let nJobs { return max(1, nJobs) }
        return max(1, cores / max(1, threadsPerJob))
    }

    static func positiveInt(_ value: ConfigValue, _ key: String) throws -> Int {
        guard case .int(let number) = value, number >= 1 else {
            throw LaunchError.invalidSetting(key: key, reason: "expected a whole number >= 1")
        }
        return number
    }

    static func scalarText(_ value: ConfigValue, _ key: String) throws -> String {
        switch value {
        case .int(let number) where number >= 0: return String(number)
        case .string(let text) where !text.isEmpty: return text
        default: throw LaunchError.invalidSetting(key: key, reason: "expected GPU ids (numbers or UUID strings)")
        }
    }
}
