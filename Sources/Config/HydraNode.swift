import Foundation
import OrderedCollections

/// What the caller knows about the job being composed, written into the `hydra` node.
public struct RuntimeContext: Sendable, Equatable {
    public enum Mode: String, Sendable {
        case run = "RUN"
        case multirun = "MULTIRUN"
    }

    public var mode: Mode
    /// `hydra.job.num` (0-based in a sweep); nil prints `???`, as Hydra's multirun.yaml does.
    public var jobNumber: Int?
    /// `hydra.job.id`; nil prints `???`.
    public var jobID: String?
    /// `hydra.runtime.output_dir`; nil prints `???`.
    public var outputDir: String?
    /// `hydra.job.name`: the application's name.
    public var jobName: String
    /// `hydra.runtime.cwd`.
    public var workingDirectory: String

    public init(mode: Mode = .run, jobNumber: Int? = nil, jobID: String? = nil, outputDir: String? = nil,
                jobName: String = "train",
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.mode = mode
        self.jobNumber = jobNumber
        self.jobID = jobID
        self.outputDir = outputDir
        self.jobName = jobName
        self.workingDirectory = workingDirectory
    }
}

/// The `hydra` node every composition starts from; a primary config's `hydra:` section
/// and `hydra.*` overrides merge on top, then the runtime values are filled in.
enum HydraNode {
    static let version = "ablate-0.1"

    static let defaults: ConfigValue = {
        let yaml = """
        hydra:
          run:
            dir: outputs/${now:%Y-%m-%d}/${now:%H-%M-%S}
          sweep:
            dir: multirun/${now:%Y-%m-%d}/${now:%H-%M-%S}
            subdir: ${hydra.job.num}
          sweeper:
            params: {}
          overrides:
            hydra: []
            task: []
          job:
            name: ???
            chdir: null
            override_dirname: ''
            id: ???
            num: ???
            config_name: ???
            config:
              override_dirname:
                kv_sep: '='
                item_sep: ','
                exclude_keys: []
          runtime:
            version: ???
            cwd: ???
            config_sources: []
            output_dir: ???
            choices: {}
          mode: ???
        """
        return try! ConfigValue(yaml: yaml, file: "<hydra defaults>")
    }()

    /// Fills the runtime fields of `config.hydra`.
    static func fillRuntime(_ config: inout ConfigValue, configName: String, taskOverrides: [Override],
                            hydraOverrides: [Override], choices: OrderedDictionary<String, String?>,
                            searchPath: ConfigSearchPath, runtime: RuntimeContext) {
        func set(_ key: String, _ value: ConfigValue) { config.set(value, at: ["hydra"] + ConfigPath(dotted: key)) }
        set("overrides.task", .list(taskOverrides.map { .string($0.inputLine) }))
        set("overrides.hydra", .list(hydraOverrides.map { .string($0.inputLine) }))
        set("job.name", .string(runtime.jobName))
        set("job.config_name", .string(configName))
        set("job.override_dirname", .string(overrideDirname(taskOverrides, in: config)))
        set("job.id", runtime.jobID.map { .string($0) } ?? .missing)
        set("job.num", runtime.jobNumber.map { .int($0) } ?? .missing)
        set("runtime.version", .string(version))
        set("runtime.cwd", .string(runtime.workingDirectory))
        set("runtime.config_sources", .list(searchPath.entries.map {
            .dict(["path": .string($0.path), "schema": .string("file"), "provider": .string($0.provider)])
        }))
        set("runtime.output_dir", runtime.outputDir.map { .string($0) } ?? .missing)
        var choiceNode = OrderedDictionary<String, ConfigValue>()
        for (group, option) in choices { choiceNode[group] = option.map { .string($0) } ?? .null }
        set("runtime.choices", .dict(choiceNode))
        set("mode", .string(runtime.mode.rawValue))
    }

    /// Hydra's `override_dirname`: the task overrides as typed, minus excluded keys, sorted,
    /// joined with `item_sep`, every `=` replaced by `kv_sep`.
    static func overrideDirname(_ overrides: [Override], in config: ConfigValue) -> String {
        let settings = config.value(at: "hydra.job.config.override_dirname")
        let kvSep = settings?.child("kv_sep")?.stringValue ?? "="
        let itemSep = settings?.child("item_sep")?.stringValue ?? ","
        let excluded = Set((settings?.child("exclude_keys")?.listValue ?? []).compactMap(\.stringValue))
        let lines = overrides.filter { !excluded.contains($0.keyOrGroup) }.map(\.inputLine).sorted()
        return lines.joined(separator: itemSep).replacingOccurrences(of: "=", with: kvSep)
    }
}
