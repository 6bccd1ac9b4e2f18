import Foundation

/// Settings of the synthetic scene-text generator.
public struct SyntheticTextOptions: Sendable, Equatable {
    public var width = 320
    public var height = 320
    public var wordsPerImage: ClosedRange<Int> = 2...7
    /// Font pixel sizes.
    public var fontSizes: ClosedRange<Int> = 10...48
    /// Largest rotation, degrees.
    public var maxRotation = 25.0
    /// Largest corner displacement of the perspective jitter, as a fraction of the text height.
    public var perspective = 0.25
    /// Words whose rendered height is below this many pixels are marked `###`.
    public var minLegibleHeight = 9.0
    /// Share of words drawn faint on purpose (marked `###`).
    public var illegibleRate = 0.05
    public var seed: UInt64 = 0

    public init() {}
}

/// Generates scene-text images: real words from a word list rendered with FreeType in real fonts at
/// varied sizes, colours, rotations and mild perspective over procedural backgrounds with clutter.
/// Every sample is a pure function of (seed, index). Tiny or faint words are don't care (`###`).
/// Each word keeps its character boxes (for CRAFT).
public final class SyntheticTextGenerator {
    public let options: SyntheticTextOptions
    private let words: [String]
    private let fonts: [Font]

    /// Loads the word list and fonts (discovered when not given).
    public init(options: SyntheticTextOptions, words: [String]? = nil, fontURLs: [URL]? = nil) throws {
        guard options.width >= 32, options.height >= 32, options.fontSizes.lowerBound >= 4,
              options.wordsPerImage.lowerBound >= 0 else {
            throw VisionError.invalidArgument("Synthetic text: the image must be at least 32x32 and font sizes at least 4 px.")
        }
        self.options = options
        self.words = try words ?? WordList.load()
        if self.words.isEmpty { throw VisionError.noWords(path: "(given list)") }
        self.fonts = try (fontURLs ?? FontCatalog.discover()).map { try Font(url: $0) }
    }

    /// Sample `index`: the image and its annotations.
    public func sample(_ index: Int) throws -> (image: Image, annotations: [TextInstance]) {
        var rng = SeededRandom(seed: options.seed).fork(UInt64(index))
        var image = try SyntheticBackground.draw(width: options.width, height: options.height, rng: &rng)
        var placed: [(minX: Double, minY: Double, maxX: Double, maxY: Double)] = []
        var annotations: [TextInstance] = []
        for _ in 0..<rng.int(options.wordsPerImage) {
            if let instance = try placeWord(on: &image, avoiding: &placed, rng: &rng) { annotations.append(instance) }
        }
        if rng.chance(0.3) { try image.blur(sigma: rng.uniform(0.3, 0.9)) }
        try image.addNoise(seed: rng.next(), amplitude: rng.uniform(0, 8))
        return (image, annotations)
    }

    private func word(_ rng: inout SeededRandom) -> String {
        let base = words[rng.int(0...(words.count - 1))]
        switch rng.int(0...9) {
        case 0...1: return base.uppercased()
        case 2...3: return base.prefix(1).uppercased() + base.dropFirst()
        case 4: return String(rng.int(1...9999))
        default: return base
        }
    }

    private func placeWord(on image: inout Image, avoiding placed: inout [(minX: Double, minY: Double, maxX: Double, maxY: Double)],
                           rng: inout SeededRandom) throws -> TextInstance? {
        let text = word(&rng)
        let font = fonts[rng.int(0...(fonts.count - 1))]
        // Sizes skew small, as in scene photos.
        let span = Double(options.fontSizes.upperBound - options.fontSizes.lowerBound)
        let size = options.fontSizes.lowerBound + Int(pow(rng.unit(), 1.5) * span + 0.5)
        let rendering = try font.render(text, pixelSize: size)
        let boxes = rendering.characterBoxes
        let ink = (x0: boxes.map(\.x0).min()!, y0: boxes.map(\.y0).min()!, x1: boxes.map(\.x1).max()!, y1: boxes.map(\.y1).max()!)
        let (w, h) = (Double(rendering.mask.width), Double(rendering.mask.height))
        let angle = (rng.chance(0.6) ? rng.uniform(-0.2, 0.2) : rng.uniform(-1, 1)) * options.maxRotation * .pi / 180
        let jitter = options.perspective * (ink.y1 - ink.y0)
        for _ in 0..<12 {
            // Rotate the mask about its centre, place it, then nudge each corner for perspective.
            let cx = rng.uniform(0, Double(options.width)), cy = rng.uniform(0, Double(options.height))
            let corners = [Point(0, 0), Point(w, 0), Point(w, h), Point(0, h)]
            let placedCorners = corners.map { p -> Point in
                let (dx, dy) = (p.x - w / 2, p.y - h / 2)
                return Point(cx + dx * cos(angle) - dy * sin(angle) + rng.uniform(-jitter, jitter),
                             cy + dx * sin(angle) + dy * cos(angle) + rng.uniform(-jitter, jitter))
            }
            let homography = try Homography(from: corners, to: placedCorners)
            let quad = homography.apply(Polygon.rectangle(x0: ink.x0, y0: ink.y0, x1: ink.x1, y1: ink.y1))
            let b = quad.bounds
            guard b.minX >= 1, b.minY >= 1, b.maxX <= Double(options.width - 1), b.maxY <= Double(options.height - 1),
                  quad.isValidSimple else { continue }
            let pad = 2.0
            if placed.contains(where: { b.minX - pad < $0.maxX && $0.minX < b.maxX + pad && b.minY - pad < $0.maxY && $0.minY < b.maxY + pad }) {
                continue
            }
            placed.append(b)
            let background = image.meanColour(x0: Int(b.minX), y0: Int(b.minY), x1: Int(b.maxX) + 1, y1: Int(b.maxY) + 1)
            let faint = rng.chance(options.illegibleRate)
            let colour = textColour(against: background, faint: faint, rng: &rng)
            try image.composite(mask: rendering.mask, homography: homography, colour: colour)
            let characters = boxes.map { homography.apply(Polygon.rectangle(x0: $0.x0, y0: $0.y0, x1: $0.x1, y1: $0.y1)) }
            let height = min(distance(quad.points[0], quad.points[3]), distance(quad.points[1], quad.points[2]))
            let ignore = faint || height < options.minLegibleHeight
            return TextInstance(polygon: quad, text: ignore ? ICDARFormat.dontCare : text, ignore: ignore, characters: characters)
        }
        return nil
    }

    /// A colour that stands out from the background's mean luminance (or barely does, when faint).
    private func textColour(against background: [Double], faint: Bool, rng: inout SeededRandom) -> [UInt8] {
        let luminance = background.count == 3 ? 0.299 * background[0] + 0.587 * background[1] + 0.114 * background[2] : background[0]
        for _ in 0..<32 {
            let c = [rng.int(0...255), rng.int(0...255), rng.int(0...255)].map(UInt8.init)
            let l = 0.299 * Double(c[0]) + 0.587 * Double(c[1]) + 0.114 * Double(c[2])
            if faint ? abs(l - luminance) < 12 : abs(l - luminance) > 90 { return c }
        }
        if faint { return background.map { UInt8(max(0, min(255, $0 + 6))) } }
        return luminance > 128 ? [15, 15, 15] : [240, 240, 240]
    }

    private func distance(_ a: Point, _ b: Point) -> Double { ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() }

    /// Writes samples `range` as `img_<i>.png`, `gt_img_<i>.txt` and `chars_img_<i>.txt` into `directory`.
    public func write(_ range: Range<Int>, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for index in range {
            let (image, annotations) = try sample(index)
            let name = "img_\(index)"
            try image.write(to: directory.appendingPathComponent("\(name).png"))
            try ICDARFormat.formatGroundTruth(annotations).write(to: directory.appendingPathComponent("gt_\(name).txt"), atomically: true, encoding: .utf8)
            try ICDARFormat.formatCharacters(annotations).write(to: directory.appendingPathComponent("chars_\(name).txt"), atomically: true, encoding: .utf8)
        }
    }
}
