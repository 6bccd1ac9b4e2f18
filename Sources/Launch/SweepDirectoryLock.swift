import Foundation

/// One launcher per sweep directory: an exclusive `flock` on `<sweep dir>/.ablate-launcher.lock`,
/// held for the launcher's life. A second `train` over the same directory (a `--resume` racing
/// the live sweep, the same command typed twice) is refused before it writes anything.
///
/// The kernel drops the lock when the holder exits, however it exits (SIGKILL included), so a
/// stale lock file never blocks anyone; its contents (host, pid, start) only say who holds it.
/// The descriptor is close-on-exec: jobs do not inherit the lock, so workers that outlive a
/// killed launcher do not keep it (`ResumePlan` refuses to rerun a job whose process lives).
/// `flock` is local to one machine on most network file systems: with Slurm, the lock covers
/// the submitting launcher, not the array's tasks.
public final class SweepDirectoryLock {
    public static let fileName = ".ablate-launcher.lock"

    public let directory: URL
    private let descriptor: Int32

    /// Who holds a lock, as its file says.
    public struct Holder: Codable, Sendable, Equatable {
        public var host: String
        public var pid: Int
        /// Unix seconds.
        public var since: Double
    }

    /// Takes the lock of `directory` (created if missing), or throws `LaunchError.sweepInUse`.
    public init(directory: URL) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw LaunchError.cannotWrite(path: directory.path, reason: error.localizedDescription)
        }
        let path = directory.appendingPathComponent(Self.fileName).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LaunchError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = Self.readHolder(fd)
            close(fd)
            if code == EWOULDBLOCK {
                throw LaunchError.sweepInUse(directory: directory.path, holder: holder.map(Self.describe) ?? "another process")
            }
            throw LaunchError.systemCall(name: "flock(\(path))", reason: String(cString: strerror(code)))
        }
        descriptor = fd
        let me = Holder(host: JobStatus.hostName(), pid: Int(getpid()), since: Date().timeIntervalSince1970)
        if let data = try? JSONEncoder().encode(me) {
            _ = ftruncate(fd, 0)
            _ = data.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        }
    }

    deinit {
        close(descriptor)  // releases the lock
    }

    /// Who holds the lock of `directory` now, or nil when nobody does (a dry run's probe).
    public static func holder(of directory: URL) -> Holder? {
        let path = directory.appendingPathComponent(fileName).path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return readHolder(fd) ?? Holder(host: "?", pid: 0, since: 0)
    }

    public static func describe(_ holder: Holder) -> String {
        let since = Date(timeIntervalSince1970: holder.since).formatted(.iso8601)
        return "the launcher with pid \(holder.pid) on \(holder.host), since \(since)"
    }

    private static func readHolder(_ fd: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return try? JSONDecoder().decode(Holder.self, from: Data(buffer[..<count]))
    }
}
