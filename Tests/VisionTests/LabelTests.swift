import Foundation
import Testing
@testable import Vision

@Suite("DBNet and CRAFT labels")
struct LabelTests {
    // A 100 x 40 rectangle: A = 4000, L = 280, D = 4000 * (1 - 0.16) / 280 = 12.
    static let rect = Polygon.rectangle(x0: 50, y0: 50, x1: 150, y1: 90)
    let maker = DBLabelMaker()

    @Test("shrink distance and shrunk rectangle follow D = A(1 - r^2)/L")
    func shrink() throws {
        #expect(maker.shrinkDistance(Self.rect) == 12)
        let shrunk = try #require(try Self.rect.offset(by: -12).first)
        let b = shrunk.bounds
        #expect((b.minX, b.minY, b.maxX, b.maxY) == (62, 62, 138, 78))
        #expect(shrunk.area == 76 * 16)

        let labels = try maker.make(width: 200, height: 150, instances: [TextInstance(polygon: Self.rect, text: "word")])
        // fillPoly covers the pixels of the closed integer rectangle 62...138 x 62...78.
        #expect(labels.probability.values.reduce(0, +) == Float(77 * 17))
        #expect(labels.probability[62, 62] == 1 && labels.probability[138, 78] == 1)
        #expect(labels.probability[61, 70] == 0 && labels.probability[100, 79] == 0)
        #expect(labels.probabilityMask.values.allSatisfy { $0 == 1 })
    }

    @Test("threshold map: 0.7 on the border, 0.3 at distance D and beyond, linear between")
    func threshold() throws {
        let labels = try maker.make(width: 200, height: 150, instances: [TextInstance(polygon: Self.rect, text: "word")])
        let t = labels.threshold
        #expect(t[100, 50] == 0.7)                      // on the top edge
        #expect(abs(t[100, 56] - 0.5) < 1e-6)           // 6 px inside: 1 - 6/12 = 0.5
        #expect(abs(t[100, 44] - 0.5) < 1e-6)           // 6 px outside
        let expected: Float = 0.3 + 0.4 * 0.75
        #expect(abs(t[100, 53] - expected) < 1e-6) // 3 px: 1 - 3/12
        #expect(abs(t[100, 70] - 0.3) < 1e-6)           // centre: 20 px from every edge
        #expect(abs(t[5, 5] - 0.3) < 1e-6)              // far away
        // Corner: (44, 44) is 6*sqrt(2) from the corner (50, 50).
        let cornerDistance: Double = 6 * 2.0.squareRoot() / 12
        let corner = Float(0.3 + 0.4 * (1 - cornerDistance))
        #expect(abs(t[44, 44] - corner) < 1e-5)
        // The mask is the rectangle dilated by 12 px (round corners).
        #expect(labels.thresholdMask[40, 70] == 1 && labels.thresholdMask[37, 70] == 0)
        #expect(labels.thresholdMask[100, 100] == 1 && labels.thresholdMask[100, 104] == 0)
        #expect(labels.thresholdMask[39, 39] == 0) // outside the rounded corner
    }

    @Test("don't care and tiny text are masked out, not labelled")
    func masks() throws {
        let labels = try maker.make(width: 200, height: 150, instances: [
            TextInstance(polygon: .rectangle(x0: 10, y0: 10, x1: 60, y1: 30), text: "###"),
            TextInstance(polygon: .rectangle(x0: 10, y0: 100, x1: 80, y1: 106), text: "tiny"), // 6 px tall < 8
        ])
        #expect(labels.probability.values.allSatisfy { $0 == 0 })
        #expect(labels.thresholdMask.values.allSatisfy { $0 == 0 })
        #expect(labels.probabilityMask[30, 20] == 0 && labels.probabilityMask[40, 103] == 0)
        #expect(labels.probabilityMask[100, 60] == 1)
        #expect(labels.probabilityMask.values.filter { $0 == 0 }.count == 51 * 21 + 71 * 7)
    }

    @Test("CRAFT: region Gaussian peaks at character centres, affinity between neighbours")
    func craft() throws {
        let chars = [Polygon.rectangle(x0: 20, y0: 20, x1: 60, y1: 60), Polygon.rectangle(x0: 60, y0: 20, x1: 100, y1: 60)]
        let word = TextInstance(polygon: .rectangle(x0: 20, y0: 20, x1: 100, y1: 60), text: "ab", characters: chars)
        let labels = try CRAFTLabelMaker(scale: 1).make(width: 128, height: 80, instances: [word])
        #expect(labels.region[40, 40] > 0.97)
        #expect(labels.region[80, 40] > 0.97)
        // The box edge sits at 2 sigma: exp(-2) = 0.135 on the edge midpoint; 1 px inside is 1.9 sigma.
        #expect(abs(labels.region[40, 20] - 0.1353) < 0.005)
        #expect(abs(labels.region[40, 21] - 0.1642) < 0.005)
        #expect(labels.region[5, 5] == 0)
        // Affinity box: top-triangle centroids (40, 26.7) and (80, 26.7), bottom (80, 53.3) and (40, 53.3); centre (60, 40).
        let boxes = CRAFTLabelMaker.affinityBoxes(chars)
        #expect(boxes.count == 1)
        let third = 80.0 / 3
        #expect(abs(boxes[0].points[0].y - third) < 1e-9 && boxes[0].points[0].x == 40)
        #expect(abs(boxes[0].points[2].y - 2 * third) < 1e-9 && boxes[0].points[2].x == 80)
        #expect(labels.affinity[60, 40] > 0.95)
        #expect(labels.affinity[30, 40] == 0)
        #expect(labels.mask.values.allSatisfy { $0 == 1 })
    }

    @Test("CRAFT: words without character boxes are split evenly; ### words are masked")
    func craftFallback() throws {
        let cells = CRAFTLabelMaker.split(.rectangle(x0: 0, y0: 0, x1: 90, y1: 30), into: 3)
        #expect(cells == [Polygon.rectangle(x0: 0, y0: 0, x1: 30, y1: 30), .rectangle(x0: 30, y0: 0, x1: 60, y1: 30),
                          .rectangle(x0: 60, y0: 0, x1: 90, y1: 30)])
        let labels = try CRAFTLabelMaker(scale: 0.5).make(width: 200, height: 100, instances: [
            TextInstance(polygon: .rectangle(x0: 0, y0: 0, x1: 90, y1: 30), text: "abc"),
            TextInstance(polygon: .rectangle(x0: 100, y0: 50, x1: 180, y1: 90), text: "###"),
        ])
        #expect(labels.region.width == 100 && labels.region.height == 50)
        #expect(labels.region[7, 7] > 0.95 && labels.region[22, 7] > 0.95)
        #expect(labels.mask[70, 35] == 0 && labels.mask[10, 10] == 1)
    }
}
