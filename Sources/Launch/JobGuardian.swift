import CAblateProcess
import Foundation

/// Keeps a launcher's jobs from outliving it, however it ends.
///
/// A job's direct child gets a parent-death signal, but what that child starts (a task behind
/// a shell wrapper, a DataLoader worker) does not. Every job runs in a process group of its own;
/// the guardian, a process of its own that only a closed pipe wakes, holds the groups still
/// running. When the launcher dies (SIGKILL included), the pipe closes and the guardian sends
/// SIGTERM to each of those groups and SIGKILL after `kill_timeout` seconds. A launcher that
/// ends normally has unregistered every group first, so its guardian just exits.
final class JobGuardian {
    private var descriptor: Int32
    private let pid: pid_t

    /// Starts the guardian process.
    init(killTimeout: Double) throws {
        var child: pid_t = 0
        let result = ablate_guardian_start(killTimeout, &child)
        guard result >= 0 else {
            throw LaunchError.cannotOpen(path: "a guardian process for the jobs", reason: String(cString: strerror(-result)))
        }
        descriptor = result
        pid = child
    }

    deinit { close() }

    /// The job whose process group is `group` (its first process's pid) is running.
    func register(group: pid_t) { send(group) }

    /// The job whose process group is `group` ended and its group was killed.
    func unregister(group: pid_t) { send(-group) }

    /// Lets the guardian go (it kills any group still registered) and reaps it.
    func close() {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    private func send(_ value: pid_t) {
        guard descriptor >= 0 else { return }
        var record = value
        // A record is smaller than PIPE_BUF, so it is written whole or not at all. The guardian reads
        // as fast as jobs start; a full pipe (it is gone or stuck) loses a record, never the launcher.
        _ = withUnsafeBytes(of: &record) { write(descriptor, $0.baseAddress, $0.count) }
    }
}
