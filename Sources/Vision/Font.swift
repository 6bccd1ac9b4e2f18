import CVision
import Foundation

/// A scalable font opened through FreeType. Not thread-safe: use one per thread.
public final class Font {
    private let handle: OpaquePointer
    public let url: URL

    public init(url: URL) throws {
        guard let h = ab_font_open(url.path) else {
            throw VisionError.imageIO(path: url.path, reason: "cannot open font: \(nativeMessage())")
        }
        handle = h
        self.url = url
    }

    deinit { ab_font_close(handle) }

    /// A rendered word: its alpha mask and each character's ink box in mask pixels.
    public struct Rendering {
        public var mask: Image
        public var characterBoxes: [(x0: Double, y0: Double, x1: Double, y1: Double)]
    }

    /// Renders ASCII text at a pixel size.
    public func render(_ text: String, pixelSize: Int) throws -> Rendering {
        precondition(text.allSatisfy(\.isASCII), "render takes ASCII text")
        let count = text.utf8.count
        var boxes = [Double](repeating: 0, count: max(1, 4 * count))
        var mask: UnsafeMutablePointer<UInt8>?
        var h: Int32 = 0, w: Int32 = 0
        try check(ab_font_render(handle, text, Int32(pixelSize), &mask, &h, &w, &boxes))
        defer { cv_free(mask) }
        let px = Array(UnsafeBufferPointer(start: mask, count: Int(h) * Int(w)))
        return Rendering(mask: Image(width: Int(w), height: Int(h), channels: 1, pixels: px),
                         characterBoxes: (0..<count).map { (boxes[4 * $0], boxes[4 * $0 + 1], boxes[4 * $0 + 2], boxes[4 * $0 + 3]) })
    }
}

/// Finds the fonts the synthetic generator draws with: Latin DejaVu, Liberation and Noto faces.
public enum FontCatalog {
    public static let searchDirectories = [
        "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation2",
        "/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/noto",
    ]

    /// Font files under the search directories whose names are Latin text faces, sorted.
    public static func discover(in directories: [String] = searchDirectories) throws -> [URL] {
        let prefixes = ["DejaVuSans", "DejaVuSerif", "LiberationSans", "LiberationSerif", "LiberationMono",
                        "NotoSans-", "NotoSerif-", "NotoSansMono-"]
        var found: [URL] = []
        for dir in directories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for name in names where (name.hasSuffix(".ttf") || name.hasSuffix(".otf"))
                && prefixes.contains(where: name.hasPrefix) && !name.contains("ExtraLight") {
                found.append(URL(fileURLWithPath: dir).appendingPathComponent(name))
            }
        }
        if found.isEmpty { throw VisionError.noFonts(searched: directories) }
        return found.sorted { $0.path < $1.path }
    }
}

/// Plain ASCII words for synthetic text.
public enum WordList {
    public static let defaultPath = "/usr/share/dict/words"

    /// Words of letters only (no apostrophes or accents), length in `lengths`, sorted and unique.
    public static func load(path: String = defaultPath, lengths: ClosedRange<Int> = 2...14) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VisionError.missingPath(path, what: "word list (install wamerican)")
        }
        let words = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line -> String? in
            let word = String(line)
            guard lengths.contains(word.count), word.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }) else { return nil }
            return word
        }
        let unique = Array(Set(words)).sorted()
        if unique.isEmpty { throw VisionError.noWords(path: path) }
        return unique
    }
}
