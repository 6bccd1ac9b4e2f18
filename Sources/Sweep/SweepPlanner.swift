import Config
import Foundation

/// Turns a command line into a `SweepPlan`: every job composed, resolved and placed before
/// any job starts, so one bad job stops the sweep before anything runs.
public struct SweepPlanner: Sendable {
    public let composer: Composer
    public let configName: String
    public let workingDirectory: URL
    /// One clock for the whole plan: every `${now:...}` in every job sees the same time.
    public let now: Date
    public let environment: [String: String]

    public init(composer: Composer, configName: String = "train",
                workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                now: Date = Date(), environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.composer = composer
        self.configName = configName
        self.workingDirectory = workingDirectory
        self.now = now
        self.environment = environment
    }

    private var resolvers: Resolvers { Resolvers.standard(now: now, environment: environment) }

    /// Plans a sweep (`-m`): the basic sweeper's jobs over `hydra.sweeper.params` and the command line.
    public func planMultirun(_ commandLine: [Override]) throws -> SweepPlan {
        try planMultirun(try multirunBase(commandLine))
    }

    /// Plans the basic sweeper's jobs of a composed sweep base.
    public func planMultirun(_ base: MultirunBase) throws -> SweepPlan {
        let jobLines = try SweepExpansion.jobOverrides(base.sweepOverrides) { composer.options(in: $0) }

        var jobs: [PlannedJob] = []
        jobs.reserveCapacity(jobLines.count)
        var seen: [String: Int] = [:]
        for (num, lines) in jobLines.enumerated() {
            let job = try planSweepJob(num: num, lines: lines, in: base)
            if let earlier = seen[job.runDirectory.path] {
                throw SweepError.jobFailedToCompose(num: num, overrides: lines,
                    reason: "its run directory is the same as job #\(earlier)'s ('\(job.runDirectory.path)'); "
                        + "check hydra.job.config.override_dirname.exclude_keys and hydra.sweep.subdir.")
            }
            seen[job.runDirectory.path] = num
            jobs.append(job)
        }
        return base.plan(jobs: jobs)
    }

    /// What every job of a sweep shares, composed before any job: the sweep directory,
    /// `multirun.yaml`, the `hydra.sweeper` node (which sweeper asks for the jobs) and the
    /// overrides it sweeps over (`hydra.sweeper.params`, then the command line).
    public func multirunBase(_ commandLine: [Override]) throws -> MultirunBase {
        let base = try composer.compose(configName: configName, overrides: commandLine.filter { !$0.isSweep },
                                        runtime: runtime(.multirun, job: nil, outputDir: nil))
        var multirun = base.config
        multirun.set(.list(commandLine.map { .string($0.inputLine) }), at: ["hydra", "overrides", "task"])
        let sweepDirectory = try place("hydra.sweep.dir", in: multirun, under: workingDirectory)
        let paramLines = try SweepExpansion.configParamLines(base.config.value(at: "hydra.sweeper.params"))
        let configParams = try OverrideParser.parse(paramLines)
        // As typed: a --resume compares them with its own command line.
        let resolved = try resolvedKeepingOverrides(multirun)
        return MultirunBase(directory: sweepDirectory, multirunConfig: resolved,
                            commandLine: commandLine.map(\.inputLine), sweepOverrides: configParams + commandLine,
                            sweeper: resolved.value(at: "hydra.sweeper"))
    }

    /// `config` with its interpolations resolved, except the override lines (`hydra.overrides`),
    /// kept as the sweeper made them, as Hydra writes them to overrides.yaml and hands them to
    /// a job: `+x='${a}'` is not `+x='1'`.
    private func resolvedKeepingOverrides(_ config: ConfigValue) throws -> ConfigValue {
        var resolved = try config.resolved(with: resolvers, keepMissing: true)
        if let lines = config.value(at: "hydra.overrides") { resolved.set(lines, at: ["hydra", "overrides"]) }
        return resolved
    }

    /// Composes job `num` of a sweep from its override lines, placed in `hydra.sweep.subdir` under
    /// the job's own `hydra.sweep.dir`, as Hydra places it: that is the sweep's directory unless
    /// the path holds a swept key (`sweeps/${task}` with `task=a,b` puts job 0 in `sweeps/a/0`,
    /// job 1 in `sweeps/b/1`; `multirun.yaml` stays in the directory composed without sweep values).
    public func planSweepJob(num: Int, lines: [String], in base: MultirunBase) throws -> PlannedJob {
        try planJob(num: num, lines: lines, mode: .multirun) { config in
            let sweepDirectory = try place("hydra.sweep.dir", in: config, under: workingDirectory)
            return try place("hydra.sweep.subdir", in: config, under: sweepDirectory, capped: true)
        }
    }

    /// Plans a single run (no `-m`): one job in `hydra.run.dir`. When that path carries the time
    /// (`${now:...}`, Hydra's default) and already holds a run, or is one of `avoiding` (taken by
    /// a run started in the same second), the run goes to the first free `<dir>_1`, `<dir>_2`, ...
    public func planRun(_ commandLine: [Override], avoiding: [URL] = []) throws -> SweepPlan {
        let lines = commandLine.map { $0.inputLine }
        var directory: URL?
        var timestamped = false
        let job = try planJob(num: 0, lines: lines, mode: .run) { config in
            let template = try config.resolvedTemplate(at: ConfigPath(dotted: "hydra.run.dir"), with: resolvers)
            timestamped = template.pieces.contains { $0.interpolation?.contains("now:") == true }
            var placed = try place("hydra.run.dir", in: config, under: workingDirectory)
            if timestamped {
                let base = placed.path
                var suffix = 0
                while avoiding.contains(placed) || RunDirectoryWriter.holdsRun(placed) {
                    suffix += 1
                    placed = URL(fileURLWithPath: "\(base)_\(suffix)")
                }
            }
            directory = placed
            return placed
        }
        var plan = SweepPlan(mode: .run, directory: directory ?? job.runDirectory, jobs: [job], multirunConfig: nil,
                             commandLine: lines)
        plan.timestampedRun = timestamped
        return plan
    }

    private func planJob(num: Int, lines: [String], mode: RuntimeContext.Mode,
                         directory: (ConfigValue) throws -> URL) throws -> PlannedJob {
        do {
            let overrides = try OverrideParser.parse(lines)
            var composition = try composer.compose(configName: configName, overrides: overrides,
                                                   runtime: runtime(mode, job: num, outputDir: nil))
            let dirname = composition.config.value(at: "hydra.job.override_dirname")?.stringValue ?? ""
            composition.config.set(.string(RunDirectoryName.flattened(dirname)),
                                   at: ["hydra", "job", "override_dirname"])
            let runDirectory = try directory(composition.config)
            composition.config.set(.string(runDirectory.path), at: ["hydra", "runtime", "output_dir"])
            let resolved = try resolvedKeepingOverrides(composition.config)
            var task = resolved
            let hydra = task.remove(at: ["hydra"]) ?? .dict([:])
            return PlannedJob(num: num, overrides: lines, runDirectory: runDirectory,
                              taskConfig: task, hydraConfig: .dict(["hydra": hydra]))
        } catch let error as SweepError {
            throw error
        } catch {
            guard mode == .multirun else { throw error }
            let reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            throw SweepError.jobFailedToCompose(num: num, overrides: lines, reason: reason)
        }
    }

    private func runtime(_ mode: RuntimeContext.Mode, job: Int?, outputDir: String?) -> RuntimeContext {
        RuntimeContext(mode: mode == .run ? .run : .multirun, jobNumber: mode == .run ? 0 : job,
                       jobID: job.map { String($0) }, outputDir: outputDir, jobName: configName,
                       workingDirectory: workingDirectory.path)
    }

    /// The path at `key` (relative to `base` unless absolute), as an absolute URL. The path the
    /// user wrote is theirs to choose, anywhere (a cluster's scratch filesystem); a value
    /// substituted into it (`exp_name=../../etc`, `exp_name=/etc`) may not move it: one that
    /// climbs out with `..`, or is absolute anywhere but at the start, is refused.
    private func place(_ key: String, in config: ConfigValue, under base: URL, capped: Bool = false) throws -> URL {
        let template = try config.resolvedTemplate(at: ConfigPath(dotted: key), with: resolvers)
        let path = capped ? RunDirectoryName.cappedPath(template.text) : template.text
        guard !path.isEmpty else {
            throw ConfigError.override("\(key) must be a non-empty path, but it is empty.")
        }
        for (position, piece) in template.pieces.enumerated() {
            guard let interpolation = piece.interpolation else { continue }
            if piece.text.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
                throw SweepError.unsafePathValue(key: key, interpolation: interpolation, value: piece.text,
                                                 problem: "climbs out with '..'")
            }
            if position > 0 && piece.text.hasPrefix("/") {
                throw SweepError.unsafePathValue(key: key, interpolation: interpolation, value: piece.text,
                                                 problem: "is an absolute path")
            }
        }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
        return OutputsRoot.canonical(url)
    }
}
