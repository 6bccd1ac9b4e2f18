import Foundation
import Testing
@testable import Torch

@Suite("safetensors")
struct SafeTensorsTests {
    @Test func roundTripKeepsValuesTypesOrderAndMetadata() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.safetensors")
        let w = try Generator(seed: 1).withCurrent { try Tensor.randn([3, 2]) }
        let n = try Tensor([5] as [Int64], shape: [])
        let m = try Tensor([true, false] as [Bool])
        try SafeTensors.write([("z.weight", w), ("a.count", n), ("mask", m)], metadata: ["step": "12"], to: url)
        let back = try SafeTensors.read(url)
        #expect(back.tensors.map(\.name) == ["z.weight", "a.count", "mask"])
        #expect(back.metadata == ["step": "12"])
        #expect(try #require(back["z.weight"]).toArray(Float.self) == w.toArray(Float.self))
        #expect(try #require(back["a.count"]).shape == [])
        #expect(try #require(back["a.count"]).toArray(Int64.self) == [5])
        #expect(try #require(back["mask"]).toArray(Bool.self) == [true, false])
        // Header length is 8-byte aligned, as the format asks.
        let data = try Data(contentsOf: url)
        #expect(Int(data[0]) % 8 == 0)
    }

    @Test func truncatedFileIsAClearError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data([200, 0, 0, 0, 0, 0, 0, 0, 123]).write(to: url)
        #expect(throws: TorchError.safetensors(path: url.path,
            reason: "header length 200 exceeds the file size 9; the file is truncated or not safetensors")) {
            try SafeTensors.read(url)
        }
    }

    @Test("a directory or a missing path given as a checkpoint is a one-line error naming what to give instead")
    func directoryOrMissingPathIsAClearError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ckpts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(throws: TorchError.safetensors(path: folder.path, reason: "it is a directory, not a file; give the path of a checkpoint file")) {
            try SafeTensors.read(folder)
        }
        try Data().write(to: folder.appendingPathComponent("train_resume.ckpt"))
        try Data().write(to: folder.appendingPathComponent("best.ckpt"))
        #expect(throws: TorchError.safetensors(path: folder.path, reason: "it is a directory, not a file; give one of the files in it "
                                                + "(\(folder.path)/best.ckpt, \(folder.path)/train_resume.ckpt)")) {
            try SafeTensors.read(folder)
        }
        let missing = folder.appendingPathComponent("nope.ckpt")
        #expect(throws: TorchError.safetensors(path: missing.path, reason: "no such file; check the path")) {
            try SafeTensors.read(missing)
        }
    }
}
