import Config
import Foundation

/// What a worker runs for its job, decoded from the `task` node of `.hydra/config.yaml`.
public enum WorkerTask: Sendable, Equatable {
    /// Any program: `task.command=[python3,my_train.py]`.
    case external(command: [String], passOverrides: Bool)
    /// An unmodified `@hydra.main` application (`task=hydra_app task.command=[python3,app.py]`):
    /// it gets the job's overrides on its command line and composes its own config from them,
    /// with its run dir set to the job's run dir (see `hydraAppArguments`).
    case hydraApp(command: [String])
    /// The built-in training core (`task.name: train`).
    case train

    /// Where a Hydra application writes its own `.hydra` files inside the job's run dir, so that
    /// Ablate's `.hydra/` (the job's config as Ablate composed it) is not overwritten.
    public static let hydraAppOutputSubdir = ".hydra_app"

    /// The arguments that tie a Hydra application to the job's run directory: its run dir (and
    /// so its working directory and log file, and the outputs it writes relative to them) is
    /// the job's run dir, and its own `.hydra` files go to `.hydra_app/`. The path is quoted
    /// for Hydra's override grammar (run dir names hold `=` and `,`).
    public static func hydraAppArguments(runDirectory: URL) -> [String] {
        let path = runDirectory.path
        let quote = path.contains("'") ? "\"" : "'"
        return ["hydra.run.dir=\(quote)\(path)\(quote)", "hydra.output_subdir=\(hydraAppOutputSubdir)"]
    }

    /// The program an external task or Hydra application runs and the arguments after it, given
    /// the job's overrides; nil for the built-in training core.
    public func invocation(overrides: [String], runDirectory: URL) -> (command: [String], extraArguments: [String])? {
        switch self {
        case .external(let command, let passOverrides):
            return (command, passOverrides ? overrides : [])
        case .hydraApp(let command):
            return (command, overrides + Self.hydraAppArguments(runDirectory: runDirectory))
        case .train:
            return nil
        }
    }

    public static let knownKeys = ["name", "command", "pass_overrides"]

    /// Reads the task of the run in `runDirectory`: `hydra.task` in `.hydra/hydra.yaml` (run
    /// directories written before the orchestration settings moved there: `task` in `config.yaml`).
    public static func load(runDirectory: URL) throws -> WorkerTask {
        let hydraPath = runDirectory.appendingPathComponent(".hydra/hydra.yaml").path
        if FileManager.default.fileExists(atPath: hydraPath), let node = try loadYAML(hydraPath).value(at: "hydra.task") {
            return try decode(node, file: hydraPath)
        }
        let path = runDirectory.appendingPathComponent(".hydra/config.yaml").path
        return try decode(loadYAML(path).child("task"), file: path)
    }

    /// Decodes a `task` node strictly: unknown keys and wrong types are errors.
    public static func decode(_ node: ConfigValue?, file: String) throws -> WorkerTask {
        guard let entries = node?.dictValue else {
            throw LaunchError.unreadableRunConfig(path: file, reason: "no 'task' section (expected task.name or task.command)")
        }
        var name: String?
        var command: [String] = []
        var passOverrides: Bool?
        for (key, value) in entries {
            switch key {
            case "name":
                name = value.stringValue
            case "command":
                if value.isNull { break }
                guard let items = value.listValue?.map(argumentText), !items.contains(nil) else {
                    throw LaunchError.invalidSetting(key: "task.command", reason: "expected a list of strings such as [python3,train.py] (in \(file))")
                }
                command = items.map { $0! }
            case "pass_overrides":
                guard case .bool(let flag) = value else {
                    throw LaunchError.invalidSetting(key: "task.pass_overrides", reason: "expected true or false (in \(file))")
                }
                passOverrides = flag
            default:
                throw LaunchError.unknownSetting(key: "task.\(key)", known: knownKeys.map { "task.\($0)" })
            }
        }
        if name == "hydra_app" {
            guard !command.isEmpty else {
                throw LaunchError.invalidSetting(key: "task.command", reason: "empty; give the Hydra application to run, e.g. task.command=[python3,runners/train.py]")
            }
            if passOverrides == false {
                throw LaunchError.invalidSetting(key: "task.pass_overrides", reason: "a Hydra application always gets the job's overrides; leave it out or choose task=external")
            }
            return .hydraApp(command: command)
        }
        if !command.isEmpty { return .external(command: command, passOverrides: passOverrides ?? false) }
        switch name {
        case "train": return .train
        case nil, "", "external":
            throw LaunchError.invalidSetting(key: "task.command", reason: "empty; give the program to run, e.g. task.command=[python3,train.py], or choose task=train")
        case let other?:
            throw LaunchError.invalidSetting(key: "task.name", reason: "unknown task '\(other)'; use task=train, task=hydra_app or set task.command")
        }
    }

    /// A command argument: strings as they are, numbers and booleans as written.
    static func argumentText(_ value: ConfigValue) -> String? {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    /// The job's override strings from `.hydra/overrides.yaml` (empty when absent).
    public static func loadOverrides(runDirectory: URL) throws -> [String] {
        let path = runDirectory.appendingPathComponent(".hydra/overrides.yaml").path
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let node = try loadYAML(path)
        if node == .dict([:]) { return [] }
        guard let items = node.listValue?.map(\.stringValue), !items.contains(nil) else {
            throw LaunchError.unreadableRunConfig(path: path, reason: "expected a list of override strings")
        }
        return items.map { $0! }
    }

    /// `hydra.job.num` from `.hydra/hydra.yaml`, if present.
    public static func loadJobNum(runDirectory: URL) -> Int? {
        let path = runDirectory.appendingPathComponent(".hydra/hydra.yaml").path
        guard case .int(let num)? = (try? loadYAML(path))?.value(at: "hydra.job.num") else { return nil }
        return num
    }

    static func loadYAML(_ path: String) throws -> ConfigValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LaunchError.unreadableRunConfig(path: path, reason: "file missing or unreadable")
        }
        do {
            return try ConfigValue(yaml: String(decoding: data, as: UTF8.self), file: path)
        } catch {
            let reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            throw LaunchError.unreadableRunConfig(path: path, reason: reason)
        }
    }
}
