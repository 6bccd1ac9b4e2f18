import Config

/// Which sweeper a multirun uses, read from the composed `hydra.sweeper` node by its
/// `_target_` (as Hydra picks its sweeper plugin): Hydra's basic sweeper (the grid, the default)
/// or the Optuna sweeper's spelling (`hydra/sweeper=optuna`), which runs a study.
public enum SweeperChoice: Sendable, Equatable {
    case basic
    case optuna(StudySettings)

    public static let basicTarget = "hydra._internal.core_plugins.basic_sweeper.BasicSweeper"
    public static let optunaTarget = "hydra_plugins.hydra_optuna_sweeper.optuna_sweeper.OptunaSweeper"

    public init(sweeper node: ConfigValue?, path: String = "hydra.sweeper") throws {
        let target = node?.child("_target_")?.stringValue
        switch target {
        case nil, Self.basicTarget:
            self = .basic
        case Self.optunaTarget:
            self = .optuna(try StudySettings(node!, path: path))
        case let other?:
            throw SweepError.badSweeperSetting(key: "\(path)._target_", value: other,
                                               expected: "a known sweeper: choose one with hydra/sweeper=basic|optuna")
        }
    }
}

/// The objective of a trial read from its metric's history: its last value or its best one.
public enum ObjectiveRule: String, Sendable, Equatable, Codable {
    case last
    case best
}

/// The sampler of a study (`hydra/sweeper/sampler=tpe|random|grid`).
public enum SamplerSettings: Sendable, Equatable {
    case tpe(TPESampler.Settings)
    case random
    case grid

    static let targets: [String: String] = [
        "optuna.samplers.TPESampler": "tpe",
        "optuna.samplers.RandomSampler": "random",
        "optuna.samplers.GridSampler": "grid",
    ]

    public var name: String {
        switch self {
        case .tpe: return "tpe"
        case .random: return "random"
        case .grid: return "grid"
        }
    }
}

/// The pruner of a study (`hydra/sweeper/pruner=none|median|percentile|successive_halving|hyperband|asha`),
/// Optuna's keys for the first five, Ray Tune's for ASHA. Keys left out keep the defaults.
public enum PrunerSettings: Sendable, Equatable {
    case none
    case median(nStartupTrials: Int, nWarmupSteps: Int, intervalSteps: Int, nMinTrials: Int)
    case percentile(percentile: Double, nStartupTrials: Int, nWarmupSteps: Int, intervalSteps: Int, nMinTrials: Int)
    case successiveHalving(minResource: Int?, reductionFactor: Int, minEarlyStoppingRate: Int)
    case hyperband(minResource: Int, maxResource: Int?, reductionFactor: Int)
    case asha(maxT: Int, gracePeriod: Int, reductionFactor: Double, brackets: Int)

    static let targets: [String: String] = [
        "optuna.pruners.NopPruner": "none",
        "optuna.pruners.MedianPruner": "median",
        "optuna.pruners.PercentilePruner": "percentile",
        "optuna.pruners.SuccessiveHalvingPruner": "successive_halving",
        "optuna.pruners.HyperbandPruner": "hyperband",
        "ray.tune.schedulers.ASHAScheduler": "asha",
    ]

    public var name: String {
        switch self {
        case .none: return "none"
        case .median: return "median"
        case .percentile: return "percentile"
        case .successiveHalving: return "successive_halving"
        case .hyperband: return "hyperband"
        case .asha: return "asha"
        }
    }

    /// The pruner these settings describe (`seed` draws ASHA's brackets).
    public func makePruner(seed: UInt64?, key: String = "hydra.sweeper.pruner") throws -> any Pruner {
        switch self {
        case .none:
            return NopPruner()
        case let .median(startup, warmup, interval, minTrials):
            return try PercentilePruner.median(nStartupTrials: startup, nWarmupSteps: warmup, intervalSteps: interval,
                                               nMinTrials: minTrials, key: key)
        case let .percentile(percentile, startup, warmup, interval, minTrials):
            return try PercentilePruner(percentile: percentile, nStartupTrials: startup, nWarmupSteps: warmup,
                                        intervalSteps: interval, nMinTrials: minTrials, key: key)
        case let .successiveHalving(minResource, factor, rate):
            return try SuccessiveHalvingPruner(minResource: minResource, reductionFactor: factor,
                                               minEarlyStoppingRate: rate, key: key)
        case let .hyperband(minResource, maxResource, factor):
            return try HyperbandPruner(minResource: minResource, maxResource: maxResource, reductionFactor: factor, key: key)
        case let .asha(maxT, grace, factor, brackets):
            return try ASHAPruner(maxT: maxT, gracePeriod: grace, reductionFactor: factor, brackets: brackets,
                                  seed: seed, key: key)
        }
    }
}

/// The settings of a study-running sweep (`hydra/sweeper=optuna`): Hydra's Optuna sweeper keys,
/// and Ablate's `metric` / `objective` (a job is a process, so its objective is read from the
/// metrics it logs). Unknown keys and wrong types are refused, naming the key.
public struct StudySettings: Sendable, Equatable {
    public var direction: StudyDirection = .minimize
    public var nTrials: Int = 20
    /// Trials in flight at once: a slot is refilled the moment its job ends.
    public var nJobs: Int = 2
    /// nil: the sweep directory's name.
    public var studyName: String?
    public var metric: String?
    public var objective: ObjectiveRule = .last
    public var maxFailureRate: Double = 0
    public var sampler: SamplerSettings = .tpe(.init())
    public var seed: UInt64?
    public var pruner: PrunerSettings = .none

    /// The keys of `hydra.sweeper` this sweeper reads (Optuna-plugin keys it has no use for,
    /// `storage`, `search_space`, `custom_search_space`, are accepted when null).
    public static let knownKeys = ["_target_", "direction", "n_trials", "n_jobs", "study_name", "metric", "objective",
                                   "max_failure_rate", "sampler", "pruner", "params", "storage", "search_space",
                                   "custom_search_space"]

    public init() {}

    public init(_ node: ConfigValue, path: String = "hydra.sweeper") throws {
        let reader = try SettingsReader(node, path: path, known: Self.knownKeys)
        if let text = try reader.string("direction") {
            guard let direction = StudyDirection(rawValue: text) else {
                throw SweepError.badSweeperSetting(key: "\(path).direction", value: text, expected: "minimize or maximize")
            }
            self.direction = direction
        }
        nTrials = try reader.int("n_trials", atLeast: 1) ?? nTrials
        nJobs = try reader.int("n_jobs", atLeast: 1) ?? nJobs
        studyName = try reader.string("study_name")
        metric = try reader.string("metric")
        if let text = try reader.string("objective") {
            guard let rule = ObjectiveRule(rawValue: text) else {
                throw SweepError.badSweeperSetting(key: "\(path).objective", value: text, expected: "last or best")
            }
            objective = rule
        }
        if let rate = try reader.double("max_failure_rate") {
            guard (0...1).contains(rate) else {
                throw SweepError.badSweeperSetting(key: "\(path).max_failure_rate", value: "\(rate)", expected: "between 0 and 1")
            }
            maxFailureRate = rate
        }
        for key in ["storage", "search_space", "custom_search_space"] {
            if let value = node.child(key), !value.isNull {
                throw SweepError.badSweeperSetting(key: "\(path).\(key)", value: value.kindName,
                    expected: "null: Ablate keeps studies in its results database and reads the search space from the overrides and hydra.sweeper.params")
            }
        }
        if let sampler = node.child("sampler"), !sampler.isNull {
            try readSampler(sampler, path: "\(path).sampler")
        }
        if let pruner = node.child("pruner"), !pruner.isNull {
            self.pruner = try Self.readPruner(pruner, path: "\(path).pruner")
        }
    }

    private mutating func readSampler(_ node: ConfigValue, path: String) throws {
        let target = node.child("_target_")?.stringValue ?? ""
        guard let name = SamplerSettings.targets[target] else {
            throw SweepError.badSweeperSetting(key: "\(path)._target_", value: target,
                                               expected: "a known sampler: choose one with hydra/sweeper/sampler=tpe|random|grid")
        }
        switch name {
        case "tpe":
            let reader = try SettingsReader(node, path: path, known: ["_target_", "seed", "n_startup_trials", "n_ei_candidates",
                "prior_weight", "consider_prior", "consider_magic_clip", "consider_endpoints", "multivariate",
                "warn_independent_sampling"])
            var settings = TPESampler.Settings()
            settings.nStartupTrials = try reader.int("n_startup_trials", atLeast: 0) ?? settings.nStartupTrials
            settings.nEICandidates = try reader.int("n_ei_candidates", atLeast: 1) ?? settings.nEICandidates
            settings.priorWeight = try reader.double("prior_weight") ?? settings.priorWeight
            settings.considerMagicClip = try reader.bool("consider_magic_clip") ?? settings.considerMagicClip
            settings.considerEndpoints = try reader.bool("consider_endpoints") ?? settings.considerEndpoints
            if try reader.bool("consider_prior") == false {
                throw SweepError.badSweeperSetting(key: "\(path).consider_prior", value: "false", expected: "true (Ablate's TPE always uses the prior)")
            }
            if try reader.bool("multivariate") == true {
                throw SweepError.badSweeperSetting(key: "\(path).multivariate", value: "true", expected: "false (Ablate's TPE is independent per dimension)")
            }
            seed = try reader.seed()
            sampler = .tpe(settings)
        case "random":
            seed = try SettingsReader(node, path: path, known: ["_target_", "seed"]).seed()
            sampler = .random
        default:
            seed = try SettingsReader(node, path: path, known: ["_target_", "seed", "search_space"]).seed()
            sampler = .grid
        }
    }

    static func readPruner(_ node: ConfigValue, path: String) throws -> PrunerSettings {
        let target = node.child("_target_")?.stringValue ?? ""
        guard let name = PrunerSettings.targets[target] else {
            throw SweepError.badSweeperSetting(key: "\(path)._target_", value: target,
                expected: "a known pruner: choose one with hydra/sweeper/pruner=none|median|percentile|successive_halving|hyperband|asha")
        }
        let percentileKeys = ["_target_", "n_startup_trials", "n_warmup_steps", "interval_steps", "n_min_trials"]
        switch name {
        case "none":
            _ = try SettingsReader(node, path: path, known: ["_target_"])
            return .none
        case "median":
            let r = try SettingsReader(node, path: path, known: percentileKeys)
            return .median(nStartupTrials: try r.int("n_startup_trials", atLeast: 0) ?? 5,
                           nWarmupSteps: try r.int("n_warmup_steps", atLeast: 0) ?? 0,
                           intervalSteps: try r.int("interval_steps", atLeast: 1) ?? 1,
                           nMinTrials: try r.int("n_min_trials", atLeast: 1) ?? 1)
        case "percentile":
            let r = try SettingsReader(node, path: path, known: percentileKeys + ["percentile"])
            guard node.child("percentile") != .missing, let percentile = try r.double("percentile") else {
                throw SweepError.badSweeperSetting(key: "\(path).percentile", value: "null", expected: "a number in [0, 100], e.g. hydra.sweeper.pruner.percentile=25")
            }
            return .percentile(percentile: percentile,
                               nStartupTrials: try r.int("n_startup_trials", atLeast: 0) ?? 5,
                               nWarmupSteps: try r.int("n_warmup_steps", atLeast: 0) ?? 0,
                               intervalSteps: try r.int("interval_steps", atLeast: 1) ?? 1,
                               nMinTrials: try r.int("n_min_trials", atLeast: 1) ?? 1)
        case "successive_halving":
            let r = try SettingsReader(node, path: path, known: ["_target_", "min_resource", "reduction_factor", "min_early_stopping_rate"])
            return .successiveHalving(minResource: try r.intOrAuto("min_resource"),
                                      reductionFactor: try r.int("reduction_factor", atLeast: 2) ?? 4,
                                      minEarlyStoppingRate: try r.int("min_early_stopping_rate", atLeast: 0) ?? 0)
        case "hyperband":
            let r = try SettingsReader(node, path: path, known: ["_target_", "min_resource", "max_resource", "reduction_factor"])
            return .hyperband(minResource: try r.int("min_resource", atLeast: 1) ?? 1,
                              maxResource: try r.intOrAuto("max_resource"),
                              reductionFactor: try r.int("reduction_factor", atLeast: 2) ?? 3)
        default:
            let r = try SettingsReader(node, path: path, known: ["_target_", "max_t", "grace_period", "reduction_factor", "brackets"])
            return .asha(maxT: try r.int("max_t", atLeast: 1) ?? 100,
                         gracePeriod: try r.int("grace_period", atLeast: 1) ?? 1,
                         reductionFactor: try r.double("reduction_factor") ?? 4,
                         brackets: try r.int("brackets", atLeast: 1) ?? 1)
        }
    }

    /// The settings a resumed study must match (its `settings` in the store), as JSON text.
    public var fingerprint: String {
        let sampler: String
        switch self.sampler {
        case let .tpe(s):
            sampler = "tpe(n_startup_trials=\(s.nStartupTrials),n_ei_candidates=\(s.nEICandidates),prior_weight=\(s.priorWeight),magic_clip=\(s.considerMagicClip),endpoints=\(s.considerEndpoints))"
        case .random, .grid:
            sampler = self.sampler.name
        }
        let seedText = seed.map { String($0) } ?? "null"
        let metricText = metric.map { "\"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"" } ?? "null"
        return "{\"sampler\":\"\(sampler)\",\"seed\":\(seedText),\"metric\":\(metricText),\"objective\":\"\(objective.rawValue)\",\"pruner\":\"\(pruner)\"}"
    }
}

/// Reads typed keys of one settings node, refusing keys it does not know.
private struct SettingsReader {
    let node: ConfigValue
    let path: String

    init(_ node: ConfigValue, path: String, known: [String]) throws {
        guard case .dict(let entries) = node else {
            throw SweepError.badSweeperSetting(key: path, value: node.kindName, expected: "a mapping")
        }
        for key in entries.keys where !known.contains(key) {
            throw SweepError.badSweeperSetting(key: "\(path).\(key)", value: "set",
                                               expected: "one of the known keys (\(known.filter { $0 != "_target_" }.joined(separator: ", ")))")
        }
        self.node = node
        self.path = path
    }

    private func value(_ key: String) -> ConfigValue? {
        guard let value = node.child(key), !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else {
            throw SweepError.badSweeperSetting(key: "\(path).\(key)", value: value.kindName, expected: "a string")
        }
        return text
    }

    func int(_ key: String, atLeast minimum: Int) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard case .int(let number) = value, number >= minimum else {
            throw SweepError.badSweeperSetting(key: "\(path).\(key)", value: Self.text(value), expected: "an integer >= \(minimum)")
        }
        return number
    }

    /// An int >= 1, or `auto` / null (nil).
    func intOrAuto(_ key: String) throws -> Int? {
        if value(key)?.stringValue == "auto" { return nil }
        return try int(key, atLeast: 1)
    }

    func double(_ key: String) throws -> Double? {
        guard let value = value(key) else { return nil }
        switch value {
        case .int(let number): return Double(number)
        case .double(let number) where number.isFinite: return number
        default:
            throw SweepError.badSweeperSetting(key: "\(path).\(key)", value: Self.text(value), expected: "a finite number")
        }
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else {
            throw SweepError.badSweeperSetting(key: "\(path).\(key)", value: Self.text(value), expected: "true or false")
        }
        return flag
    }

    func seed() throws -> UInt64? {
        guard let value = value("seed") else { return nil }
        guard case .int(let number) = value, number >= 0 else {
            throw SweepError.badSweeperSetting(key: "\(path).seed", value: Self.text(value), expected: "an integer >= 0, or null")
        }
        return UInt64(number)
    }

    static func text(_ value: ConfigValue) -> String {
        switch value {
        case .int(let n): return String(n)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        case .string(let s): return s
        default: return value.kindName
        }
    }
}
