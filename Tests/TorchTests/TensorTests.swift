import Foundation
import Testing
@testable import Torch

@Suite("Tensor basics")
struct TensorTests {
    @Test func creationShapesAndTypes() throws {
        let z = try Tensor.zeros([2, 3])
        #expect(z.shape == [2, 3])
        #expect(z.dtype == .float32)
        #expect(try z.toArray(Float.self) == [Float](repeating: 0, count: 6))
        #expect(try Tensor.ones([4], dtype: .int64).toArray(Int64.self) == [1, 1, 1, 1])
        #expect(try Tensor.arange(0, 5).toArray(Float.self) == [0, 1, 2, 3, 4])
        #expect(try Tensor.full([2], value: 2.5, dtype: .float64).toArray(Double.self) == [2.5, 2.5])
        let t = try Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        #expect(try t.transpose(0, 1).contiguous().toArray(Float.self) == [1, 4, 2, 5, 3, 6])
        #expect(try t.to(.int64).toArray(Int64.self) == [1, 2, 3, 4, 5, 6])
        #expect(throws: TorchError.dtypeMismatch(expected: .int64, actual: .float32)) { try t.toArray(Int64.self) }
    }

    @Test func arithmeticAndReductions() throws {
        let a = try Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
        let b = try Tensor([10, 20] as [Float])
        #expect(try (a + b).toArray(Float.self) == [11, 22, 13, 24])
        #expect(try (a * 2.0 - 1.0).toArray(Float.self) == [1, 3, 5, 7])
        #expect(try (1.0 - a).toArray(Float.self) == [0, -1, -2, -3])
        #expect(try (a / b).toArray(Float.self) == [0.1, 0.1, 0.3, 0.2])
        #expect(try a.sum().item() == 10)
        #expect(try a.mean(dims: [1]).toArray(Float.self) == [1.5, 3.5])
        #expect(try a.max(dims: [0]).toArray(Float.self) == [3, 4])
        #expect(try a.argmax(dim: 1).toArray(Int64.self) == [1, 1])
        #expect(try a.matmul(a).toArray(Float.self) == [7, 10, 15, 22])
        #expect(try Tensor([3, 4] as [Float]).norm().item() == 5)
        #expect(try Tensor([-1, 0, 2] as [Float]).relu().toArray(Float.self) == [0, 0, 2])
        let sm = try Tensor([0, Float(Foundation.log(3.0))] as [Float]).softmax(dim: 0).toArray(Float.self)
        #expect(Swift.abs(sm[0] - 0.25) < 1e-6 && Swift.abs(sm[1] - 0.75) < 1e-6)
    }

    @Test func libtorchErrorBecomesSwiftError() throws {
        let a = try Tensor.zeros([2, 3]), b = try Tensor.zeros([4, 5])
        do {
            _ = try a.matmul(b)
            Issue.record("matmul of mismatched shapes did not throw")
        } catch let error as TorchError {
            #expect(error.localizedDescription
                == "libtorch error in matmul of [2, 3] and [4, 5]: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)")
        }
        #expect(throws: TorchError.self) { try a.reshape([7]) }
    }

    @Test func indexingSlicingJoining() throws {
        let t = try Tensor.arange(0, 12).reshape([3, 4])
        #expect(try t[1].toArray(Float.self) == [4, 5, 6, 7])
        #expect(try t.slice(dim: 1, start: 1, end: 3).contiguous().toArray(Float.self) == [1, 2, 5, 6, 9, 10])
        #expect(try t.indexSelect(dim: 0, index: Tensor([2, 0] as [Int64])).toArray(Float.self) == [8, 9, 10, 11, 0, 1, 2, 3])
        #expect(try Tensor.cat([t[0], t[2]]).toArray(Float.self) == [0, 1, 2, 3, 8, 9, 10, 11])
        #expect(try Tensor.stack([t[0], t[2]], dim: 1).shape == [4, 2])
        #expect(try t.flatten().shape == [12])
    }

    @Test func inPlaceUpdatesDoNotRecordGradients() throws {
        let p = try Tensor([1, 2] as [Float]).requiringGrad()
        try p.add_(Tensor([1, 1] as [Float]), alpha: 0.5)
        try p.addcmul_(Tensor([2, 2] as [Float]), Tensor([3, 3] as [Float]), value: 0.5)
        try p.addcdiv_(Tensor([4, 4] as [Float]), Tensor([2, 4] as [Float]), value: 1)
        try p.lerp_(Tensor([0, 0] as [Float]), weight: 0.5)
        #expect(try p.toArray(Float.self) == [(1.5 + 3 + 2) / 2, (2.5 + 3 + 1) / 2])
        try p.clamp_(max: 3)
        #expect(try p.toArray(Float.self) == [3, 3])
        #expect(p.requiresGrad)
        #expect(try p.grad == nil)
    }

    @Test func autogradComputesGradients() throws {
        let x = try Tensor([1, 2, 3] as [Float]).requiringGrad()
        let y = try (x * x).sum()
        try y.backward()
        #expect(try #require(try x.grad).toArray(Float.self) == [2, 4, 6])
        x.zeroGrad()
        #expect(try x.grad == nil)
        let z = try withNoGrad { try (x * 3.0).sum() }
        #expect(!z.requiresGrad)
    }

    /// The only test drawing from the default generator (tests run in parallel; all others
    /// use a `Generator` of their own).
    @Test func seedAndGeneratorStateReproduceSamples() throws {
        Torch.manualSeed(7)
        let state = try Torch.rngState()
        let first = try Tensor.randn([5]).toArray(Float.self)
        try Torch.setRNGState(state)
        #expect(try Tensor.randn([5]).toArray(Float.self) == first)
        Torch.manualSeed(7)
        #expect(try Tensor.randn([5]).toArray(Float.self) == first)
    }

    @Test func threadCountIsSettable() {
        // Tests run in parallel and share the setting, so only the value they all use is set.
        Torch.threadCount = 1
        #expect(Torch.threadCount == 1)
    }

    @Test func generatorIsIndependentOfTheDefaultOne() throws {
        let g = try Generator(seed: 3)
        let state = try g.state()
        let first = try g.withCurrent { try Tensor.randperm(10).toArray(Int64.self) }
        _ = try Generator(seed: 3).withCurrent { try Tensor.randn([100]) }   // another generator moves; g does not
        try g.setState(state)
        #expect(try g.withCurrent { try Tensor.randperm(10).toArray(Int64.self) } == first)
        #expect(try Generator(seed: 3).withCurrent { try Tensor.randperm(10).toArray(Int64.self) } == first)
        #expect(try Generator(seed: 4).withCurrent { try Tensor.randperm(10).toArray(Int64.self) } != first)
    }
}
