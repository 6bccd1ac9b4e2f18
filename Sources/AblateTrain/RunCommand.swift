import Config
import Foundation
import Launch
import Store
import Sweep

/// Runs the job(s) a command line asks for; returns the process exit code
/// (0 all succeeded, 1 some job failed, 2 usage/config error, 130 interrupted).
///
/// Without `-m` the config is one job in `hydra.run.dir` (default
/// `outputs/${exp_name}/${now:%Y-%m-%d_%H-%M-%S}`); with `-m`, one job per combination of the
/// sweep overrides in `hydra.sweep.dir`/`hydra.sweep.subdir` (`outputs/${exp_name}/N_k=v,...`).
/// Either way every job is composed and its run directory written before any starts, and the
/// jobs run through the launcher `launcher.name` selects (`local`, the default).
func runJobs(_ request: JobRequest) throws -> Int32 {
    let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let environment = ProcessInfo.processInfo.environment
    let outputsRoot = OutputsRoot.fromEnvironment(environment, workingDirectory: workingDirectory)
    let planner = SweepPlanner(composer: request.composer, configName: request.configName,
                               workingDirectory: workingDirectory)
    let base = request.multirun ? try planner.multirunBase(request.overrides) : nil
    if let base, case .optuna(let settings) = try SweeperChoice(sweeper: base.sweeper) {
        return try runStudy(request, settings: settings, base: base, planner: planner, outputsRoot: outputsRoot,
                            environment: environment)
    }
    var plan = try base.map { try planner.planMultirun($0) } ?? planner.planRun(request.overrides)
    let choice = try LauncherChoice(launcher: plan.launcherConfig)
    // A dry run lists the jobs whatever their task (a task is needed only to run them).
    func launchJobs(_ plan: SweepPlan) throws -> [LaunchJob] {
        try plan.jobs.map {
            LaunchJob(num: $0.num, runDirectory: $0.runDirectory, overrides: $0.taskOverrides,
                      task: request.dryRun ? nil : try task(of: $0, in: plan))
        }
    }
    var jobs = try launchJobs(plan)
    if request.dryRun {
        var text = request.json ? DryRun.json(plan, workingDirectory: workingDirectory) + "\n"
                                : DryRun.text(plan, workingDirectory: workingDirectory)
        if case .slurm(let settings) = choice, !request.json {
            let launcher = slurmLauncher(settings, plan: plan, environment: environment, workingDirectory: workingDirectory,
                                         ingestor: nil, quiet: true)
            text += "\n" + launcher.submission(for: jobs).dryRunText
        }
        Console.out(text)
        // What the real run would refuse, the dry run refuses too (exit 2), after listing the jobs:
        // an empty sweep, a directory a live launcher holds, an earlier sweep there, a --resume of another command line.
        guard !plan.jobs.isEmpty else { throw LaunchError.emptySweep }
        if let holder = SweepDirectoryLock.holder(of: plan.directory) {
            throw LaunchError.sweepInUse(directory: plan.directory.path, holder: SweepDirectoryLock.describe(holder))
        }
        try RunDirectoryWriter().checkReuse(plan, resume: request.resume)
        return 0
    }
    if request.detach, case .local = choice {
        throw LaunchError.invalidSetting(key: "--detach", reason: "the local launcher runs jobs as children of train; drop --detach (run train under nohup or tmux to keep it going), or use launcher=slurm")
    }
    if case .slurm(let settings) = choice {
        // A refusal (unknown partition, too much memory) is reported before any run directory exists.
        try slurmLauncher(settings, plan: plan, environment: environment, workingDirectory: workingDirectory,
                          ingestor: nil, quiet: true).check(jobs)
    }
    guard !plan.jobs.isEmpty else { throw LaunchError.emptySweep }
    // One launcher per sweep directory, from before its first file is written to the end.
    var lock: SweepDirectoryLock
    var taken: [URL] = []
    while true {
        do {
            lock = try SweepDirectoryLock(directory: plan.directory)
            try RunDirectoryWriter().write(plan, resume: request.resume)
            break
        } catch let error where plan.timestampedRun && !request.resume && taken.count < 100 && isTaken(error) {
            // A single run started in the same second took this directory first: take the next name.
            taken.append(plan.directory)
            plan = try planner.planRun(request.overrides, avoiding: taken)
            jobs = try launchJobs(plan)
        }
    }
    defer { withExtendedLifetime(lock) {} }
    if request.resume {
        // A resumed job keeps the config its run directory holds (the writer leaves it as it
        // was), so its task comes from there too; one that does not read is the worker's to report.
        for index in jobs.indices { jobs[index].task = try? WorkerTask.load(runDirectory: jobs[index].runDirectory) }
    }
    // With --resume, a job whose process outlived its launcher is refused here, before anything starts.
    let sweep = try SweepLaunch(jobs: jobs, resume: request.resume, resumable: request.multirun)

    let worker = LocalLauncher.defaultWorkerExecutable(environment: environment)
    guard FileManager.default.isExecutableFile(atPath: worker.path) else {
        throw LaunchError.spawnFailed(program: worker.path, runDirectory: plan.directory.path,
                                      reason: "train-worker is missing; build it with `swift build -c release` (scripts/train does)")
    }

    switch choice {
    case .local(let settings):
        let (ingestor, report) = LiveReportIngestor.wrap(openStore(outputsRoot: outputsRoot, environment: environment), plan: plan)
        defer { report?.finish().map { Console.err($0 + "\n") } }
        let launcher = LocalLauncher(settings: settings, workerExecutable: worker, environment: environment,
                                     ingestor: ingestor,
                                     progress: request.json ? .quiet : .automatic(environment: environment))
        // A single run's directory carries the time by default, so only sweeps suggest --resume.
        return try sweep.run(with: launcher)
    case .slurm(let settings):
        let store = openStore(outputsRoot: outputsRoot, environment: environment)
        if request.detach || !settings.wait {
            return try sweep.submit(with: slurmLauncher(settings, plan: plan, environment: environment,
                                                        workingDirectory: workingDirectory, ingestor: store, quiet: request.json))
        }
        let (ingestor, report) = LiveReportIngestor.wrap(store, plan: plan)
        defer { report?.finish().map { Console.err($0 + "\n") } }
        let launcher = slurmLauncher(settings, plan: plan, environment: environment, workingDirectory: workingDirectory,
                                     ingestor: ingestor, quiet: request.json)
        return try sweep.run(with: launcher)
    }
}

/// Whether `error` says the planned directory is another run's (held by its launcher, or holding its files).
private func isTaken(_ error: Error) -> Bool {
    switch error {
    case LaunchError.sweepInUse, SweepError.runDirectoryInUse: return true
    default: return false
    }
}

/// A study (`hydra/sweeper=optuna`): trials asked as slots free up, on the local launcher.
private func runStudy(_ request: JobRequest, settings: StudySettings, base: MultirunBase, planner: SweepPlanner,
                      outputsRoot: OutputsRoot, environment: [String: String]) throws -> Int32 {
    let sweep = StudySweep(settings: settings, base: base, planner: planner, resume: request.resume) { job in
        request.dryRun ? nil : try task(of: job, in: base.plan(jobs: [job]))
    }
    if request.dryRun {
        try RunDirectoryWriter().checkReuse(base.plan(jobs: []), resume: request.resume)
        Console.out(try sweep.dryRunText())
        return 0
    }
    guard settings.metric != nil else { throw StudyError.noMetric }
    if request.detach {
        throw LaunchError.invalidSetting(key: "--detach", reason: "a study runs its trials as children of train; drop --detach (run train under nohup or tmux to keep it going)")
    }
    let settingsOfLauncher: LocalLauncherSettings
    switch try LauncherChoice(launcher: base.multirunConfig.value(at: "hydra.launcher")) {
    case .local(let local): settingsOfLauncher = local
    case .slurm: throw StudyError.launcherUnsupported(name: "slurm")
    }
    // One launcher per study directory, as for any sweep.
    let lock = try SweepDirectoryLock(directory: base.directory)
    defer { withExtendedLifetime(lock) {} }
    let worker = LocalLauncher.defaultWorkerExecutable(environment: environment)
    let path = MetricsStore.databasePath(option: nil, environment: environment, root: outputsRoot.url.path).path
    let store: MetricsStore
    do {
        store = try MetricsStore(path: path, outputsRoot: outputsRoot.url)
    } catch {
        throw StudyError.needsStore(reason: (error as? LocalizedError)?.errorDescription ?? "\(error)")
    }
    let launcher = LocalLauncher(settings: settingsOfLauncher, workerExecutable: worker, environment: environment, ingestor: store,
                                 progress: request.json ? .quiet : .automatic(environment: environment))
    return try sweep.run(with: launcher, store: store)
}

/// What `job` runs, checked before any job starts: a sweep whose task is unusable starts nothing.
private func task(of job: PlannedJob, in plan: SweepPlan) throws -> WorkerTask {
    do {
        guard let node = job.hydraConfig.value(at: "hydra.task"), node.dictValue != nil else {
            throw LaunchError.invalidSetting(key: "hydra.task", reason: "missing; choose task=train, or give a program with task.command=[python3,train.py]")
        }
        return try WorkerTask.decode(node, file: "the composed config")
    } catch {
        guard plan.mode == .multirun else { throw error }
        let reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        throw SweepError.jobFailedToCompose(num: job.num, overrides: job.overrides, reason: reason)
    }
}

/// The Slurm launcher for `plan`: its array is named after `exp_name` and runs the
/// `train-worker` next to `train` (ABLATE_WORKER names another).
private func slurmLauncher(_ settings: SlurmLauncherSettings, plan: SweepPlan, environment: [String: String],
                           workingDirectory: URL, ingestor: RunIngestor?, quiet: Bool) -> SlurmLauncher {
    let name = plan.jobs.first?.taskConfig.value(at: ["exp_name"])?.stringValue ?? plan.directory.lastPathComponent
    return SlurmLauncher(
        settings: settings, sweepDirectory: plan.directory, jobName: name,
        workerExecutable: LocalLauncher.defaultWorkerExecutable(environment: environment),
        cluster: SlurmCluster(commands: SlurmCommands(environment: environment, workingDirectory: workingDirectory)),
        ingestor: ingestor, progress: quiet ? .quiet : .automatic(environment: environment))
}

/// The results database the launcher ingests into while the jobs run (ABLATE_DB, else
/// `<outputs root>/ablate.sqlite`). If it cannot be opened the jobs still run: the run
/// directories hold everything, and collect_results ingests them later.
private func openStore(outputsRoot: OutputsRoot, environment: [String: String]) -> RunIngestor? {
    let path = MetricsStore.databasePath(option: nil, environment: environment, root: outputsRoot.url.path).path
    do {
        return try MetricsStore(path: path, outputsRoot: outputsRoot.url)
    } catch {
        let reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        Console.err("warning: results database not updated while running: \(reason)\n")
        return nil
    }
}
