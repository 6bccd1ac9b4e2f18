import Config
import Foundation

/// `launcher.*` for Slurm (`launcher=slurm`), decoded strictly from the composed config.
/// The names follow Hydra's submitit launcher, so its users' settings carry over.
public struct SlurmLauncherSettings: Sendable, Equatable {
    /// `--partition`; nil: the cluster's default.
    public var partition: String?
    /// `--time` in minutes; nil: the partition's limit.
    public var timeoutMin: Int?
    /// `--cpus-per-task`; also each worker's thread count.
    public var cpusPerTask: Int
    /// `--mem` in GB; nil when `memPerCPU` is used (or neither).
    public var memGB: Double?
    /// `--mem-per-cpu`, as sbatch takes it (`2G`, `1500M`, or MB as a number).
    public var memPerCPU: String?
    /// `--gpus-per-node`; 0: none.
    public var gpusPerNode: Int
    /// `--gres`, e.g. `gpu:a100:1`.
    public var gres: String?
    /// `--nodes`.
    public var nodes: Int
    /// `--ntasks-per-node`.
    public var tasksPerNode: Int
    /// The `%N` throttle of `--array`: tasks running at once; nil: no limit.
    public var arrayParallelism: Int?
    /// `--account`, `--qos`, `--constraint`, `--exclude`.
    public var account: String?
    public var qos: String?
    public var constraint: String?
    public var exclude: String?
    /// Any other sbatch options, name (without dashes; `_` read as `-`) to value; `true` for a bare flag.
    public var additionalParameters: [SbatchOption]
    /// Shell lines run in each task before the worker (module load, venv activation).
    public var setup: [String]
    /// Seconds before the time limit at which the task is told to stop and is requeued; 0: never.
    public var signalDelayS: Int
    /// Wait for the array to finish; false: submit, print the job id and return.
    public var wait: Bool

    public init(partition: String? = nil, timeoutMin: Int? = 60, cpusPerTask: Int = 1, memGB: Double? = 4,
                memPerCPU: String? = nil, gpusPerNode: Int = 0, gres: String? = nil, nodes: Int = 1,
                tasksPerNode: Int = 1, arrayParallelism: Int? = nil, account: String? = nil, qos: String? = nil,
                constraint: String? = nil, exclude: String? = nil,
                additionalParameters: [SbatchOption] = [], setup: [String] = [],
                signalDelayS: Int = 120, wait: Bool = true) {
        self.partition = partition
        self.timeoutMin = timeoutMin
        self.cpusPerTask = cpusPerTask
        self.memGB = memGB
        self.memPerCPU = memPerCPU
        self.gpusPerNode = gpusPerNode
        self.gres = gres
        self.nodes = nodes
        self.tasksPerNode = tasksPerNode
        self.arrayParallelism = arrayParallelism
        self.account = account
        self.qos = qos
        self.constraint = constraint
        self.exclude = exclude
        self.additionalParameters = additionalParameters
        self.setup = setup
        self.signalDelayS = signalDelayS
        self.wait = wait
    }

    public static let knownKeys = [
        "name", "partition", "timeout_min", "cpus_per_task", "mem_gb", "mem_per_cpu", "gpus_per_node", "gres",
        "nodes", "tasks_per_node", "array_parallelism", "account", "qos", "constraint", "exclude",
        "additional_parameters", "setup", "signal_delay_s", "wait",
    ]

    /// Decodes the `launcher` node. Absent keys keep their defaults; unknown keys, wrong types
    /// and values that could not be written safely into the submission script throw.
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
            case "partition": partition = try Self.optionalText(value, dotted)
            case "timeout_min": timeoutMin = value.isNull ? nil : try Self.positiveInt(value, dotted)
            case "cpus_per_task": cpusPerTask = try Self.positiveInt(value, dotted)
            case "mem_gb":
                switch value {
                case .null: memGB = nil
                case .int(let gb) where gb > 0: memGB = Double(gb)
                case .double(let gb) where gb > 0 && gb.isFinite: memGB = gb
                default: throw LaunchError.invalidSetting(key: dotted, reason: "expected a number of GB > 0, or null")
                }
            case "mem_per_cpu":
                switch value {
                case .null: memPerCPU = nil
                case .int(let mb) where mb > 0: memPerCPU = String(mb)
                case .string(let text) where text.range(of: #"^[0-9]+[KMGT]?$"#, options: .regularExpression) != nil:
                    memPerCPU = text
                default: throw LaunchError.invalidSetting(key: dotted, reason: "expected a size such as 2G or 1500M, or null")
                }
            case "gpus_per_node": gpusPerNode = try Self.count(value, dotted)
            case "gres": gres = try Self.optionalText(value, dotted)
            case "nodes": nodes = try Self.positiveInt(value, dotted)
            case "tasks_per_node": tasksPerNode = try Self.positiveInt(value, dotted)
            case "array_parallelism": arrayParallelism = value.isNull ? nil : try Self.positiveInt(value, dotted)
            case "account": account = try Self.optionalText(value, dotted)
            case "qos": qos = try Self.optionalText(value, dotted)
            case "constraint": constraint = try Self.optionalText(value, dotted)
            case "exclude": exclude = try Self.optionalText(value, dotted)
            case "additional_parameters": additionalParameters = try Self.parameters(value, dotted)
            case "setup":
                switch value {
                case .null: setup = []
                case .list(let items):
                    setup = try items.enumerated().map { index, item in
                        guard case .string(let line) = item else {
                            throw LaunchError.invalidSetting(key: "\(dotted)[\(index)]", reason: "expected a line of shell as a string")
                        }
                        return line
                    }
                default: throw LaunchError.invalidSetting(key: dotted, reason: "expected a list of shell lines")
                }
            case "signal_delay_s": signalDelayS = value.isNull ? 0 : try Self.count(value, dotted)
            case "wait":
                guard case .bool(let flag) = value else {
                    throw LaunchError.invalidSetting(key: dotted, reason: "expected true or false")
                }
                wait = flag
            default:
                throw LaunchError.unknownSetting(key: dotted, known: Self.knownKeys.map { "\(path).\($0)" })
            }
        }
        if memGB != nil && memPerCPU != nil {
            throw LaunchError.invalidSetting(
                key: "\(path).mem_per_cpu",
                reason: "sbatch takes either --mem or --mem-per-cpu; add \(path).mem_gb=null to use mem_per_cpu")
        }
    }

    static func positiveInt(_ value: ConfigValue, _ key: String) throws -> Int {
        guard case .int(let number) = value, number >= 1 else {
            throw LaunchError.invalidSetting(key: key, reason: "expected a whole number >= 1")
        }
        return number
    }

    static func count(_ value: ConfigValue, _ key: String) throws -> Int {
        guard case .int(let number) = value, number >= 0 else {
            throw LaunchError.invalidSetting(key: key, reason: "expected a whole number >= 0")
        }
        return number
    }

    /// A value that goes into an `#SBATCH` line: one line of printable text.
    static func optionalText(_ value: ConfigValue, _ key: String) throws -> String? {
        switch value {
        case .null: return nil
        case .string(let text) where text.isEmpty: return nil
        case .string(let text): return try checkedText(text, key)
        case .int(let number): return String(number)
        default: throw LaunchError.invalidSetting(key: key, reason: "expected a string or null")
        }
    }

    static func checkedText(_ text: String, _ key: String) throws -> String {
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw LaunchError.invalidSetting(key: key, reason: "must be one line without control characters")
        }
        return text
    }

    /// Options the launcher sets itself: overriding them would break the array's task map or logs.
    static let reservedOptions: Set<String> = [
        "array", "a", "chdir", "D", "output", "o", "error", "e", "input", "i", "job-name", "J", "parsable",
        "wrap", "test-only", "open-mode",
    ]

    static func parameters(_ value: ConfigValue, _ key: String) throws -> [SbatchOption] {
        guard !value.isNull else { return [] }
        guard case .dict(let entries) = value else {
            throw LaunchError.invalidSetting(key: key, reason: "expected a mapping of sbatch option names to values, e.g. {mail-type: END}")
        }
        var result: [SbatchOption] = []
        for (name, item) in entries {
            let dotted = "\(key).\(name)"
            let option = name.replacingOccurrences(of: "_", with: "-")
            guard option.range(of: #"^[A-Za-z][A-Za-z0-9-]*$"#, options: .regularExpression) != nil else {
                throw LaunchError.invalidSetting(key: dotted, reason: "not an sbatch option name (letters, digits and dashes, without the leading --)")
            }
            if Self.reservedOptions.contains(option) {
                throw LaunchError.invalidSetting(
                    key: dotted, reason: "--\(option) is set by the launcher (the array, its task map and each task's logs/); remove it")
            }
            switch item {
            case .bool(true): result.append(SbatchOption(option, nil))
            case .bool(false), .null: continue
            case .string(let text): result.append(SbatchOption(option, try checkedText(text, dotted)))
            case .int(let number): result.append(SbatchOption(option, String(number)))
            case .double(let number): result.append(SbatchOption(option, String(number)))
            default: throw LaunchError.invalidSetting(key: dotted, reason: "expected a string, number or true")
            }
        }
        return result
    }
}
