import Config
import Foundation

/// Lays a plan out on disk as Hydra 1.3 does: per job `.hydra/{config,overrides,hydra}.yaml`,
/// `logs/` and `checkpoints/`; `multirun.yaml` in the sweep directory. It never overwrites
/// an earlier sweep's runs: that needs `resume`, and then only the same command line resumes.
public struct RunDirectoryWriter {
    public static let multirunFile = "multirun.yaml"
    public static let hydraFolder = ".hydra"

    public init() {}

    /// Checks that the plan may be written (see the type's note), then writes what is missing.
    public func write(_ plan: SweepPlan, resume: Bool) throws {
        try checkReuse(plan, resume: resume)
        let files = FileManager.default
        if plan.mode == .multirun, let multirun = plan.multirunConfig {
            try makeDirectory(plan.directory)
            let file = plan.directory.appendingPathComponent(Self.multirunFile)
            if !files.fileExists(atPath: file.path) {
                try writeAtomically(multirun.yamlString(), to: file)
            }
        }
        for job in plan.jobs {
            try writeJob(job)
        }
    }

    /// Writes one job's run directory (a study's trial, planned as it is asked for); one
    /// already written is left as it is.
    public func writeJob(_ job: PlannedJob) throws {
        let hydra = job.runDirectory.appendingPathComponent(Self.hydraFolder)
        for folder in [hydra, job.runDirectory.appendingPathComponent("logs"),
                       job.runDirectory.appendingPathComponent("checkpoints")] {
            try makeDirectory(folder)
        }
        let config = hydra.appendingPathComponent("config.yaml")
        guard !FileManager.default.fileExists(atPath: config.path) else { return }
        try writeAtomically(ConfigValue.list(job.taskOverrides.map { .string($0) }).yamlString(),
                            to: hydra.appendingPathComponent("overrides.yaml"))
        try writeAtomically(job.hydraConfig.yamlString(), to: hydra.appendingPathComponent("hydra.yaml"))
        try writeAtomically(job.taskConfig.yamlString(), to: config)
    }

    /// Throws what `write` would refuse, writing nothing (a dry run says it too).
    public func checkReuse(_ plan: SweepPlan, resume: Bool) throws {
        let files = FileManager.default
        switch plan.mode {
        case .multirun:
            let record = plan.directory.appendingPathComponent(Self.multirunFile)
            let holdsRuns = files.fileExists(atPath: record.path) || plan.jobs.contains { Self.holdsRun($0.runDirectory) }
                || ((try? files.contentsOfDirectory(atPath: plan.directory.path)) ?? []).contains {
                    Self.holdsRun(plan.directory.appendingPathComponent($0))
                }
            if !resume {
                if holdsRuns {
                    let expName = plan.jobs.first?.taskConfig.value(at: ["exp_name"])?.stringValue ?? "my_sweep"
                    throw SweepError.sweepDirectoryInUse(path: plan.directory.path, expName: expName)
                }
                return
            }
            guard let text = try? String(contentsOf: record, encoding: .utf8),
                  let earlier = try? ConfigValue(yaml: text, file: record.path) else {
                throw SweepError.nothingToResume(path: plan.directory.path)
            }
            let earlierLines = (earlier.value(at: "hydra.overrides.task")?.listValue ?? []).compactMap(\.stringValue)
            if earlierLines != plan.commandLine {
                throw SweepError.resumeWithOtherOverrides(path: plan.directory.path, earlier: earlierLines,
                                                          now: plan.commandLine)
            }
        case .run:
            let directory = plan.directory
            if Self.holdsRun(directory) && !resume {
                throw SweepError.runDirectoryInUse(path: directory.path)
            }
            if resume && !Self.holdsRun(directory) {
                throw SweepError.nothingToResume(path: directory.path)
            }
        }
    }

    /// Whether `directory` holds a run (its `.hydra` folder).
    public static func holdsRun(_ directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(Self.hydraFolder).path)
    }

    private func makeDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw SweepError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }

    private func writeAtomically(_ text: String, to url: URL) throws {
        do {
            try AtomicFile.write(Data(text.utf8), to: url.path)
        } catch {
            throw SweepError.cannotWrite(path: url.path, reason: error.reason)
        }
    }
}
