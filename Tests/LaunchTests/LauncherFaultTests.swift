import Foundation
import Testing
@testable import Launch

/// The launcher under the faults of its own surroundings: a reader of its output that goes away,
/// a closed standard output, SIGQUIT.
@Suite("train under faults of its surroundings (built binary, real processes)")
struct LauncherFaultTests {
    private func task(_ script: String) -> [String] {
        ["task=external", "task.command=[/bin/sh,-c,'\(script)',job]"]
    }

    @Test("a launcher whose output pipe is closed (train | head) or whose stdout is closed still finishes every job")
    func outputGoesAway() async throws {
        for closeStdout in [false, true] {
            let fixture = try SweepFixture()
            defer { fixture.remove() }
            let process = Process()
            process.executableURL = BuiltProducts.url("train")
            process.arguments = task("sleep 0.3; echo done > done") + ["seed=0,1,2", "launcher.n_jobs=2", "exp_name=pipe", "-m"]
            process.currentDirectoryURL = fixture.root
            var environment = ProcessInfo.processInfo.environment
            environment["ABLATE_OUTPUTS_ROOT"] = nil
            environment["ABLATE_DB"] = nil
            process.environment = environment
            let pipe = Pipe()
            if closeStdout {
                // Started with fd 1 and 2 closed: `train >&- 2>&-`.
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", "exec \"$0\" \"$@\" >&- 2>&-", BuiltProducts.url("train").path]
                    + task("sleep 0.3; echo done > done") + ["seed=0,1,2", "launcher.n_jobs=2", "exp_name=pipe", "-m"]
            } else {
                process.standardOutput = pipe
                process.standardError = pipe
            }
            try process.run()
            try pipe.fileHandleForReading.close()  // the reader is gone before train writes a line
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == 0, "closed stdout: \(closeStdout)")
            let jobs = try sweepJobs(fixture.root.appendingPathComponent("outputs/pipe"))
            #expect(jobs.count == 3)
            #expect(try jobs.map { try JobStatus.read(from: $0)?.state } == [.completed, .completed, .completed])
            #expect(jobs.allSatisfy { readText($0.appendingPathComponent("done")) == "done\n" })
            let database = fixture.root.appendingPathComponent("outputs/ablate.sqlite").path
            #expect(FileManager.default.fileExists(atPath: database))
        }
    }

    @Test("SIGQUIT is an interrupt: jobs stopped, all interrupted, exit 130")
    func quitSignal() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let train = try TrainProcess.start(
            task("echo ready > ready; while :; do sleep 0.05; done") + ["seed=0,1", "launcher.n_jobs=2", "exp_name=quit", "-m"],
            in: fixture.root)
        let jobs = try await readyJobs(fixture.root.appendingPathComponent("outputs/quit"), count: 2, of: train)
        kill(train.pid, SIGQUIT)
        #expect(try await train.wait() == .exited(130), "\(train.stderr)")
        #expect(try jobs.map { try JobStatus.read(from: $0)?.state } == [.interrupted, .interrupted])
        #expect(train.stdout.contains("interrupted (signal 3)"))
    }
}
