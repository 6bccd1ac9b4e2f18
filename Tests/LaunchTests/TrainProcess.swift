import Foundation
import Testing
@testable import Launch

/// The built `train` executable run as a child of the test, in a scratch directory whose
/// `outputs/` is the outputs root. stdout and stderr go to files.
struct TrainProcess {
    let directory: URL
    let pid: pid_t

    static func start(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> TrainProcess {
        var env = ProcessInfo.processInfo.environment
        env["ABLATE_OUTPUTS_ROOT"] = nil
        env["ABLATE_DB"] = nil
        env["NO_COLOR"] = "1"
        env.merge(environment) { $1 }
        // The logs are opened for appending (as job logs are): start each process with fresh ones.
        for name in ["train.stdout", "train.stderr"] {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
        let pid = try ChildProcess.spawn(ChildProcess.Request(
            arguments: [BuiltProducts.url("train").path] + arguments, environment: env,
            workingDirectory: directory,
            stdoutPath: directory.appendingPathComponent("train.stdout").path,
            stderrPath: directory.appendingPathComponent("train.stderr").path,
            newProcessGroup: true, deathSignal: 0), context: directory.path)
        return TrainProcess(directory: directory, pid: pid)
    }

    /// Waits for exit (polling, so the test's thread is not blocked for long); after
    /// `limit` seconds the process group is killed and the wait fails.
    func wait(limit: Double = 60) async throws -> ProcessExit {
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(limit)
        while true {
            if Date() > deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw LaunchError.systemCall(name: "train", reason: "still running after \(limit) s; killed")
            }
            let got = waitpid(pid, &status, WNOHANG)
            if got == pid { return ProcessExit(waitStatus: status) }
            if got < 0 && errno != EINTR { throw LaunchError.systemCall(name: "waitpid", reason: errnoText()) }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    var stdout: String { readText(directory.appendingPathComponent("train.stdout")) }
    var stderr: String { readText(directory.appendingPathComponent("train.stderr")) }

    /// Runs `train` to completion.
    static func run(_ arguments: [String], in directory: URL) async throws -> (exit: ProcessExit, stdout: String, stderr: String) {
        let process = try start(arguments, in: directory)
        let exit = try await process.wait()
        return (exit, process.stdout, process.stderr)
    }
}

/// Every live process whose process group is one of `groups`.
func processes(inGroups groups: Set<Int32>) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        guard fields.count > 2, let pgid = Int32(fields[2]) else { return false }
        return groups.contains(pgid) && fields[0] != "Z" && fields[0] != "X"
    }
}

/// The job directories of a sweep, by job number.
func sweepJobs(_ sweepDir: URL) throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: sweepDir, includingPropertiesForKeys: nil)
        .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent(".hydra").path) }
        .sorted { Int($0.lastPathComponent.prefix { $0.isNumber }) ?? 0 < Int($1.lastPathComponent.prefix { $0.isNumber }) ?? 0 }
}

/// Waits until the sweep in `sweepDir` has `count` jobs whose task wrote a `ready` file;
/// returns their directories, by job number. Fails with train's stderr if they never do.
func readyJobs(_ sweepDir: URL, count: Int, of train: TrainProcess) async throws -> [URL] {
    var jobs: [URL] = []
    for _ in 0..<1000 {
        jobs = (try? sweepJobs(sweepDir)) ?? []
        if jobs.count == count, jobs.allSatisfy({ FileManager.default.fileExists(atPath: $0.appendingPathComponent("ready").path) }) { break }
        try await Task.sleep(nanoseconds: 10_000_000)
    }
    try #require(jobs.count == count, "\(count) jobs started: \(train.stderr)")
    return jobs
}
