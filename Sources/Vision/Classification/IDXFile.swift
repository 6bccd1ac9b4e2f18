import Foundation

/// An array of unsigned bytes in the IDX format of (Fashion-)MNIST: a 4-byte magic number (two
/// zero bytes, the element type 0x08 for unsigned bytes, the number of dimensions), each
/// dimension's size as a big-endian 32-bit integer, then the elements in row-major order.
/// Gzip-compressed files are read as well.
public struct IDXFile: Sendable, Equatable {
    public var dimensions: [Int]
    public var bytes: [UInt8]

    public init(dimensions: [Int], bytes: [UInt8]) {
        self.dimensions = dimensions
        self.bytes = bytes
    }

    /// Reads and validates `url`: the magic number, `rank` dimensions when given, and exactly
    /// as many bytes of data as the dimensions say. Errors name the file.
    public init(contentsOf url: URL, rank: Int? = nil) throws {
        try self.init(parsing: try GzipFile.read(url), file: url.path, rank: rank)
    }

    /// Parses IDX bytes; `file` names them in errors.
    public init(parsing data: [UInt8], file: String, rank: Int? = nil) throws {
        func fail(_ reason: String) -> VisionError { .dataset(file: file, reason: reason) }
        guard data.count >= 4 else { throw fail("\(data.count) bytes, too short for an IDX header; the file is truncated") }
        guard data[0] == 0, data[1] == 0 else {
            throw fail(String(format: "magic number starts 0x%02X%02X, not 0x0000: not an IDX file", data[0], data[1]))
        }
        guard data[2] == 0x08 else {
            let names: [UInt8: String] = [0x09: "signed bytes", 0x0B: "16-bit integers", 0x0C: "32-bit integers",
                                          0x0D: "32-bit floats", 0x0E: "64-bit floats"]
            throw fail(String(format: "element type 0x%02X (%@) is not supported; only unsigned bytes (0x08) are",
                              data[2], names[data[2]] ?? "unknown"))
        }
        let count = Int(data[3])
        if let rank, count != rank { throw fail("has \(count) dimensions, expected \(rank)") }
        let headerSize = 4 + 4 * count
        guard data.count >= headerSize else { throw fail("\(data.count) bytes, too short for the sizes of \(count) dimensions") }
        dimensions = (0..<count).map { d in
            (0..<4).reduce(0) { $0 << 8 | Int(data[4 + 4 * d + $1]) }
        }
        let elements = dimensions.reduce(1, *)
        guard data.count - headerSize == elements else {
            throw fail("dimensions \(dimensions.map(String.init).joined(separator: "x")) need \(elements) bytes of data, "
                + "the file has \(data.count - headerSize); it is truncated or not what its header says")
        }
        bytes = Array(data[headerSize...])
    }

    /// The IDX encoding (uncompressed), as `init(parsing:)` reads it.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for d in dimensions { out += [UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF)] }
        return out + bytes
    }
}
