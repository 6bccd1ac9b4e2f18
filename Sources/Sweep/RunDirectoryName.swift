import Foundation

/// Names of run directories: Hydra's `override_dirname`, made safe to use as one path component.
public enum RunDirectoryName {
    /// A group override such as `model/architectures=dbnet` would nest directories in Hydra.
    /// Here every `/` becomes `.` (the dotted form of a group path), so one job is one directory.
    public static func flattened(_ name: String) -> String {
        name.replacingOccurrences(of: "/", with: ".").replacingOccurrences(of: "\0", with: "")
    }

    /// The most bytes one path component may take (Linux NAME_MAX).
    public static let maxComponentBytes = 255

    /// `component` unchanged when it fits in `maxBytes` UTF-8 bytes; otherwise its longest prefix
    /// that leaves room for `~` and a 16-hex-digit FNV-1a hash of the whole name, so the shortened
    /// name is stable across runs and distinct for distinct long names.
    public static func capped(_ component: String, maxBytes: Int = maxComponentBytes) -> String {
        let bytes = Array(component.utf8)
        guard bytes.count > maxBytes else { return component }
        let suffix = "~" + hexHash(bytes)
        var prefix = ""
        var used = 0
        for character in component {
            let size = String(character).utf8.count
            if used + size > maxBytes - suffix.utf8.count { break }
            prefix.append(character)
            used += size
        }
        return prefix + suffix
    }

    /// Caps every component of a relative path (`subdir` templates may hold `/` on purpose).
    public static func cappedPath(_ relativePath: String, maxBytes: Int = maxComponentBytes) -> String {
        relativePath.split(separator: "/", omittingEmptySubsequences: false)
            .map { capped(String($0), maxBytes: maxBytes) }
            .joined(separator: "/")
    }

    /// 64-bit FNV-1a, as 16 lowercase hex digits. Stable across processes and platforms.
    static func hexHash(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
