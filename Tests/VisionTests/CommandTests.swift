import Foundation
import Testing
@testable import Vision

/// The `eval_det` and `ablate-data` executables as real processes: output, exit codes, one-line errors.
@Suite("Command-line tools")
struct CommandTests {
    /// A built executable next to the test bundle.
    static func executable(_ name: String) throws -> URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.pathExtension == "xctest" { dir = dir.deletingLastPathComponent() }
        let url = dir.appendingPathComponent(name)
        try #require(FileManager.default.isExecutableFile(atPath: url.path), "\(name) is not built next to the tests (\(dir.path))")
        return url
    }

    static func run(_ name: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = try executable(name)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test("ablate-data generate writes a set that eval_det scores; errors exit 2 with one line")
    func generateAndScore() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        let gen = try Self.run("ablate-data", ["generate", "--out", data.path, "--count", "3", "--seed", "5", "--width", "160", "--height", "120"])
        #expect(gen.status == 0, "\(gen.err)")
        #expect(try ICDARDataset(root: data).count == 3)

        // Predict the ground truth itself, minus one word, plus one stray box.
        let pred = root.appendingPathComponent("pred")
        try FileManager.default.createDirectory(at: pred, withIntermediateDirectories: true)
        var counts = DetectionCounts()
        for i in 0..<3 {
            var gt = try ICDARFormat.readGroundTruth(data.appendingPathComponent("gt_img_\(i).txt"))
            if i == 0, let k = gt.firstIndex(where: { !$0.ignore }) { gt.remove(at: k) }
            var dets = gt.filter { !$0.ignore }.map { Detection(polygon: $0.polygon, score: 0.9) }
            if i == 1 { dets.append(Detection(polygon: .rectangle(x0: 0, y0: 0, x1: 3, y1: 3))) }
            try ICDARFormat.formatPredictions(dets).write(to: pred.appendingPathComponent("res_img_\(i).txt"), atomically: true, encoding: .utf8)
            counts = counts + (try DetectionEvaluator().evaluate(groundTruth: try ICDARFormat.readGroundTruth(data.appendingPathComponent("gt_img_\(i).txt")),
                                                                  detections: dets.map(\.polygon)))
        }
        #expect(counts.score.recall < 1 && counts.score.precision < 1)
        let json = try Self.run("eval_det", ["--gt", data.path, "--pred", pred.path, "--json"])
        #expect(json.status == 0)
        let parsed = try JSONDecoder().decode(DetectionScore.self, from: Data(json.out.utf8))
        #expect(parsed == counts.score)
        let text = try Self.run("eval_det", ["--gt", data.path, "--pred", pred.path])
        #expect(text.out == String(format: "precision %.4f  recall %.4f  hmean %.4f\n", counts.score.precision, counts.score.recall, counts.score.hmean))

        let missing = try Self.run("eval_det", ["--gt", root.appendingPathComponent("nope").path, "--pred", pred.path])
        #expect(missing.status == 2)
        #expect(missing.err == "eval_det: No ground-truth folder at '\(root.path)/nope': check the path exists and is readable.\n")
        try "1,2,3\n".write(to: pred.appendingPathComponent("res_img_2.txt"), atomically: true, encoding: .utf8)
        let bad = try Self.run("eval_det", ["--gt", data.path, "--pred", pred.path])
        #expect(bad.status == 2)
        #expect(bad.err == "eval_det: \(pred.path)/res_img_2.txt:1: expected 8 coordinates and an optional score (x1,y1,x2,y2,x3,y3,x4,y4[,score]), found 3 field(s)\n")
        #expect(try Self.run("eval_det", ["--gt", data.path]).status == 2)
    }

    @Test("scripts/augment-preview writes the grid of a composed config's augmentation; a detection config or no --output exits 2 with one line")
    func augmentPreview() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/augment-preview")
        func preview(_ arguments: [String]) throws -> (status: Int32, err: String) {
            let process = Process()
            process.executableURL = script
            process.arguments = arguments
            // The binaries of this build, never a rebuild from inside the tests.
            var environment = ProcessInfo.processInfo.environment
            environment["ABLATE_BIN_DIR"] = try Self.executable("train").deletingLastPathComponent().path
            process.environment = environment
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            let e = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: e, as: UTF8.self))
        }
        let grid = root.appendingPathComponent("grid.png")
        let ok = try preview(["+experiment=fmnist_baseline", "data.augment.cutout.p=1", "data.augment.mixup.alpha=0.2",
                              "--output", grid.path, "--samples", "3", "--draws", "2", "--zoom", "2"])
        #expect(ok.status == 0, "\(ok.err)")
        let image = try Image.read(grid)
        // 3 columns (clean + 2 draws) and 3 rows of 56-pixel images with 2-pixel gaps.
        #expect(image.width == 3 * 58 + 2 && image.height == 3 * 58 + 2)
        let detection = try preview(["--output", grid.path])
        #expect(detection.status == 2 && detection.err.contains("data.dataset") && detection.err.split(separator: "\n").count == 1, "\(detection.err)")
        let noOutput = try preview(["+experiment=fmnist_baseline"])
        #expect(noOutput.status == 2 && noOutput.err.contains("--output"), "\(noOutput.err)")
    }
}
