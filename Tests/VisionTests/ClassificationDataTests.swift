import Config
import Foundation
import Testing
import Torch
import Train
@testable import Vision

/// Writes `bytes` to `url`, gzip-compressed when `gzip` (by the system's gzip).
private func write(_ bytes: [UInt8], to url: URL, gzip: Bool) throws {
    try Data(bytes).write(to: url)
    guard gzip else { return }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-f", url.path]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
}

@Suite("Classification data")
struct ClassificationDataTests {
    @Test("an IDX file round-trips, plain and gzip-compressed", arguments: [false, true])
    func idxRoundTrip(gzip: Bool) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let idx = IDXFile(dimensions: [3, 2, 2], bytes: (0..<12).map { UInt8($0 * 20) })
        let url = dir.appendingPathComponent("tiny-images-idx3-ubyte")
        try write(idx.encoded(), to: url, gzip: gzip)
        let read = try IDXFile(contentsOf: gzip ? url.appendingPathExtension("gz") : url, rank: 3)
        #expect(read == idx)
        // Header: two zero bytes, 0x08, rank 3, then big-endian sizes.
        #expect(Array(idx.encoded().prefix(8)) == [0, 0, 8, 3, 0, 0, 0, 3])
    }

    @Test("malformed IDX data is an error naming the file and the problem", arguments: [
        ([0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 7], "not an IDX file"),
        ([0, 0, 0x0D, 0x01, 0, 0, 0, 1, 7, 7, 7, 7], "32-bit floats"),
        ([0, 0, 0x08, 0x02, 0, 0, 0, 1, 0, 0, 0, 1, 7], "has 2 dimensions, expected 1"),
        ([0, 0, 0x08, 0x01, 0, 0, 0, 3, 7, 7], "need 3 bytes of data, the file has 2"),
        ([0, 0, 0x08], "too short"),
    ] as [([UInt8], String)])
    func idxErrors(bytes: [UInt8], expected: String) throws {
        do {
            _ = try IDXFile(parsing: bytes, file: "/data/x-labels-idx1-ubyte", rank: 1)
            Issue.record("no error for \(bytes)")
        } catch let error as VisionError {
            let message = error.errorDescription ?? ""
            #expect(message.contains("/data/x-labels-idx1-ubyte") && message.contains(expected), "\(message)")
        }
    }

    @Test("a truncated gzip file is an error naming the file")
    func truncatedGzip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t-images-idx3-ubyte")
        try write(IDXFile(dimensions: [40, 28, 28], bytes: (0..<(40 * 784)).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).encoded(),
                  to: url, gzip: true)
        let gz = url.appendingPathExtension("gz")
        let data = try Data(contentsOf: gz)
        try data.prefix(data.count / 2).write(to: gz)
        #expect(throws: VisionError.self) { try IDXFile(contentsOf: gz, rank: 3) }
        do { _ = try IDXFile(contentsOf: gz, rank: 3) } catch let error as VisionError {
            #expect(error.errorDescription?.contains(gz.path) == true, "\(error)")
        }
    }

    @Test("the train/val split is seeded, disjoint and complete", arguments: [(100, 20), (7, 0), (7, 7), (60_000, 10_000)])
    func split(count: Int, validation: Int) {
        let a = TrainValidationSplit(count: count, validationCount: validation, seed: 5)
        #expect(a == TrainValidationSplit(count: count, validationCount: validation, seed: 5))
        #expect(a.validation.count == validation && a.train.count == count - validation)
        #expect(Set(a.train).isDisjoint(with: a.validation))
        #expect((a.train + a.validation).sorted() == Array(0..<count))
        if validation > 1 && validation < count - 1 {
            #expect(a != TrainValidationSplit(count: count, validationCount: validation, seed: 6))
        }
    }

    @Test("crop with padding and flip move pixels as hand-computed (RandomCrop with padding, then RandomHorizontalFlip)", arguments: [
        // 3x3 image 1...9; padding 1: left/top 1 is the identity.
        (CropFlip.Parameters(left: 1, top: 1, flip: false), [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (CropFlip.Parameters(left: 1, top: 1, flip: true), [3, 2, 1, 6, 5, 4, 9, 8, 7]),
        (CropFlip.Parameters(left: 0, top: 0, flip: false), [0, 0, 0, 0, 1, 2, 0, 4, 5]),
        (CropFlip.Parameters(left: 2, top: 2, flip: false), [5, 6, 0, 8, 9, 0, 0, 0, 0]),
        // Flip after the crop: the cropped [0 0 0 / 0 1 2 / 0 4 5] mirrored.
        (CropFlip.Parameters(left: 0, top: 0, flip: true), [0, 0, 0, 2, 1, 0, 5, 4, 0]),
    ] as [(CropFlip.Parameters, [UInt8])])
    func cropFlip(parameters: CropFlip.Parameters, expected: [UInt8]) {
        let augment = CropFlip(padding: 1, flipProbability: 0.5)
        let source: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        var output = [UInt8](repeating: 99, count: 9)
        source.withUnsafeBufferPointer { s in
            output.withUnsafeMutableBufferPointer { augment.apply(parameters, source: s, channels: 1, height: 3, width: 3, output: $0) }
        }
        #expect(output == expected)
    }

    @Test("crop corners are uniform over 0...2*padding and flips happen at their rate")
    func cropFlipDraws() {
        let augment = CropFlip(padding: 2, flipProbability: 0.3)
        var random = SeededRandom(seed: 11)
        var corners = [Int](repeating: 0, count: 5), flips = 0
        let n = 20_000
        for _ in 0..<n {
            let p = augment.sample(using: &random)
            corners[p.left] += 1
            if p.flip { flips += 1 }
        }
        // Binomial standard deviations: sqrt(n p (1-p)) is about 57 for corners and 65 for flips.
        for count in corners { #expect(abs(count - n / 5) < 300, "\(corners)") }
        #expect(abs(flips - 6000) < 330, "\(flips)")
    }

    @Test("top-k accuracy counts a sample when fewer than k classes score higher")
    func topK() throws {
        var accuracy = TopKAccuracy(ks: [1, 2])
        let values: [Float] = [3, 1, 2, 1, 3, 2, 1, 2, 3]
        let logits = try Tensor(values, shape: [3, 3])
        let labels = [0, 2, 0]
        try accuracy.add(logits: logits, labels: labels, labelTensor: try Tensor(labels.map(Int64.init)))
        let expected: [Double] = [1.0 / 3, 2.0 / 3]
        #expect(accuracy.accuracies == expected)
        #expect(accuracy.count == 3)
    }

    @Test("Debian's Fashion-MNIST reads as 60,000 + 10,000 images of 28x28 in 10 balanced classes")
    func fashionMNIST() throws {
        let root = URL(fileURLWithPath: FashionMNIST.defaultRoot)
        let test = try FashionMNIST.load(.test, root: root)
        #expect(test.count == 10_000 && test.channels == 1 && test.height == 28 && test.width == 28)
        #expect(test.pixels.count == 10_000 * 784)
        var perClass = [Int](repeating: 0, count: 10)
        for label in test.labels { perClass[label] += 1 }
        #expect(perClass == [Int](repeating: 1000, count: 10))
        let train = try FashionMNIST.load(.train, root: root)
        #expect(train.count == 60_000)
        // The published training mean and std of Fashion-MNIST's pixels.
        let (mean, std) = train.channelStatistics()
        #expect(abs(mean[0] - 0.2860) < 0.001 && abs(std[0] - 0.3530) < 0.001, "\(mean) \(std)")
    }

    @Test("a missing dataset folder is a config error naming data.root and the package")
    func missingRoot() throws {
        do {
            _ = try FashionMNIST.load(.train, root: URL(fileURLWithPath: "/nonexistent/fmnist"))
            Issue.record("no error")
        } catch let error as TrainError {
            let message = error.errorDescription ?? ""
            #expect(message.contains("data.root") && message.contains("dataset-fashion-mnist") && error.exitCode == 2, "\(message)")
        }
    }
}
