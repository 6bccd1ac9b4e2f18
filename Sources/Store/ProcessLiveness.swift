import Foundation

/// Whether a process recorded in a run directory's status.json still exists: the test behind
/// a `lost` run (its status says queued or running, but the process that owned it is gone, as
/// after a SIGKILL of the launcher) and behind refusing to resume a run another launcher owns.
/// Only processes of this host can be checked; a pid reused by a later process is told apart
/// by its start time (Linux /proc).
public enum ProcessLiveness {
    /// Whether `pid` on `host` is alive; nil when it cannot be told (another host, no pid).
    /// `startedBy`: the owner started no later than this (Unix seconds), when known.
    public static func isAlive(pid: Int?, host: String?, startedBy: Double? = nil,
                               localHost: String = localHostName()) -> Bool? {
        guard let pid, pid > 0, let host, host == localHost else { return nil }
        if kill(pid_t(pid), 0) != 0 && errno == ESRCH { return false }
        if let startedBy, let started = startTime(of: pid), started > startedBy + 2 {
            return false
        }
        return !isZombie(pid)
    }

    /// This machine's host name, as the launcher records it.
    public static func localHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(cString: buffer)
    }

    /// The fields of /proc/<pid>/stat after the command name.
    private static func statFields(_ pid: Int) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    private static func isZombie(_ pid: Int) -> Bool {
        statFields(pid)?.first == "Z"
    }

    /// When `pid` started, in Unix seconds (Linux only).
    static func startTime(of pid: Int) -> Double? {
        // Field 22 of /proc/<pid>/stat (the 20th after the name): start time in clock ticks since boot.
        guard let fields = statFields(pid), fields.count > 19, let ticks = Double(fields[19]),
              let boot = bootTime() else { return nil }
        return boot + ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func bootTime() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
