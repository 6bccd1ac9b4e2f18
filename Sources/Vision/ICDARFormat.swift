import Foundation

/// One annotated text region: its polygon, transcription, and whether it is don't care (`###`).
public struct TextInstance: Sendable, Equatable {
    public var polygon: Polygon
    public var text: String
    /// Don't care: never matched, never counted (ICDAR's `###`, or marked so by the generator).
    public var ignore: Bool
    /// Character boxes (quads), when known (synthetic data; CRAFT's labels).
    public var characters: [Polygon]

    public init(polygon: Polygon, text: String, ignore: Bool? = nil, characters: [Polygon] = []) {
        self.polygon = polygon
        self.text = text
        self.ignore = ignore ?? (text == ICDARFormat.dontCare)
        self.characters = characters
    }
}

/// One predicted region with an optional confidence.
public struct Detection: Sendable, Equatable {
    public var polygon: Polygon
    public var score: Double?

    public init(polygon: Polygon, score: Double? = nil) {
        self.polygon = polygon
        self.score = score
    }
}

/// The ICDAR-2015 text formats: `gt_<name>.txt` lines `x1,y1,...,x4,y4,transcription` (the
/// transcription may contain commas; `###` is don't care) and `res_<name>.txt` lines
/// `x1,y1,...,x4,y4[,score]` (more points for polygons: an even field count is all coordinates, an
/// odd one ends in the score). UTF-8 with or without a byte-order mark, LF or CRLF.
public enum ICDARFormat {
    public static let dontCare = "###"

    /// Parses ground-truth text; `file` names the source in errors.
    public static func parseGroundTruth(_ text: String, file: String) throws -> [TextInstance] {
        try lines(of: text).map { number, line in
            let fields = line.split(separator: ",", maxSplits: 8, omittingEmptySubsequences: false)
            guard fields.count == 9 else {
                throw VisionError.malformedLine(file: file, line: number, reason:
                    "expected 8 coordinates and a transcription (x1,y1,x2,y2,x3,y3,x4,y4,text), found \(min(fields.count, 8)) field(s); use ### as the transcription of unreadable text")
            }
            let coords = try numbers(fields.prefix(8), file: file, line: number)
            return TextInstance(polygon: Polygon(flat: coords), text: String(fields[8]))
        }
    }

    /// Parses prediction text; `file` names the source in errors.
    public static func parsePredictions(_ text: String, file: String) throws -> [Detection] {
        try lines(of: text).map { number, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 8 else {
                throw VisionError.malformedLine(file: file, line: number, reason:
                    "expected 8 coordinates and an optional score (x1,y1,x2,y2,x3,y3,x4,y4[,score]), found \(fields.count) field(s)")
            }
            // An even count is all coordinates (a quad, or a polygon from use_polygon); odd ends in a score.
            let values = try numbers(fields[...], file: file, line: number)
            let coordinates = values.count - values.count % 2
            return Detection(polygon: Polygon(flat: Array(values.prefix(coordinates))),
                             score: values.count % 2 == 1 ? values[coordinates] : nil)
        }
    }

    public static func readGroundTruth(_ url: URL) throws -> [TextInstance] {
        try parseGroundTruth(readText(url), file: url.path)
    }

    public static func readPredictions(_ url: URL) throws -> [Detection] {
        try parsePredictions(readText(url), file: url.path)
    }

    /// Ground-truth lines (coordinates rounded to integers, as ICDAR-2015 ships them).
    public static func formatGroundTruth(_ instances: [TextInstance]) -> String {
        instances.map { instance in
            let text = instance.ignore ? dontCare : instance.text
            return (instance.polygon.points.flatMap { [coordinate($0.x), coordinate($0.y)] } + [text])
                .joined(separator: ",") + "\n"
        }.joined()
    }

    /// Prediction lines, with the score when present.
    public static func formatPredictions(_ detections: [Detection]) -> String {
        detections.map { detection in
            var fields = detection.polygon.points.flatMap { [coordinate($0.x), coordinate($0.y)] }
            if let score = detection.score { fields.append(String(format: "%.6f", score)) }
            return fields.joined(separator: ",") + "\n"
        }.joined()
    }

    /// The character-box sidecar (`chars_<name>.txt`): `word,x1,y1,...,x4,y4` per character,
    /// `word` the 0-based index of the line in the ground-truth file.
    public static func formatCharacters(_ instances: [TextInstance]) -> String {
        instances.enumerated().flatMap { index, instance in
            instance.characters.map { box in
                ([String(index)] + box.points.flatMap { [coordinate($0.x), coordinate($0.y)] }).joined(separator: ",") + "\n"
            }
        }.joined()
    }

    /// Attaches the character boxes of a sidecar to the instances read from its ground truth.
    public static func parseCharacters(_ text: String, file: String, into instances: inout [TextInstance]) throws {
        for (number, line) in lines(of: text) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 9, let index = Int(fields[0].trimmingCharacters(in: .whitespaces)),
                  instances.indices.contains(index) else {
                throw VisionError.malformedLine(file: file, line: number, reason:
                    "expected word,x1,y1,...,x4,y4 with word the index of a ground-truth line (0..<\(instances.count))")
            }
            let coords = try numbers(fields.dropFirst(), file: file, line: number)
            instances[index].characters.append(Polygon(flat: coords))
        }
    }

    private static func coordinate(_ v: Double) -> String {
        v.rounded() == v && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.2f", v)
    }

    private static func readText(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw VisionError.missingPath(url.path, what: "annotation file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw VisionError.malformedLine(file: url.path, line: 1, reason: "not UTF-8 text; save the file as UTF-8")
        }
        return text
    }

    /// Non-empty lines with 1-based numbers, the BOM and line endings removed.
    static func lines(of text: String) -> [(Int, Substring)] {
        var body = Substring(text)
        if body.unicodeScalars.first == "\u{FEFF}" { body = Substring(body.unicodeScalars.dropFirst()) }
        var out: [(Int, Substring)] = []
        for (i, raw) in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = raw
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            out.append((i + 1, line))
        }
        return out
    }

    private static func numbers<S: Sequence>(_ fields: S, file: String, line: Int) throws -> [Double]
    where S.Element == Substring {
        try fields.enumerated().map { i, field in
            let trimmed = field.trimmingCharacters(in: .whitespaces)
            guard let value = Double(trimmed), value.isFinite else {
                throw VisionError.malformedLine(file: file, line: line, reason:
                    "field \(i + 1) '\(trimmed)' is not a number")
            }
            return value
        }
    }
}
