import Foundation
import Yams

/// What a worker runs for its job, decoded from the `task` node of `.hydra/config.yaml`.
public enum WorkerTask: Sendable, Equatable {
    /// Any program: `task.command=[python3,my_train.py]`.
    case external(command: [String], passOverrides: Bool)
    /// The built-in training core (`task.name: train`).
    case train

    public static let knownKeys = ["name", "command", "pass_overrides"]

    /// Reads the task of the run in `runDirectory`.
    public static func load(runDirectory: URL) throws -> WorkerTask {
        let path = runDirectory.appendingPathComponent(".hydra/config.yaml").path
        let root = try loadYAML(path)
        guard let task = root?["task"], let entries = task.mapping else {
            throw LaunchError.unreadableRunConfig(path: path, reason: "no 'task' section (expected task.name or task.command)")
        }
        var name: String?
        var command: [String] = []
        var passOverrides = false
        for (keyNode, value) in entries {
            let key = keyNode.string ?? ""
            switch key {
            case "name":
                name = value.null == nil ? value.string : nil
            case "command":
                if value.null != nil { break }
                guard let items = value.sequence?.map({ $0.scalar?.string }), !items.contains(nil) else {
                    throw LaunchError.invalidSetting(key: "task.command", reason: "expected a list of strings such as [python3,train.py] (in \(path))")
                }
                command = items.map { $0! }
            case "pass_overrides":
                guard let flag = value.bool else {
                    throw LaunchError.invalidSetting(key: "task.pass_overrides", reason: "expected true or false (in \(path))")
                }
                passOverrides = flag
            default:
                throw LaunchError.unknownSetting(key: "task.\(key)", known: knownKeys.map { "task.\($0)" })
            }
        }
        if !command.isEmpty { return .external(command: command, passOverrides: passOverrides) }
        switch name {
        case "train": return .train
        case nil, "", "external":
            throw LaunchError.invalidSetting(key: "task.command", reason: "empty; give the program to run, e.g. task.command=[python3,train.py], or choose task=train")
        case let other?:
            throw LaunchError.invalidSetting(key: "task.name", reason: "unknown task '\(other)'; use task.name=train or set task.command")
        }
    }

    /// The job's override strings from `.hydra/overrides.yaml` (empty when absent).
    public static func loadOverrides(runDirectory: URL) throws -> [String] {
        let path = runDirectory.appendingPathComponent(".hydra/overrides.yaml").path
        guard FileManager.default.fileExists(atPath: path), let node = try loadYAML(path) else { return [] }
        guard let items = node.sequence?.map({ $0.scalar?.string }), !items.contains(nil) else {
            throw LaunchError.unreadableRunConfig(path: path, reason: "expected a list of override strings")
        }
        return items.map { $0! }
    }

    /// `hydra.job.num` from `.hydra/hydra.yaml`, if present.
    public static func loadJobNum(runDirectory: URL) -> Int? {
        let path = runDirectory.appendingPathComponent(".hydra/hydra.yaml").path
        guard let root = (try? loadYAML(path)) ?? nil else { return nil }
        return root["hydra"]?["job"]?["num"]?.int
    }

    static func loadYAML(_ path: String) throws -> Node? {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LaunchError.unreadableRunConfig(path: path, reason: "file missing or unreadable")
        }
        do {
            return try Yams.compose(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw LaunchError.unreadableRunConfig(path: path, reason: "not valid YAML (\(String(describing: error).split(separator: "\n").first ?? ""))")
        }
    }
}
