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

    @Test("a SIGKILLed launcher takes every process of every job with it, grandchildren included, within kill_timeout")
    func grandchildrenDieWithLauncher() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        // Each job is a shell with two children of its own: one that SIGTERM stops, one that ignores it.
        let script = "sleep 300 & echo $! > a.pid; ( trap \"\" TERM; exec sleep 301 ) & echo $! > b.pid; "
            + "echo ready > ready; wait"
        // Two jobs at a time: the third is still queued when the launcher dies.
        let train = try TrainProcess.start(
            task(script) + ["seed=0,1,2", "launcher.n_jobs=2", "launcher.kill_timeout=1", "exp_name=orphans", "-m"],
            in: fixture.root)
        var jobs: [URL] = []
        for _ in 0..<1000 {
            jobs = (try? sweepJobs(fixture.root.appendingPathComponent("outputs/orphans")))?.filter {
                FileManager.default.fileExists(atPath: $0.appendingPathComponent("ready").path)
            } ?? []
            if jobs.count == 2 { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        try #require(jobs.count == 2, "\(train.stderr)")
        let pids = jobs.flatMap { job in
            ["a.pid", "b.pid"].compactMap { Int32(readText(job.appendingPathComponent($0)).trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        try #require(pids.count == 4 && pids.allSatisfy(isAlive), "\(pids)")
        kill(train.pid, SIGKILL)
        #expect(try await train.wait() == .signaled(Int(SIGKILL)))
        // kill_timeout (1 s) after the launcher's death, with room for a loaded machine.
        let deadline = Date().addingTimeInterval(4)
        while pids.contains(where: isAlive), Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(pids.filter(isAlive).isEmpty, "survivors: \(pids.filter(isAlive))")
        // Nothing is left "running" or "queued" for ever: collect_results shows all three lost.
        let collect = try runProduct("collect_results", ["--exp", "orphans", "--status", "lost"], in: fixture.root)
        #expect(collect.exit == .exited(0), "\(collect.stderr)")
        #expect(collect.stdout.split(separator: "\n").filter { $0.contains(",lost,") }.count == 3, "\(collect.stdout)")
        #expect(collect.stderr.contains("3 run(s) marked lost"), "\(collect.stderr)")
    }
}
