import Foundation
import Testing
@testable import Launch

/// One launcher per sweep directory: a second `train` over a live sweep (a `--resume` typed
/// while it runs) is refused before it writes anything, a job whose process outlived its
/// launcher is not run twice, and an empty sweep creates nothing.
@Suite("one launcher per sweep directory (built binary, real processes)")
struct SweepLockTests {
    private func task(_ script: String) -> [String] {
        ["task=external", "task.command=[/bin/sh,-c,'\(script)',job]"]
    }

    @Test("a --resume racing a live sweep exits 2 naming the live launcher; the live sweep is untouched")
    func resumeRacingALiveSweep() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let gate = fixture.root.appendingPathComponent("gate").path
        let arguments = task(#"echo run >> runs; echo ready > ready; while ! test -f "# + gate + #"; do sleep 0.05; done"#)
            + ["seed=0,1", "launcher.n_jobs=2", "exp_name=race", "-m"]
        let first = try TrainProcess.start(arguments, in: fixture.root)
        let jobs = try await readyJobs(fixture.root.appendingPathComponent("outputs/race"), count: 2, of: first)

        for extra in [["--resume"], []] {
            let second = try await TrainProcess.run(arguments + extra, in: fixture.root)
            #expect(second.exit == .exited(2))
            // (Both processes write train.stderr in the one scratch folder: look for the line.)
            #expect(second.stderr.contains("error: \(fixture.root.appendingPathComponent("outputs/race").path) is in use by "
                + "the launcher with pid \(first.pid) on \(JobStatus.hostName()), since "), "\(second.stderr)")
        }
        // A dry run lists the jobs and refuses as the real run would.
        let dryRun = try await TrainProcess.run(arguments + ["--resume", "--dry-run"], in: fixture.root)
        #expect(dryRun.exit == .exited(2))
        #expect(dryRun.stdout.contains("seed=1"), "\(dryRun.stdout)")
        #expect(dryRun.stderr.contains("is in use by the launcher with pid \(first.pid)"), "\(dryRun.stderr)")

        FileManager.default.createFile(atPath: gate, contents: nil)
        #expect(try await first.wait() == .exited(0), "\(first.stderr)")
        #expect(jobs.map { readText($0.appendingPathComponent("runs")) } == ["run\n", "run\n"], "each job ran once")
        // The lock went with its launcher: the same command may now resume.
        let after = try await TrainProcess.run(arguments + ["--resume"], in: fixture.root)
        #expect(after.exit == .exited(0), "\(after.stderr)")
        #expect(after.stdout.contains("nothing to resume: all 2 job(s) already completed"))
    }

    @Test("--resume refuses a job whose recorded process still runs, and runs it once that is gone")
    func resumeRefusesALiveOrphan() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let arguments = task("echo run >> runs; exit 1") + ["seed=0", "exp_name=orphan", "-m"]
        #expect(try await TrainProcess.run(arguments, in: fixture.root).exit == .exited(1))
        let job = try #require(try sweepJobs(fixture.root.appendingPathComponent("outputs/orphan")).first)

        // As after a launcher killed with its job left alive: status running, its pid alive.
        let orphan = Process()
        orphan.executableURL = URL(fileURLWithPath: "/bin/sleep")
        orphan.arguments = ["30"]
        try orphan.run()
        defer { if orphan.isRunning { orphan.terminate() } }
        var status = try #require(try JobStatus.read(from: job))
        status.state = .running
        status.pid = Int(orphan.processIdentifier)
        status.host = JobStatus.hostName()
        status.startTime = JobStatus.now()
        try status.write(to: job)

        let refused = try await TrainProcess.run(arguments + ["--resume"], in: fixture.root)
        #expect(refused.exit == .exited(2))
        #expect(refused.stderr.contains("error: job #0 in \(job.path) is still running (pid \(orphan.processIdentifier) on this host; "
            + "its launcher is gone). Stop it (kill \(orphan.processIdentifier)) or let it finish, then run --resume again.\n"))
        #expect(readText(job.appendingPathComponent("runs")) == "run\n")

        orphan.terminate()
        orphan.waitUntilExit()
        let resumed = try await TrainProcess.run(arguments + ["--resume"], in: fixture.root)
        #expect(resumed.exit == .exited(1))
        #expect(readText(job.appendingPathComponent("runs")) == "run\nrun\n")
    }

    @Test("a sweep with no jobs exits 2 and creates nothing")
    func emptySweep() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let result = try await TrainProcess.run(task("true") + ["seed=range(0,0)", "exp_name=empty", "-m"], in: fixture.root)
        #expect(result.exit == .exited(2))
        #expect(result.stderr.hasPrefix("error: the sweep has no jobs"))
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("outputs").path))
    }

    @Test("--dry-run exits 2 where the real run would: an empty sweep, an earlier sweep there, --resume with other overrides")
    func dryRunRefusesAsTheRunWould() async throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let empty = try await TrainProcess.run(task("true") + ["seed=range(0,0)", "exp_name=empty", "-m", "--dry-run"], in: fixture.root)
        #expect(empty.exit == .exited(2))
        #expect(empty.stderr.hasPrefix("error: the sweep has no jobs"), "\(empty.stderr)")

        let arguments = task("true") + ["seed=0,1", "exp_name=again", "-m"]
        #expect(try await TrainProcess.run(arguments, in: fixture.root).exit == .exited(0))
        let rerun = try await TrainProcess.run(arguments + ["--dry-run"], in: fixture.root)
        #expect(rerun.exit == .exited(2))
        #expect(rerun.stderr.contains("already holds runs of an earlier sweep"), "\(rerun.stderr)")
        let other = try await TrainProcess.run(task("true") + ["seed=0,1,2", "exp_name=again", "-m", "--resume", "--dry-run"],
                                               in: fixture.root)
        #expect(other.exit == .exited(2))
        #expect(other.stderr.contains("was started with other overrides"), "\(other.stderr)")
        let resume = try await TrainProcess.run(arguments + ["--resume", "--dry-run"], in: fixture.root)
        #expect(resume.exit == .exited(0), "\(resume.stderr)")
    }
}
