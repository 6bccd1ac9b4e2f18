import Foundation
import Testing
@testable import Vision

@Suite("Image I/O and ICDAR folders")
struct ImageIOTests {
    static func pattern() -> Image {
        var image = Image(width: 40, height: 30, channels: 3)
        for y in 0..<30 { for x in 0..<40 { image[x, y, 0] = UInt8(x * 6); image[x, y, 1] = UInt8(y * 8); image[x, y, 2] = 128 } }
        return image
    }

    @Test("PNG round-trips exactly in RGB order; JPEG closely; gray decoding")
    func roundTrip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = Self.pattern()
        try image.write(to: dir.appendingPathComponent("a.png"))
        #expect(try Image.read(dir.appendingPathComponent("a.png")) == image)
        try image.write(to: dir.appendingPathComponent("a.jpg"))
        let jpeg = try Image.read(dir.appendingPathComponent("a.jpg"))
        let meanError = zip(jpeg.pixels, image.pixels).map { abs(Double($0) - Double($1)) }.reduce(0, +) / Double(image.pixels.count)
        #expect(meanError < 4)
        #expect(jpeg[39, 0, 0] > 200 && jpeg[0, 29, 1] > 200) // red grows to the right, green downwards
        let gray = try Image.read(dir.appendingPathComponent("a.png"), gray: true)
        #expect(gray.channels == 1 && gray.width == 40)
    }

    @Test("unreadable images are one clear error")
    func errors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("missing.png")
        #expect(throws: VisionError.imageIO(path: path.path, reason: "no such readable file; check the path")) {
            try Image.read(path)
        }
        let text = dir.appendingPathComponent("notes.png")
        try "not an image".write(to: text, atomically: true, encoding: .utf8)
        #expect(throws: VisionError.imageIO(path: text.path, reason: "cannot decode image (missing, unreadable or not an image)")) {
            try Image.read(text)
        }
        #expect(VisionError.imageIO(path: "/x.png", reason: "cannot decode image (missing, unreadable or not an image)").localizedDescription
            == "Image '/x.png': cannot decode image (missing, unreadable or not an image).")
    }

    @Test("dataset folders: images/ plus gts/, a JPEG, and an image without ground truth")
    func dataset() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let images = root.appendingPathComponent("images"), gts = root.appendingPathComponent("gts")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: gts, withIntermediateDirectories: true)
        try Self.pattern().write(to: images.appendingPathComponent("img_2.jpg"))
        try Self.pattern().write(to: images.appendingPathComponent("img_1.png"))
        try "1,1,20,1,20,10,1,10,Hello\n".write(to: gts.appendingPathComponent("gt_img_1.txt"), atomically: true, encoding: .utf8)
        try "\u{FEFF}2,2,30,2,30,12,2,12,###\n".write(to: gts.appendingPathComponent("gt_img_2.txt"), atomically: true, encoding: .utf8)
        let dataset = try ICDARDataset(root: root)
        #expect(dataset.names == ["img_1", "img_2"])
        let (image, annotations) = try dataset.load(1)
        #expect(image.width == 40 && image.height == 30)
        #expect(annotations == [TextInstance(polygon: .rectangle(x0: 2, y0: 2, x1: 30, y1: 12), text: "###")])

        try Self.pattern().write(to: images.appendingPathComponent("img_3.png"))
        #expect(throws: VisionError.invalidArgument("Image '\(images.path)/img_3.png' has no ground truth: expected '\(gts.path)/gt_img_3.txt'.")) {
            try ICDARDataset(root: root)
        }
        // ICDAR-2015's own folder names.
        let icdar = root.appendingPathComponent("ic15")
        let icImages = icdar.appendingPathComponent("ch4_test_images"), icGT = icdar.appendingPathComponent("ch4_test_localization_transcription_gt")
        try FileManager.default.createDirectory(at: icImages, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: icGT, withIntermediateDirectories: true)
        try Self.pattern().write(to: icImages.appendingPathComponent("img_7.jpg"))
        try "1,1,20,1,20,10,1,10,Hi\n".write(to: icGT.appendingPathComponent("gt_img_7.txt"), atomically: true, encoding: .utf8)
        let ic15 = try ICDARDataset(root: icdar)
        #expect(ic15.names == ["img_7"] && ic15.labelDirectory.lastPathComponent == "ch4_test_localization_transcription_gt")

        #expect(throws: VisionError.missingPath(root.appendingPathComponent("none").path, what: "dataset folder")) {
            try ICDARDataset(root: root.appendingPathComponent("none"))
        }
    }
}
