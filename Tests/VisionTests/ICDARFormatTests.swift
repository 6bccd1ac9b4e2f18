import Foundation
import Testing
@testable import Vision

@Suite("ICDAR-2015 format")
struct ICDARFormatTests {
    @Test("ground truth: commas in transcriptions, ###, BOM, CRLF, blank lines")
    func groundTruth() throws {
        let text = "\u{FEFF}377,117,463,117,465,130,378,130,Genaxis Theatre\r\n374,155,409,155,409,170,374,170,###\r\n\r\n1,2,3,4,5,6,7,8,\"Hello, world\"\n"
        let items = try ICDARFormat.parseGroundTruth(text, file: "gt_img_1.txt")
        #expect(items.count == 3)
        #expect(items[0].text == "Genaxis Theatre")
        #expect(items[0].polygon == Polygon(flat: [377, 117, 463, 117, 465, 130, 378, 130]))
        #expect(!items[0].ignore)
        #expect(items[1].ignore)
        #expect(items[2].text == "\"Hello, world\"")
    }

    @Test("predictions with and without a score, quads and polygons")
    func predictions() throws {
        let text = "0,0,10,0,10,5,0,5\n1,1,9,1,9,4,1,4,0.875\n0,0,4,0,8,0,8,3,0,3\n0,0,4,0,8,0,8,3,0,3,0.5\n"
        let items = try ICDARFormat.parsePredictions(text, file: "res_a.txt")
        let pentagon = Polygon(flat: [0, 0, 4, 0, 8, 0, 8, 3, 0, 3])
        #expect(items == [Detection(polygon: .rectangle(x0: 0, y0: 0, x1: 10, y1: 5)),
                          Detection(polygon: .rectangle(x0: 1, y0: 1, x1: 9, y1: 4), score: 0.875),
                          Detection(polygon: pentagon), Detection(polygon: pentagon, score: 0.5)])
        #expect(try ICDARFormat.parsePredictions(ICDARFormat.formatPredictions(items), file: "r") == items)
    }

    struct BadLine: Sendable, CustomTestStringConvertible {
        let id: String
        let groundTruth: Bool
        let text: String
        let message: String
        var testDescription: String { id }
    }

    static let badLines: [BadLine] = [
        BadLine(id: "gt too few fields", groundTruth: true, text: "1,2,3,4,5,6,7,8,ok\n1,2,3\n",
                message: "gt_x.txt:2: expected 8 coordinates and a transcription (x1,y1,x2,y2,x3,y3,x4,y4,text), found 3 field(s); use ### as the transcription of unreadable text"),
        BadLine(id: "gt non-numeric coordinate", groundTruth: true, text: "\n1,2,x3,4,5,6,7,8,word\n",
                message: "gt_x.txt:2: field 3 'x3' is not a number"),
        BadLine(id: "res too few fields", groundTruth: false, text: "1,2,3,4,5,6,7,8\n1,2,3,4,5,6\n",
                message: "gt_x.txt:2: expected 8 coordinates and an optional score (x1,y1,x2,y2,x3,y3,x4,y4[,score]), found 6 field(s)"),
        BadLine(id: "res bad score", groundTruth: false, text: "1,2,3,4,5,6,7,8,high\n",
                message: "gt_x.txt:1: field 9 'high' is not a number"),
    ]

    @Test("malformed lines name file:line and the fix", arguments: badLines)
    func malformed(_ c: BadLine) {
        #expect {
            if c.groundTruth { _ = try ICDARFormat.parseGroundTruth(c.text, file: "gt_x.txt") }
            else { _ = try ICDARFormat.parsePredictions(c.text, file: "gt_x.txt") }
        } throws: { error in
            (error as? LocalizedError)?.errorDescription == c.message
        }
    }

    @Test("write then read round-trips, character sidecar included")
    func roundTrip() throws {
        let chars = [Polygon.rectangle(x0: 10, y0: 20, x1: 18, y1: 40), Polygon.rectangle(x0: 18, y0: 20, x1: 30, y1: 40)]
        let items = [TextInstance(polygon: .rectangle(x0: 10, y0: 20, x1: 30, y1: 40), text: "at, home", characters: chars),
                     TextInstance(polygon: Polygon(flat: [1.5, 2, 3, 2, 3, 4, 1.5, 4]), text: "x", ignore: true)]
        var back = try ICDARFormat.parseGroundTruth(ICDARFormat.formatGroundTruth(items), file: "t")
        try ICDARFormat.parseCharacters(ICDARFormat.formatCharacters(items), file: "c", into: &back)
        #expect(back == [items[0], TextInstance(polygon: items[1].polygon, text: "###", ignore: true)])
    }
}
