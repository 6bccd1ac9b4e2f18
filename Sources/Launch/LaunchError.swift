import Foundation

/// Errors of the Launch target: each says what, where, and how to fix it, on one line.
public enum LaunchError: Error, Equatable, LocalizedError {
    /// A `launcher.*` or `task.*` setting has the wrong type or value.
    case invalidSetting(key: String, reason: String)
    /// An unknown key under `launcher` or `task`.
    case unknownSetting(key: String, known: [String])
    case unreadableStatus(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    /// A process could not be started at all.
    case spawnFailed(program: String, runDirectory: String, reason: String)
    /// The worker found no usable config in its run directory.
    case unreadableRunConfig(path: String, reason: String)
    /// The task in the config cannot be run by this build.
    case unsupportedTask(name: String, runDirectory: String, reason: String)
    case systemCall(name: String, reason: String)
    /// Slurm's client tools are missing or the controller cannot be reached.
    case slurmUnavailable(reason: String)
    /// sbatch refused the array.
    case submissionFailed(sweepDirectory: String, message: String)
    /// squeue, scontrol, sacct or scancel failed.
    case slurmQueryFailed(command: String, message: String)
    /// An earlier array of the same sweep still has tasks queued or running.
    case sweepStillRunning(jobID: String, sweepDirectory: String, tasks: Int)
    /// Another launcher holds the sweep directory's lock.
    case sweepInUse(directory: String, holder: String)
    /// `--resume` found a job whose recorded process still runs on this host.
    case jobStillRunning(num: Int, runDirectory: String, pid: Int)
    /// A sweep with no jobs (an empty `choice()` or `range`).
    case emptySweep

    public var errorDescription: String? {
        switch self {
        case .invalidSetting(let key, let reason):
            return "Invalid value for '\(key)': \(reason)."
        case .unknownSetting(let key, let known):
            return "Unknown setting '\(key)'. Known keys: \(known.joined(separator: ", "))."
        case .unreadableStatus(let path, let reason):
            return "Cannot read \(path): \(reason). Delete the file to treat the job as never run."
        case .cannotWrite(let path, let reason):
            return "Cannot write \(path): \(reason)."
        case .cannotOpen(let path, let reason):
            return "Cannot open \(path): \(reason)."
        case .spawnFailed(let program, let runDirectory, let reason):
            return "Cannot start '\(program)' for run \(runDirectory): \(reason)."
        case .unreadableRunConfig(let path, let reason):
            return "Cannot read the run's config \(path): \(reason). Run jobs through `train`, which writes it."
        case .unsupportedTask(let name, let runDirectory, let reason):
            return "Cannot run task '\(name)' in \(runDirectory): \(reason)."
        case .systemCall(let name, let reason):
            return "\(name) failed: \(reason)."
        case .slurmUnavailable(let reason):
            return "Slurm is not available: \(reason)."
        case .submissionFailed(let sweepDirectory, let message):
            return "sbatch refused the job array for \(sweepDirectory): \(message). Check the launcher.* "
                + "settings (hydra.launcher.*; `train --cfg hydra hydra/launcher=slurm` shows them, --dry-run the script) and run again."
        case .slurmQueryFailed(let command, let message):
            return "`\(command)` failed: \(message). Check the cluster with sinfo/squeue."
        case .sweepStillRunning(let jobID, let sweepDirectory, let tasks):
            return "Slurm array job \(jobID) of \(sweepDirectory) still has \(tasks) task(s) queued or running. "
                + "Wait for it (squeue -j \(jobID)) or cancel it (scancel \(jobID)), then run again."
        case .sweepInUse(let directory, let holder):
            return "\(directory) is in use by \(holder). Wait for that launcher to finish, or stop it "
                + "(Ctrl-C in its terminal, or kill -INT its pid), then run again (with --resume to finish its jobs)."
        case .jobStillRunning(let num, let runDirectory, let pid):
            return "job #\(num) in \(runDirectory) is still running (pid \(pid) on this host; its launcher is gone). "
                + "Stop it (kill \(pid)) or let it finish, then run --resume again."
        case .emptySweep:
            return "the sweep has no jobs: a sweep override expands to no values (an empty choice() or range). "
                + "Give each swept key at least one value."
        }
    }
}
