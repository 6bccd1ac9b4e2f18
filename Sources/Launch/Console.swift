import Foundation

/// Writes to the launcher's standard output and error that survive a reader going away.
///
/// `train | head`, a terminal closed under `nohup`-less runs, `>&-`: a launcher must not die of
/// SIGPIPE (its jobs would go with it) nor trap on EPIPE/EBADF, as `FileHandle.write` does.
/// `prepare()` ignores SIGPIPE (jobs get the default back: the spawner resets dispositions) and
/// opens /dev/null on any closed standard descriptor, so a later `open` (the database, a lock
/// file) cannot land on fd 1 and receive the launcher's messages.
public enum Console {
    public static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd {
                dup2(null, fd)
                close(null)
            }
        }
    }

    public static func out(_ text: String) { write(text, to: STDOUT_FILENO) }
    public static func err(_ text: String) { write(text, to: STDERR_FILENO) }

    /// Writes all of `text`, retrying short writes and EINTR; drops it when the reader is gone.
    public static func write(_ text: String, to fd: Int32) {
        fflush(nil)  // keep order with print()
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
