import Foundation

/// A metrics file left by a killed attempt may end in a torn line: part of a record, no newline.
/// The next attempt appends; without a newline first, its first record would be glued onto the
/// fragment and lost with it. Before an attempt starts, the launcher and the worker end such a
/// file with a newline: the fragment becomes a line of its own, skipped and reported by the
/// store (file and line number), and the new attempt's records start on a line of their own.
public enum TornLine {
    /// Appends a newline to `<run dir>/metrics.jsonl` when it is not empty and does not end in
    /// one. Returns whether it did. A missing or unreadable file is left alone (the attempt will
    /// create it, or fail on it with its own message).
    @discardableResult
    public static func endMetricsFile(in runDirectory: URL) -> Bool {
        endFile(atPath: runDirectory.appendingPathComponent("metrics.jsonl").path)
    }

    /// Appends a newline to the file at `path` when it is not empty and its last byte is not one.
    @discardableResult
    public static func endFile(atPath path: String) -> Bool {
        let fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return false }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, off_t(info.st_size - 1)) == 1, last != 0x0A else { return false }
        var newline: UInt8 = 0x0A
        return write(fd, &newline, 1) == 1
    }
}
