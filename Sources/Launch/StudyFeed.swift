import Foundation
import Store
import Sweep

/// The sweep loop of a study, as a `JobFeed` for the local pool: asks the sweeper for trials as
/// slots free up, plans and writes each trial's run directory, reads intermediate values and
/// objectives from the store as jobs log them, tells the pruner each new report (in step order)
/// and stops the trials it prunes. The study and its trials are persisted in the store as they
/// change, so a killed sweep can be resumed (`StudyFeed.resume`).
public final class StudyFeed: JobFeed, @unchecked Sendable {
    public let settings: StudySettings
    public private(set) var study: Study
    public let studyID: Int64
    private var sweeper: any Sweeper
    private var pruner: any Pruner
    private let store: MetricsStore
    private let prepare: (TrialRecord) throws -> LaunchJob
    /// Per running trial: the run directory, and how many of its metric's reports were seen.
    private var runDirectories: [Int: URL] = [:]
    private var seenReports: [Int: Int] = [:]
    /// Trials to run again before any new one is asked (`--resume`: those that were running).
    private var rerun: [TrialRecord]
    /// Why the study stopped asking for trials early (the failure rate passed `max_failure_rate`).
    public private(set) var stopReason: String?
    /// One line per trial whose objective could not be read (for the end-of-sweep summary).
    public private(set) var warnings: [String] = []

    /// - Parameters:
    ///   - study: the study so far (empty for a new one; a resumed one's finished trials).
    ///   - rerun: trials of a resumed study to run again first, with their numbers.
    ///   - prepare: plans a trial's job and writes its run directory.
    public init(settings: StudySettings, study: Study, studyID: Int64, sweeper: any Sweeper, pruner: any Pruner,
                store: MetricsStore, rerun: [TrialRecord] = [], prepare: @escaping (TrialRecord) throws -> LaunchJob) throws {
        guard settings.metric != nil else { throw StudyError.noMetric }
        self.settings = settings
        self.study = study
        self.studyID = studyID
        self.sweeper = sweeper
        self.pruner = pruner
        self.store = store
        self.rerun = rerun
        self.prepare = prepare
    }

    public var expectedTotal: Int {
        sweeper.isDone(given: study) ? max(study.trials.count, 1) : max(settings.nTrials, study.trials.count)
    }

    /// `hydra.sweeper.n_jobs` slots; a launcher `n_jobs` set explicitly caps them.
    public func slots(launcherWorkers: Int?) -> Int {
        min(settings.nJobs, launcherWorkers ?? settings.nJobs)
    }

    public func next(_ count: Int) throws -> [LaunchJob] {
        var jobs: [LaunchJob] = []
        while jobs.count < count, !rerun.isEmpty {
            let trial = rerun.removeFirst()
            try store.restartTrial(study: studyID, number: trial.number)
            jobs.append(try start(trial))
        }
        guard jobs.count < count, stopReason == nil else { return jobs }
        let trials = try sweeper.ask(count - jobs.count, given: study)
        for trial in trials {
            study.add(trial)
            try store.addTrial(study: studyID, StoredTrial(number: trial.number, lines: trial.lines, point: trial.point))
            jobs.append(try start(trial))
        }
        return jobs
    }

    private func start(_ trial: TrialRecord) throws -> LaunchJob {
        let job = try prepare(trial)
        runDirectories[trial.number] = job.runDirectory
        seenReports[trial.number] = 0
        try store.setTrialRunDirectory(study: studyID, number: trial.number, runDir: store.storedPath(of: job.runDirectory))
        return job
    }

    public func poll(running: [LaunchJob]) throws -> [Int: JobStop] {
        var stops: [Int: JobStop] = [:]
        for job in running {
            guard study.trial(job.num)?.state == .running else { continue }
            if let stop = try readReports(of: job.num, deciding: true) { stops[job.num] = stop }
        }
        return stops
    }

    public func ended(_ result: JobResult) throws {
        let number = result.job.num
        guard let trial = study.trial(number) else { return }
        defer {
            runDirectories[number] = nil
            seenReports[number] = nil
        }
        if trial.state == .pruned { return }  // decided and stored when it was stopped
        switch result.state {
        case .completed:
            // Reports the last poll did not see go to the study too (no pruning decision: it has ended).
            _ = try readReports(of: number, deciding: false)
            guard let value = try objective(of: number) else {
                warnings.append("trial \(number): no value of '\(settings.metric!)' was logged; it counts as failed")
                study.fail(number)
                try store.finishTrial(study: studyID, number: number, state: TrialState.failed.rawValue, value: nil)
                break
            }
            study.complete(number, value: value)
            let finished = study.trial(number)!
            try store.finishTrial(study: studyID, number: number, state: finished.state.rawValue, value: finished.value)
            pruner.finished(number, in: study)
            try savePrunerState()
        case .interrupted, .queued, .running:
            // Left running in the store: `--resume` runs it again.
            return
        case .failed, .pruned:
            study.fail(number)
            try store.finishTrial(study: studyID, number: number, state: TrialState.failed.rawValue, value: nil)
        }
        checkFailureRate()
    }

    /// Reads the trial's metric reports not seen yet, records them, and (when `deciding`)
    /// asks the pruner after each one, in the order they were logged; returns how to stop it.
    private func readReports(of number: Int, deciding: Bool) throws -> JobStop? {
        guard let directory = runDirectories[number],
              let run = try store.run(storedPath: store.storedPath(of: directory)) else { return nil }
        let points = try store.metricHistory(ofRun: run.id, name: settings.metric)
        let seen = seenReports[number] ?? 0
        guard points.count > seen else { return nil }
        seenReports[number] = points.count
        for (index, point) in points.enumerated().dropFirst(seen) {
            let step = point.step ?? point.epoch ?? index
            study.report(number, step: step, value: point.value)
            try store.reportTrialValue(study: studyID, number: number, step: step, value: point.value)
            guard deciding else { continue }
            switch pruner.decide(number, in: study) {
            case .keep:
                continue
            case .prune:
                study.prune(number, at: step)
                try store.finishTrial(study: studyID, number: number, state: TrialState.pruned.rawValue, value: nil, prunedStep: step)
                try savePrunerState()
                checkFailureRate()
                return JobStop(state: .pruned, reason: "pruned at step \(step) (hydra/sweeper/pruner=\(settings.pruner.name))")
            case .finish:
                try savePrunerState()
                return JobStop(state: .completed, reason: "reached the pruner's budget at step \(step)")
            }
        }
        return nil
    }

    /// The trial's objective from its metric's values (pruned trials' later values excluded):
    /// its last value, or its best one in the study's direction.
    private func objective(of number: Int) throws -> Double? {
        guard let directory = runDirectories[number],
              let run = try store.run(storedPath: store.storedPath(of: directory)) else { return nil }
        let values = try store.metricHistory(ofRun: run.id, name: settings.metric).map(\.value)
        switch settings.objective {
        case .last:
            return values.last
        case .best:
            if values.contains(where: \.isNaN) { return .nan }
            return study.direction == .minimize ? values.min() : values.max()
        }
    }

    private func checkFailureRate() {
        guard stopReason == nil, study.failureRate > settings.maxFailureRate else { return }
        let failed = study.trials.filter { $0.state == .failed }.count
        let finished = study.trials.filter(\.state.isFinished).count
        stopReason = "\(failed) of \(finished) finished trial(s) failed, more than hydra.sweeper.max_failure_rate="
            + "\(settings.maxFailureRate) allows; no more trials were started (raise max_failure_rate to go on despite failures)"
    }

    private func savePrunerState() throws {
        guard let encodable = pruner as? any (Pruner & Encodable) else { return }
        try store.savePrunerState(study: studyID, try PrunerState.encode(encodable))
    }
}

/// What stops a study from starting.
public enum StudyError: Error, Equatable, LocalizedError {
    case noMetric
    case studyExists(name: String)
    case needsStore(reason: String)
    case launcherUnsupported(name: String)

    public var errorDescription: String? {
        switch self {
        case .noMetric:
            return "hydra.sweeper.metric is not set: name the metric a trial's objective is read from (its metrics.jsonl key), "
                + "e.g. hydra.sweeper.metric=val/loss"
        case let .studyExists(name):
            return "The results database already holds a study named '\(name)'. Add --resume to continue it, "
                + "or choose another name with hydra.sweeper.study_name=\(name)_2."
        case let .needsStore(reason):
            return "A study keeps its trials in the results database, which cannot be opened: \(reason). "
                + "Set ABLATE_DB to a writable path."
        case let .launcherUnsupported(name):
            return "hydra/sweeper=optuna runs its trials on the local launcher only for now, not '\(name)'; "
                + "use hydra/launcher=local (or the basic sweeper with \(name))."
        }
    }
}
