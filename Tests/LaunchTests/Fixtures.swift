import Foundation
@testable import Launch

/// How the local pool runs a job's external task: started directly (the task is known at
/// launch, as `train` plans it), or by a `train-worker` that reads it from the run directory.
enum TaskRoute: String, CaseIterable, Sendable {
    case direct, worker
}

/// A temporary outputs folder with prepared run directories whose task is a shell script.
struct SweepFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("ablate-launch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// A run directory for job `num` running `/bin/sh -c script` (with `args` after the script's $0),
    /// started by the pool itself (`.direct`, as `train` does) or through a `train-worker`.
    func job(_ num: Int, script: String, overrides: [String] = [], passOverrides: Bool = false,
             route: TaskRoute = .direct) throws -> LaunchJob {
        let dir = root.appendingPathComponent("\(num)_x=\(num)")
        let hydra = dir.appendingPathComponent(".hydra")
        try FileManager.default.createDirectory(at: hydra, withIntermediateDirectories: true)
        let quoted = "'" + script.replacingOccurrences(of: "'", with: "''") + "'"
        try """
        exp_name: launch_test
        x: \(num)
        task:
          command: [/bin/sh, -c, \(quoted), job]
          pass_overrides: \(passOverrides)

        """.write(to: hydra.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        let list = overrides.isEmpty ? "[]\n" : overrides.map { "- \($0)\n" }.joined()
        try list.write(to: hydra.appendingPathComponent("overrides.yaml"), atomically: true, encoding: .utf8)
        try "hydra:\n  job:\n    num: \(num)\n".write(
            to: hydra.appendingPathComponent("hydra.yaml"), atomically: true, encoding: .utf8)
        let task = WorkerTask.external(command: ["/bin/sh", "-c", script, "job"], passOverrides: passOverrides)
        return LaunchJob(num: num, runDirectory: dir, overrides: overrides, task: route == .direct ? task : nil)
    }

    func launcher(_ settings: LocalLauncherSettings, environment: [String: String] = [:]) -> LocalLauncher {
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        return LocalLauncher(settings: settings, workerExecutable: BuiltProducts.url("train-worker"),
                             cores: 2, environment: env, progress: .quiet, refreshInterval: 0.2)
    }
}

/// The executables built alongside the tests (same build folder as the test binary).
enum BuiltProducts {
    static var directory: URL {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // On some layouts the test binary sits inside `<name>.xctest/`.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("train-worker").path),
              dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir
    }

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
}

func readText(_ url: URL) -> String {
    (try? String(contentsOf: url, encoding: .utf8)) ?? ""
}

func status(_ job: LaunchJob) throws -> JobStatus {
    guard let status = try JobStatus.read(from: job.runDirectory) else {
        throw LaunchError.unreadableStatus(path: job.runDirectory.path, reason: "missing")
    }
    return status
}

/// Whether `pid` is a live (not zombie) process.
func isAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}
