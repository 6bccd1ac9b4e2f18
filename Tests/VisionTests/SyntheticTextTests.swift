import Foundation
import Testing
@testable import Vision

@Suite("Synthetic scene text")
struct SyntheticTextTests {
    func generator(seed: UInt64 = 7) throws -> SyntheticTextGenerator {
        var options = SyntheticTextOptions()
        options.width = 256
        options.height = 192
        options.seed = seed
        return try SyntheticTextGenerator(options: options)
    }

    @Test("the same seed and index give the same sample; another seed differs")
    func deterministic() throws {
        let a = try generator().sample(3), b = try generator().sample(3), c = try generator(seed: 8).sample(3)
        #expect(a.image == b.image)
        #expect(a.annotations == b.annotations)
        #expect(a.image != c.image)
    }

    @Test("words are real, inside the image, with character boxes inside their word")
    func annotations() throws {
        let gen = try generator()
        let words = Set(try WordList.load().map { $0.lowercased() })
        var legible = 0, ignored = 0
        for index in 0..<20 {
            let (image, annotations) = try gen.sample(index)
            #expect(image.width == 256 && image.height == 192 && image.channels == 3)
            for a in annotations {
                let b = a.polygon.bounds
                #expect(b.minX >= 0 && b.minY >= 0 && b.maxX <= 256 && b.maxY <= 192)
                #expect(a.polygon.isValidSimple)
                if a.ignore { ignored += 1; #expect(a.text == "###"); continue }
                legible += 1
                #expect(words.contains(a.text.lowercased()) || Int(a.text) != nil, "\(a.text)")
                #expect(a.characters.count == a.text.count)
                // Character boxes lie within the word's quad (up to rounding).
                let grown = try #require(try a.polygon.offset(by: 2).first)
                for c in a.characters {
                    #expect(try c.overlap(with: grown).intersection >= c.area * 0.99)
                }
            }
        }
        #expect(legible > 40)
        #expect(ignored > 0)
    }

    @Test("a written set reads back through ICDAR files and decoded PNGs")
    func writeRead() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gen = try generator()
        try gen.write(0..<3, to: dir)
        let dataset = try ICDARDataset(root: dir)
        #expect(dataset.count == 3)
        for index in 0..<3 {
            let (image, annotations) = try gen.sample(index)
            let loaded = try dataset.load(dataset.names.firstIndex(of: "img_\(index)")!)
            #expect(loaded.image == image) // PNG is lossless
            #expect(loaded.annotations.count == annotations.count)
            for (l, a) in zip(loaded.annotations, annotations) {
                #expect(l.text == a.text)
                #expect(l.characters.count == a.characters.count)
                for (p, q) in zip(l.polygon.points, a.polygon.points) { #expect(abs(p.x - q.x) <= 0.005 && abs(p.y - q.y) <= 0.005) }
            }
        }
    }

    @Test("no fonts is one clear error")
    func noFonts() {
        #expect(throws: VisionError.noFonts(searched: ["/nonexistent"])) { try FontCatalog.discover(in: ["/nonexistent"]) }
        #expect(VisionError.noFonts(searched: ["/x"]).localizedDescription ==
            "No TrueType fonts found under /x: install fonts-dejavu-core, fonts-liberation2 or fonts-noto-core (scripts/setup does), or pass font paths explicitly.")
    }
}

@Suite("Detection visualisation")
struct VisualizationTests {
    @Test("ground truth green, don't care grey, predictions red")
    func colours() throws {
        var image = Image(width: 100, height: 60, channels: 3)
        try image.drawDetections(groundTruth: [TextInstance(polygon: .rectangle(x0: 10, y0: 10, x1: 40, y1: 30), text: "a"),
                                               TextInstance(polygon: .rectangle(x0: 60, y0: 10, x1: 90, y1: 30), text: "###")],
                                 predictions: [.rectangle(x0: 10, y0: 40, x1: 40, y1: 55)])
        // Anti-aliased outlines: the hue is exact, the intensity a little under the colour's.
        #expect(image[25, 10, 0] == 0 && image[25, 10, 1] > 150 && image[25, 10, 2] == 0)
        #expect(image[75, 30, 0] > 100 && image[75, 30, 0] == image[75, 30, 1] && image[75, 30, 1] == image[75, 30, 2])
        #expect(image[25, 55, 0] > 150 && image[25, 55, 1] == 0 && image[25, 55, 2] == 0)
        #expect(image[25, 20, 1] == 0) // outlines only
    }
}
