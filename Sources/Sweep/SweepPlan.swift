import Config
import Foundation

/// One job of a run or sweep, composed and resolved, with its run directory.
public struct PlannedJob: Sendable {
    /// `hydra.job.num`, from 0.
    public let num: Int
    /// The job's override lines, as Hydra's basic sweeper hands them to the job (those that set
    /// the `hydra` node included; `.hydra/overrides.yaml` holds the others, `hydra.overrides.task`).
    public let overrides: [String]
    /// The job's run directory (absolute).
    public let runDirectory: URL
    /// The resolved task config (no `hydra` node): `.hydra/config.yaml`.
    public let taskConfig: ConfigValue
    /// The resolved `hydra` node (under a `hydra` key): `.hydra/hydra.yaml`. The orchestration
    /// settings live here: `hydra.launcher`, `hydra.task`.
    public let hydraConfig: ConfigValue

    /// The job's own overrides (`hydra.overrides.task`): what `.hydra/overrides.yaml` holds and
    /// what a program that composes its own config is given.
    public var taskOverrides: [String] {
        (hydraConfig.value(at: "hydra.overrides.task")?.listValue ?? []).compactMap(\.stringValue)
    }
}

/// Everything a launcher needs: the jobs, where they go, and the sweep's own record.
public struct SweepPlan: Sendable {
    public enum Mode: Sendable, Equatable {
        case run
        case multirun
    }

    public let mode: Mode
    /// The sweep directory (multirun) or the single run's directory (run).
    public let directory: URL
    public let jobs: [PlannedJob]
    /// `multirun.yaml`: the config composed without the sweep values; job fields `???`.
    public let multirunConfig: ConfigValue?
    /// The command line's override lines, as typed.
    public let commandLine: [String]
    /// A single run whose directory carries the time (`${now:...}`): a run of the same second
    /// already there is not this one's to resume, so this one takes the next free name.
    public var timestampedRun = false
    /// The composed `hydra.launcher` node of the first job (the same for all: it cannot be swept).
    public var launcherConfig: ConfigValue? { jobs.first?.hydraConfig.value(at: "hydra.launcher") }
}

/// A sweep before its jobs: where it goes and what its sweeper sweeps over (`SweepPlanner.multirunBase`).
public struct MultirunBase: Sendable {
    /// The sweep directory.
    public let directory: URL
    /// `multirun.yaml`.
    public let multirunConfig: ConfigValue
    /// The command line's override lines, as typed.
    public let commandLine: [String]
    /// `hydra.sweeper.params` as overrides, then the command line's overrides.
    public let sweepOverrides: [Override]
    /// The composed, resolved `hydra.sweeper` node.
    public let sweeper: ConfigValue?

    /// The plan of `jobs` in this sweep.
    public func plan(jobs: [PlannedJob]) -> SweepPlan {
        SweepPlan(mode: .multirun, directory: directory, jobs: jobs, multirunConfig: multirunConfig, commandLine: commandLine)
    }
}
