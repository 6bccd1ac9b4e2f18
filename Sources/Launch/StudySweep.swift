import Config
import Foundation
import Store
import Sweep

/// A multirun run as a study (`hydra/sweeper=optuna`): opens or resumes the study in the store,
/// runs its trials through the local pool with `hydra.sweeper.n_jobs` slots (`StudyFeed`), and
/// writes `optimization_results.yaml` in the sweep directory. Returns the process exit code
/// (0 the study ran, 1 a trial failed or the failure rate stopped it, 130 interrupted).
public struct StudySweep {
    public let settings: StudySettings
    public let base: MultirunBase
    public let planner: SweepPlanner
    public let resume: Bool
    /// A trial job's task, checked as its run directory is written.
    public let task: (PlannedJob) throws -> WorkerTask?

    public static let resultsFile = "optimization_results.yaml"

    public init(settings: StudySettings, base: MultirunBase, planner: SweepPlanner, resume: Bool,
                task: @escaping (PlannedJob) throws -> WorkerTask?) {
        self.settings = settings
        self.base = base
        self.planner = planner
        self.resume = resume
        self.task = task
    }

    /// The study's name: `hydra.sweeper.study_name`, else the sweep directory's name.
    public var studyName: String { settings.studyName ?? base.directory.lastPathComponent }

    /// The search space of a sampling sweep (the grid's overrides need none).
    public func searchSpace() throws -> SearchSpace {
        try SearchSpace(base.sweepOverrides) { planner.composer.options(in: $0) }
    }

    /// What `--dry-run` prints: the study's settings and its search space, one dimension a line.
    public func dryRunText() throws -> String {
        var lines = ["study '\(studyName)' in \(base.directory.path): \(settings.nTrials) trial(s), "
            + "\(settings.nJobs) at a time, sampler \(settings.sampler.name)"
            + (settings.seed.map { " (seed \($0))" } ?? "") + ", pruner \(settings.pruner.name)",
            "objective: the \(settings.objective.rawValue) value of \(settings.metric ?? "(hydra.sweeper.metric not set)") (\(settings.direction.rawValue))"]
        if case .grid = settings.sampler {
            let jobs = try GridSweeper(base.sweepOverrides) { planner.composer.options(in: $0) }.jobs
            lines.append("grid: \(jobs.count) combination(s), the first \(min(jobs.count, settings.nTrials)) run")
        } else {
            for entry in try searchSpace().dimensions {
                lines.append("  \(entry.key): \(Self.describe(entry.distribution!))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func run(with launcher: LocalLauncher, store: MetricsStore) throws -> Int32 {
        let name = studyName
        if !resume, try store.loadStudy(name: name) != nil { throw StudyError.studyExists(name: name) }
        let space: SearchSpace? = settings.sampler == .grid ? nil : try searchSpace()
        // Refusals (a sweep directory in use, a resume with other overrides) come before the study is touched.
        try RunDirectoryWriter().write(base.plan(jobs: []), resume: resume)
        let stored = try store.openStudy(name: name, direction: settings.direction.rawValue,
                                         sweepDir: store.storedPath(of: base.directory), settings: settings.fingerprint)
        var study = Study(name: name, direction: settings.direction)
        var rerun: [TrialRecord] = []
        for trial in stored.trials {
            let record = TrialRecord(number: trial.number, point: trial.point, lines: trial.lines,
                                     state: TrialState(rawValue: trial.state) ?? .failed, value: trial.value,
                                     intermediateValues: trial.state == "running" ? [:] : trial.intermediateValues)
            study.add(record)
            if record.state == .running { rerun.append(record) }
        }
        if resume {
            let finished = stored.trials.count - rerun.count
            print("resuming study '\(name)': \(finished) trial(s) finished, \(rerun.count) to run again, "
                + "\(max(0, settings.nTrials - stored.trials.count)) new")
        }
        // A resumed sampler is seeded from the seed and the trials already asked, so it does not
        // repeat the first trials' draws.
        let seed = settings.seed.map { $0 &+ UInt64(stored.trials.count) &* 0x9E37_79B9_7F4A_7C15 }
        let sweeper: any Sweeper
        switch settings.sampler {
        case let .tpe(tpe):
            sweeper = SamplingSweeper(space: space!, nTrials: settings.nTrials, sampler: TPESampler(seed: seed, settings: tpe))
        case .random:
            sweeper = SamplingSweeper(space: space!, nTrials: settings.nTrials, sampler: RandomSampler(seed: seed))
        case .grid:
            let all = try GridSweeper(base.sweepOverrides) { planner.composer.options(in: $0) }.jobs
            sweeper = GridSweeper(jobs: Array(all.prefix(settings.nTrials)))
        }
        let pruner = try restoredPruner(stored.prunerState)
        let jobPlanner = self.planner, sweepBase = self.base, jobTask = self.task
        let feed = try StudyFeed(settings: settings, study: study, studyID: stored.id, sweeper: sweeper, pruner: pruner,
                                 store: store, rerun: rerun) { trial in
            let job = try jobPlanner.planSweepJob(num: trial.number, lines: trial.lines, in: sweepBase)
            let task = try jobTask(job)
            try RunDirectoryWriter().writeJob(job)
            return LaunchJob(num: job.num, runDirectory: job.runDirectory, overrides: job.taskOverrides, task: task)
        }
        let results = try launcher.launchAndWait(feed: feed)
        try writeResults(feed.study)

        let summary = LaunchSummary(results: results, skippedLines: LaunchSummary.skippedLines(of: results, in: store))
        var text = summary.text(resumeHint: true) + "\n"
        for warning in feed.warnings { text += "warning: \(warning)\n" }
        if let best = feed.study.bestTrial, let value = best.value {
            text += "best trial \(best.number): \(settings.metric!)=\(value) (\(sweptLines(of: best).joined(separator: " ")))\n"
            text += "results: \(base.directory.appendingPathComponent(Self.resultsFile).path)\n"
        } else {
            text += "no trial completed with a value of \(settings.metric!)\n"
        }
        if let reason = feed.stopReason { text += "study stopped: \(reason)\n" }
        let code: Int32 = summary.exitCode != 0 ? summary.exitCode : (feed.stopReason != nil ? 1 : 0)
        FileHandle(fileDescriptor: code == 0 ? 1 : 2).write(Data(text.utf8))
        return code
    }

    /// The pruner the settings describe, with the state a resumed study saved.
    private func restoredPruner(_ state: String?) throws -> any Pruner {
        let fresh = try settings.pruner.makePruner(seed: settings.seed)
        guard let state else { return fresh }
        func restore<P: Pruner & Decodable>(_ type: P.Type) throws -> any Pruner { try PrunerState.decode(type, from: state) }
        switch fresh {
        case is PercentilePruner: return try restore(PercentilePruner.self)
        case is SuccessiveHalvingPruner: return try restore(SuccessiveHalvingPruner.self)
        case is HyperbandPruner: return try restore(HyperbandPruner.self)
        case is ASHAPruner: return try restore(ASHAPruner.self)
        default: return fresh
        }
    }

    /// `optimization_results.yaml`, as Hydra's Optuna sweeper writes it: `name: optuna`, the
    /// best trial's swept values (`best_params`) and its objective (`best_value`).
    func writeResults(_ study: Study) throws {
        guard let best = study.bestTrial, let value = best.value else { return }
        var params = ConfigValue.dict([:])
        for line in sweptLines(of: best) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]), text = String(line[line.index(after: equals)...])
            _ = params.set((try? ConfigValue(yaml: text, file: "<trial value>")) ?? .string(text), at: [key])
        }
        var results = ConfigValue.dict([:])
        _ = results.set(.string("optuna"), at: ["name"])
        _ = results.set(params, at: ["best_params"])
        _ = results.set(.double(value), at: ["best_value"])
        let url = base.directory.appendingPathComponent(Self.resultsFile)
        do {
            try AtomicFile.write(Data(results.yamlString().utf8), to: url.path)
        } catch {
            throw SweepError.cannotWrite(path: url.path, reason: error.reason)
        }
    }

    /// A trial's lines of the swept keys (its parameters), in order.
    func sweptLines(of trial: TrialRecord) -> [String] {
        let swept = Set(base.sweepOverrides.filter(\.isSweep).map(\.keyElement))
        return trial.lines.filter { line in line.firstIndex(of: "=").map { swept.contains(String(line[..<$0])) } ?? false }
    }

    static func describe(_ distribution: SearchDistribution) -> String {
        func text(_ x: Double) -> String { ParsedElement.double(x).hydraString }
        switch distribution {
        case let .categorical(values): return "categorical " + values.map(\.hydraString).joined(separator: ", ")
        case let .ordinal(values): return "ordered " + values.map(\.hydraString).joined(separator: ", ")
        case let .float(low, high, log): return "float in [\(text(low)), \(text(high))]" + (log ? ", log scale" : "")
        case let .int(low, high, log): return "int in [\(low), \(high)]" + (log ? ", log scale" : "")
        }
    }
}

