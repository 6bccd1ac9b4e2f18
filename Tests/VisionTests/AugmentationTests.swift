import Foundation
import Testing
@testable import Vision

@Suite("Detection augmentation")
struct AugmentationTests {
    /// A black image with two white text blocks, annotated.
    static func scene() throws -> (Image, [TextInstance]) {
        var image = Image(width: 200, height: 120, channels: 3)
        let a = Polygon.rectangle(x0: 20, y0: 20, x1: 90, y1: 45), b = Polygon.rectangle(x0: 110, y0: 70, x1: 180, y1: 100)
        try image.drawPolygon(a, colour: [255, 255, 255])
        try image.drawPolygon(b, colour: [255, 255, 255])
        return (image, [TextInstance(polygon: a, text: "first", characters: CRAFTLabelMaker.split(a, into: 5)),
                        TextInstance(polygon: b, text: "second")])
    }

    /// Mean of the first channel over the polygon's filled pixels.
    func mean(_ image: Image, inside polygon: Polygon) throws -> Double {
        var mask = FloatMap(width: image.width, height: image.height)
        try fill(&mask, [polygon], 1)
        var sum = 0.0, n = 0.0
        for i in mask.values.indices where mask.values[i] == 1 { sum += Double(image.pixels[i * image.channels]); n += 1 }
        return n > 0 ? sum / n : 0
    }

    @Test("a flip mirrors pixels exactly and keeps quads clockwise from top-left")
    func flip() throws {
        let (image, items) = try Self.scene()
        let (out, moved) = try DetectionAugmenter().transform(image, items, scale: 1, rotation: 0, flip: true)
        #expect(out.width == 200 && out.height == 120)
        for y in stride(from: 0, to: 120, by: 7) {
            for x in stride(from: 0, to: 200, by: 5) { #expect(out[x, y, 0] == image[199 - x, y, 0]) }
        }
        #expect(moved[0].polygon == .rectangle(x0: 109, y0: 20, x1: 179, y1: 45))
        // Characters stay in reading order: the first is now the leftmost.
        #expect(moved[0].characters.first!.bounds.minX == 109)
    }

    @Test("polygons follow their pixels through random scale, rotation, flip, crop and padding")
    func inSync() throws {
        let (image, items) = try Self.scene()
        var options = DetectionAugmentOptions()
        options.width = 160
        options.height = 160
        options.jitterProbability = 0
        let augmenter = DetectionAugmenter(options: options)
        var kept = 0
        for seed in 0..<20 {
            var rng = SeededRandom(seed: UInt64(seed))
            let (out, moved) = try augmenter.augment(image, items, rng: &rng)
            #expect(out.width == 160 && out.height == 160)
            #expect(!moved.isEmpty, "the crop keeps some text (seed \(seed))")
            for item in moved {
                kept += 1
                let b = item.polygon.bounds
                #expect(b.minX >= -1 && b.minY >= -1 && b.maxX <= 161 && b.maxY <= 161, "seed \(seed): text is not cut")
                // Inside the (slightly shrunk) polygon is white; a ring just outside is black.
                let inner = try #require(try item.polygon.offset(by: -3).first)
                #expect(try mean(out, inside: inner) > 200, "seed \(seed)")
                let outer = try #require(try item.polygon.offset(by: 6).first)
                let ringMean = (try mean(out, inside: outer) * outer.area - (try mean(out, inside: item.polygon)) * item.polygon.area) / (outer.area - item.polygon.area)
                #expect(ringMean < 90, "seed \(seed)")
            }
        }
        #expect(kept >= 20)
    }

    @Test("the same seed gives the same augmentation")
    func deterministic() throws {
        let (image, items) = try Self.scene()
        var options = DetectionAugmentOptions()
        options.width = 128
        options.height = 128
        let augmenter = DetectionAugmenter(options: options)
        var r1 = SeededRandom(seed: 5), r2 = SeededRandom(seed: 5)
        let a = try augmenter.augment(image, items, rng: &r1), b = try augmenter.augment(image, items, rng: &r2)
        #expect(a.image == b.image && a.annotations == b.annotations)
    }

    @Test("resize and pad keeps the aspect ratio and pads with zeros")
    func resizePad() throws {
        let (image, items) = try Self.scene()
        let (out, moved, scale) = try DetectionAugmenter().resizeAndPad(image, items, width: 100, height: 100)
        #expect(scale == 0.5)
        #expect(out.width == 100 && out.height == 100)
        #expect(moved[0].polygon == .rectangle(x0: 10, y0: 10, x1: 45, y1: 22.5))
        #expect(out[50, 80, 0] == 0) // padding below the 60-row image
        #expect(out[30, 15, 0] > 200)
    }

    @Test("normalisation: (p/255 - mean)/std, channel-major")
    func normalize() throws {
        let image = Image(width: 2, height: 1, channels: 3, pixels: [255, 0, 51, 0, 255, 102])
        let out = try ImageNormalization.chw(image)
        let m = ImageNormalization.imageNetMean, s = ImageNormalization.imageNetStd
        let expected: [Float] = [(1 - m[0]) / s[0], (0 - m[0]) / s[0], (0 - m[1]) / s[1], (1 - m[1]) / s[1],
                                 (0.2 - m[2]) / s[2], (0.4 - m[2]) / s[2]]
        for (o, e) in zip(out, expected) { #expect(abs(o - e) < 1e-5) }
    }
}
