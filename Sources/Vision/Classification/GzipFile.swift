import CZlib
import Foundation

/// Whole-file reading through zlib: a gzip-compressed file comes back decompressed, any other
/// file as it is (zlib passes uncompressed input through), so `train-images-idx3-ubyte` and
/// `train-images-idx3-ubyte.gz` read alike.
enum GzipFile {
    /// The (decompressed) contents of `url`. Throws `VisionError.missingPath` when the file
    /// cannot be opened, `.dataset` when its compressed stream is corrupt or truncated.
    static func read(_ url: URL) throws -> [UInt8] {
        guard FileManager.default.isReadableFile(atPath: url.path), let file = gzopen(url.path, "rb") else {
            throw VisionError.missingPath(url.path, what: "readable file")
        }
        defer { gzclose(file) }
        _ = gzbuffer(file, 1 << 20)
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
                throw VisionError.dataset(file: url.path, reason: "cannot decompress it (\(message)); the file is corrupt or truncated, reinstall it")
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<Int(n)])
        }
        return out
    }
}
