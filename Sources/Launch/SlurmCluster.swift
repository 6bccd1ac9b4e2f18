import Foundation

/// The Slurm cluster as the launcher uses it: submit an array, poll its tasks, cancel it.
public struct SlurmCluster: Sendable {
    public var commands: SlurmCommands

    public init(commands: SlurmCommands = SlurmCommands()) {
        self.commands = commands
    }

    /// Writes the submission's files and runs sbatch; returns the array's job id.
    public func submit(_ submission: SlurmSubmission) throws -> String {
        try submission.write()
        let output = try commands.run("sbatch", submission.sbatchArguments)
        // --parsable prints `jobid` or `jobid;cluster`.
        let id = output.stdout.split(separator: "\n").first?.split(separator: ";").first.map(String.init) ?? ""
        guard output.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw LaunchError.submissionFailed(sweepDirectory: submission.sweepDirectory.path, message: output.message)
        }
        try record(jobID: id, in: submission)
        return id
    }

    /// Asks sbatch whether it would accept the array (`--test-only`: partition, account,
    /// resources), without submitting it or writing into the sweep directory.
    public func check(_ submission: SlurmSubmission) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-sbatch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let script = scratch.appendingPathComponent(SlurmSubmission.scriptName)
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try Data(submission.script.utf8).write(to: script)
        } catch {
            throw LaunchError.cannotWrite(path: script.path, reason: error.localizedDescription)
        }
        let output = try commands.run("sbatch", [
            "--test-only", "--chdir=\(scratch.path)", "--output=/dev/null", "--job-name=\(submission.jobName)", script.path,
        ])
        guard output.status == 0 else {
            throw LaunchError.submissionFailed(sweepDirectory: submission.sweepDirectory.path, message: output.message)
        }
    }

    /// Appends the array's id to `.slurm/jobs`, so later commands (`--resume`) know every
    /// array submitted for this sweep.
    private func record(jobID: String, in submission: SlurmSubmission) throws {
        let url = submission.folder.appendingPathComponent(Self.jobsFileName)
        let line = Data("\(jobID)\n".utf8)
        if let handle = FileHandle(forWritingAtPath: url.path) {
            defer { try? handle.close() }
            _ = try? handle.seekToEnd()
            try handle.write(contentsOf: line)
        } else {
            try line.write(to: url)
        }
    }

    static let jobsFileName = "jobs"

    /// The ids of the arrays submitted for the sweep in `sweepDirectory`, oldest first.
    public static func submittedJobIDs(sweepDirectory: URL) -> [String] {
        let url = sweepDirectory.appendingPathComponent(SlurmSubmission.folderName).appendingPathComponent(jobsFileName)
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    /// The state of every task of array `jobID` that Slurm still knows: from scontrol, else
    /// from sacct where accounting is on. Nil when neither knows the job (purged after
    /// MinJobAge without accounting). Throws when the controller cannot be reached.
    public func taskStates(arrayJobID jobID: String) throws -> [Int: SlurmTaskState]? {
        let output = try commands.run("scontrol", ["-o", "show", "job", jobID])
        if output.status == 0 {
            return SlurmTaskState.parseScontrol(output.stdout)
        }
        guard output.message.contains("Invalid job id") else {
            throw LaunchError.slurmQueryFailed(command: "scontrol show job \(jobID)", message: output.message)
        }
        return try accountedStates(arrayJobID: jobID)
    }

    /// sacct's view of the array; nil without accounting or when it knows nothing of it.
    public func accountedStates(arrayJobID jobID: String) throws -> [Int: SlurmTaskState]? {
        let output = try commands.run("sacct", ["-X", "-n", "-P", "-o", "JobID,State,ExitCode", "-j", jobID])
        guard output.status == 0 else { return nil }
        let states = SlurmTaskState.parseSacct(output.stdout, arrayJobID: jobID)
        return states.isEmpty ? nil : states
    }

    /// Task ids of array `jobID` still pending or running, as squeue lists them (`12_3`);
    /// with `jobName`, only when the array bears that name (a restarted cluster reuses ids).
    public func liveTasks(arrayJobID jobID: String, jobName: String? = nil) throws -> [String] {
        let output = try commands.run("squeue", ["-h", "-r", "-j", jobID, "-o", "%i %T %j"])
        if output.status != 0 {
            if output.message.contains("Invalid job id") { return [] }
            throw LaunchError.slurmQueryFailed(command: "squeue -j \(jobID)", message: output.message)
        }
        return output.stdout.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3, !SlurmTaskState.finalStates.contains(parts[1]) else { return nil }
            if let jobName, parts[2] != jobName { return nil }
            return parts[0]
        }
    }

    /// Cancels every task of array `jobID` (SIGTERM, then SIGKILL after the cluster's KillWait).
    public func cancel(arrayJobID jobID: String) throws {
        let output = try commands.run("scancel", [jobID])
        guard output.status == 0 else {
            throw LaunchError.slurmQueryFailed(command: "scancel \(jobID)", message: output.message)
        }
    }
}
