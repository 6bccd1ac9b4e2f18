import CAblateProcess
import Foundation

/// Learns of child exits and interrupt signals without busy polling: a SIGCHLD or interrupt
/// handler wakes a pipe this waits on, then the watched children are reaped with
/// `waitpid(WNOHANG)` (never `waitpid(-1)`, so other children of the process are left alone).
public final class ExitWatcher {
    private var watched: Set<pid_t> = []

    public init() throws {
        let rc = ablate_install_interrupt_handlers()
        guard rc == 0 else {
            throw LaunchError.systemCall(name: "sigaction", reason: String(cString: strerror(rc)))
        }
    }

    /// Reaps `pid` when it exits and reports it from `wait`.
    public func watch(_ pid: pid_t) throws {
        watched.insert(pid)
    }

    /// Interrupt signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT) received by this process so far.
    public static var interruptCount: Int { Int(ablate_interrupt_count()) }
    /// The last interrupt signal received, 0 if none.
    public static var lastInterruptSignal: Int32 { ablate_last_interrupt_signal() }

    /// Waits up to `timeout` seconds for an exit or an interrupt; returns the exits seen.
    public func wait(timeout: Double) -> [(pid: pid_t, status: ProcessExit)] {
        var exits = reap()
        if !exits.isEmpty { return exits }
        let wakeFD = ablate_interrupt_fd()
        var fds = [pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        let milliseconds = Int32(max(0, min(timeout, 3600)) * 1000)
        _ = poll(&fds, 1, milliseconds)
        if fds[0].revents != 0 { ablate_drain(wakeFD) }
        exits = reap()
        return exits
    }

    private func reap() -> [(pid: pid_t, status: ProcessExit)] {
        var exits: [(pid: pid_t, status: ProcessExit)] = []
        for pid in watched {
            var status: Int32 = 0
            let got = waitpid(pid, &status, WNOHANG)
            if got == pid {
                exits.append((pid: pid, status: ProcessExit(waitStatus: status)))
            } else if got < 0 && errno == ECHILD {
                exits.append((pid: pid, status: .exited(255)))  // reaped elsewhere: status unknown
            }
        }
        for exit in exits { watched.remove(exit.pid) }
        return exits
    }
}
