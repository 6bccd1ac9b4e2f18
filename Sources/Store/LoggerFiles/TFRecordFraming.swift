/// TFRecord framing, the container of TensorBoard's event files: each record is
/// `uint64 length | uint32 masked_crc32c(length) | data[length] | uint32 masked_crc32c(data)`,
/// all little-endian.
///
/// Reading stops at a torn last record (the writer is still writing it: read again later) and
/// at a length whose checksum fails (nothing after it can be framed). A record whose data fails
/// its checksum is skipped and reported; reading goes on after it.
struct TFRecordFraming {
    /// One record: its data and where its frame starts in the file.
    struct Record: Equatable {
        var offset: Int64
        var data: ArraySlice<UInt8>
    }

    /// A record that could not be read, at `offset` in the file.
    struct Corruption: Equatable {
        var offset: Int64
        var reason: String
    }

    /// The records whose frames are complete, in file order.
    var records: [Record] = []
    /// Records skipped as corrupt; after a corrupt length nothing more is read.
    var corruptions: [Corruption] = []
    /// Bytes of `bytes` consumed: the frames read or skipped. The rest is a torn record, or
    /// what follows a corrupt length.
    var consumed = 0
    /// Whether reading stopped at a length that failed its checksum (the rest of the file
    /// cannot be framed).
    var stoppedAtCorruptLength = false

    static let headerSize = 12
    static let footerSize = 4

    /// Frames `bytes`, the file's content from file offset `start` on.
    init(bytes: [UInt8], start: Int64) {
        var position = 0
        while bytes.count - position >= Self.headerSize {
            let lengthBytes = bytes[position..<position + 8]
            let length = Self.uint64(lengthBytes)
            let recordOffset = start + Int64(position)
            guard Self.uint32(bytes[position + 8..<position + 12]) == CRC32C.masked(lengthBytes) else {
                corruptions.append(Corruption(offset: recordOffset, reason: "record length fails its CRC-32C check; the rest of the file is not read"))
                stoppedAtCorruptLength = true
                break
            }
            let dataStart = position + Self.headerSize
            guard length <= UInt64(bytes.count - dataStart),
                  bytes.count - dataStart - Int(length) >= Self.footerSize else { break }  // torn: wait
            let dataEnd = dataStart + Int(length)
            let data = bytes[dataStart..<dataEnd]
            if Self.uint32(bytes[dataEnd..<dataEnd + 4]) == CRC32C.masked(data) {
                records.append(Record(offset: recordOffset, data: data))
            } else {
                corruptions.append(Corruption(offset: recordOffset, reason: "record data fails its CRC-32C check; record skipped"))
            }
            position = dataEnd + Self.footerSize
        }
        consumed = position
    }

    /// Frames `data` as one record (for writers in tests and tools).
    static func frame(_ data: [UInt8]) -> [UInt8] {
        let length = withUnsafeBytes(of: UInt64(data.count).littleEndian, Array.init)
        return length + bytes(CRC32C.masked(length)) + data + bytes(CRC32C.masked(data))
    }

    private static func bytes(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian, Array.init)
    }

    private static func uint64(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func uint32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
}
