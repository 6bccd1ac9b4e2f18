import CAblateProcess
import Foundation

/// Learns of child exits and interrupt signals without polling: each watched child is
/// waited for on a small thread that writes `{pid, status}` to a pipe; interrupts wake
/// the same `poll`.
public final class ExitWatcher {
    private let readFD: Int32
    private let writeFD: Int32
    private var pending: [UInt8] = []

    public init() throws {
        var fds: [Int32] = [0, 0]
        let pipeError = ablate_notify_pipe(&fds)
        guard pipeError == 0 else {
            throw LaunchError.systemCall(name: "pipe2", reason: String(cString: strerror(pipeError)))
        }
        readFD = fds[0]
        writeFD = fds[1]
        let rc = ablate_install_interrupt_handlers()
        guard rc == 0 else {
            throw LaunchError.systemCall(name: "sigaction", reason: String(cString: strerror(rc)))
        }
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Reaps `pid` when it exits and reports it from `wait`.
    public func watch(_ pid: pid_t) throws {
        let rc = ablate_watch_child(pid, writeFD)
        guard rc == 0 else {
            throw LaunchError.systemCall(name: "pthread_create", reason: String(cString: strerror(rc)))
        }
    }

    /// Interrupt signals (SIGINT, SIGTERM, SIGHUP) received by this process so far.
    public static var interruptCount: Int { Int(ablate_interrupt_count()) }
    /// The last interrupt signal received, 0 if none.
    public static var lastInterruptSignal: Int32 { ablate_last_interrupt_signal() }

    /// Waits up to `timeout` seconds for an exit or an interrupt; returns the exits seen.
    public func wait(timeout: Double) -> [(pid: pid_t, status: ProcessExit)] {
        var fds = [pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)]
        let interruptFD = ablate_interrupt_fd()
        if interruptFD >= 0 { fds.append(pollfd(fd: interruptFD, events: Int16(POLLIN), revents: 0)) }
        let milliseconds = Int32(max(0, min(timeout, 3600)) * 1000)
        _ = poll(&fds, nfds_t(fds.count), milliseconds)
        if interruptFD >= 0, fds[1].revents != 0 { ablate_drain(interruptFD) }
        return drain()
    }

    private func drain() -> [(pid: pid_t, status: ProcessExit)] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = read(readFD, &buffer, buffer.count)
            if got <= 0 { break }
            pending.append(contentsOf: buffer[0..<got])
        }
        let recordSize = 2 * MemoryLayout<Int32>.size
        var exits: [(pid: pid_t, status: ProcessExit)] = []
        while pending.count >= recordSize {
            let record = pending.prefix(recordSize).withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: 0, as: Int32.self), raw.loadUnaligned(fromByteOffset: 4, as: Int32.self))
            }
            pending.removeFirst(recordSize)
            exits.append((pid: record.0, status: ProcessExit(waitStatus: record.1)))
        }
        return exits
    }
}
