/// A fingerprint of the bytes a cursor has consumed: the file's first bytes and the bytes
/// just before the offset (at most `window` of each), so a metrics file rewritten in place
/// (`open(..., "w")` on a resumed attempt) is noticed even when it grows past the old offset.
/// Two 4 KiB windows cost two small reads per pass, however long the file.
enum MetricsFingerprint {
    static let window = 4096

    /// The fingerprint of a file whose first bytes are `head` (at least `min(window, offset)`
    /// of them) and whose bytes just before `offset` end `tail`.
    static func of(head: ArraySlice<UInt8>, tail: ArraySlice<UInt8>, offset: Int64) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let headCount = min(head.count, Int(min(offset, Int64(window))))
        for byte in head.prefix(headCount) { mix(byte) }
        for byte in tail.suffix(min(window, Int(offset))) { mix(byte) }
        withUnsafeBytes(of: offset.littleEndian) { for byte in $0 { mix(byte) } }
        return Int64(bitPattern: hash)
    }
}
