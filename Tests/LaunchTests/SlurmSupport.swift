import Foundation
import Testing
@testable import Launch

/// The local one-node cluster (`scripts/slurm-local up`). Absent: the Slurm tests fail when
/// `ABLATE_REQUIRE_SLURM=1` (scripts/test) and are skipped with a note otherwise.
enum LocalSlurm {
    static var required: Bool { ProcessInfo.processInfo.environment["ABLATE_REQUIRE_SLURM"] == "1" }

    /// Whether a controller answers and has a node to run on.
    static let available: Bool = {
        guard let output = try? SlurmCommands().run("sinfo", ["-h", "-o", "%T"]), output.status == 0 else { return false }
        return output.stdout.split(separator: "\n").contains { !$0.hasPrefix("down") && !$0.hasPrefix("drain") }
    }()

    static let condition = ConditionTrait.enabled(
        if: available || required,
        "no Slurm cluster answers sinfo (start one with scripts/slurm-local up): Slurm tests skipped")

    /// Fails the test with a clear message when the cluster is required but absent.
    static func requireCluster() throws {
        try #require(available, "ABLATE_REQUIRE_SLURM=1 but no Slurm cluster answers sinfo; run scripts/slurm-local up")
    }

    /// Settings every test uses: small memory, so several tasks fit on any machine.
    static let launcherOverrides = ["launcher=slurm", "launcher.mem_gb=0.5", "launcher.timeout_min=5"]

    /// Tasks of array `jobID` still pending or running.
    static func liveTasks(_ jobID: String) throws -> [String] {
        try SlurmCluster().liveTasks(arrayJobID: jobID)
    }
}

/// The job ids submitted for a sweep (written by the launcher into `.slurm/jobs`).
func submittedArrays(_ sweep: URL) -> [String] {
    SlurmCluster.submittedJobIDs(sweepDirectory: sweep)
}

/// Runs another built executable (`collect_results`) in `directory` to completion.
func runProduct(_ name: String, _ arguments: [String], in directory: URL) throws -> (exit: ProcessExit, stdout: String, stderr: String) {
    let out = directory.appendingPathComponent("\(name).stdout")
    let err = directory.appendingPathComponent("\(name).stderr")
    let pid = try ChildProcess.spawn(ChildProcess.Request(
        arguments: [BuiltProducts.url(name).path] + arguments, environment: ProcessInfo.processInfo.environment,
        workingDirectory: directory, stdoutPath: out.path, stderrPath: err.path, newProcessGroup: false, deathSignal: 0),
        context: directory.path)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (ProcessExit(waitStatus: status), readText(out), readText(err))
}
