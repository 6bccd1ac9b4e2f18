import Foundation

/// Writing a file so that a reader sees the old contents or the new, never part of either:
/// the bytes go to a temporary file in the same folder, which is then renamed over the target.
///
/// There is no fsync: run-directory files and status records sit on every job's critical
/// path and are rewritten at the job's next event; after a machine crash `--resume` reruns
/// what is not recorded as completed. (Foundation's `.atomic` writes fsync twice per file.)
public enum AtomicFile {
    /// Why a write failed: the reason as strerror gives it.
    public struct Failure: Error, Sendable {
        public let reason: String
    }

    public static func write(_ data: Data, to path: String) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        var failure: String?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw Failure(reason: failure)
        }
    }
}
