import Foundation
import Testing
@testable import Torch

@Suite("Neural-network ops")
struct NNOpsTests {
    @Test func convolutionAndTransposeShapes() throws {
        let x = try Tensor.ones([1, 1, 4, 4])
        let w = try Tensor.ones([2, 1, 3, 3])
        let y = try x.conv2d(weight: w, bias: Tensor([0, 1] as [Float]), padding: (1, 1))
        #expect(y.shape == [1, 2, 4, 4])
        // Corner sees 4 ones, centre 9; the second channel adds its bias 1.
        let v = try y.toArray(Float.self)
        #expect(v[0] == 4 && v[5] == 9 && v[16] == 5 && v[21] == 10)
        let wt = try Tensor.ones([2, 3, 2, 2])
        #expect(try y.convTranspose2d(weight: wt, bias: nil, stride: (2, 2)).shape == [1, 3, 8, 8])
    }

    @Test func batchNormUpdatesRunningStatistics() throws {
        let x = try Tensor([1, 3, 5, 7] as [Float], shape: [4, 1, 1, 1])
        let mean = try Tensor.zeros([1]), variance = try Tensor.ones([1])
        let y = try x.batchNorm(weight: nil, bias: nil, runningMean: mean, runningVar: variance, training: true)
        #expect(try Swift.abs(y.mean().item()) < 1e-6)
        // momentum 0.1: mean 0.9*0 + 0.1*4; unbiased variance of [1,3,5,7] is 20/3.
        #expect(Swift.abs(try mean.item() - 0.4) < 1e-6)
        #expect(Swift.abs(try variance.item() - (0.9 + 0.1 * 20.0 / 3.0)) < 1e-5)
        let e = try x.batchNorm(weight: nil, bias: nil, runningMean: mean, runningVar: variance, training: false)
        #expect(Swift.abs(try e[0].item() - (1 - 0.4) / Foundation.sqrt(0.9 + 2.0 / 3.0 + 1e-5)) < 1e-5)
    }

    @Test func poolingAndInterpolation() throws {
        let x = try Tensor.arange(0, 16).reshape([1, 1, 4, 4])
        #expect(try x.maxPool2d(kernel: (2, 2)).toArray(Float.self) == [5, 7, 13, 15])
        #expect(try x.avgPool2d(kernel: (2, 2)).toArray(Float.self) == [2.5, 4.5, 10.5, 12.5])
        #expect(try x.adaptiveAvgPool2d((1, 1)).item() == 7.5)
        #expect(try x.adaptiveMaxPool2d((1, 1)).item() == 15)
        let small = try Tensor([1, 2, 3, 4] as [Float], shape: [1, 1, 2, 2])
        #expect(try small.interpolate(size: (4, 4), mode: .nearest).toArray(Float.self)
            == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        let bilinear = try small.interpolate(scale: 2, mode: .bilinear, alignCorners: true).toArray(Float.self)
        #expect(bilinear.count == 16 && Swift.abs(bilinear[0] - 1) < 1e-6 && Swift.abs(bilinear[15] - 4) < 1e-6)
        #expect(Swift.abs(bilinear[1] - (1 + 1.0 / 3.0)) < 1e-6)
    }

    @Test func lossesMatchTheirFormulas() throws {
        let logits = try Tensor([2, 0, -1, 0.5, 1, 1] as [Float], shape: [2, 3])
        let target = try Tensor([0, 2] as [Int64])
        let eps = 0.1
        // Independent computation: -Σ ((1-ε)·onehot + ε/K) · log_softmax.
        let rows: [[Double]] = [[2, 0, -1], [0.5, 1, 1]]
        var expected = 0.0
        for (row, cls) in zip(rows, [0, 2]) {
            let lse = Foundation.log(row.map { Foundation.exp($0) }.reduce(0, +))
            for k in 0..<3 {
                let q = (k == cls ? 1 - eps : 0) + eps / 3
                expected -= q * (row[k] - lse)
            }
        }
        expected /= 2
        #expect(Swift.abs(try logits.crossEntropy(target, labelSmoothing: eps).item() - expected) < 1e-6)

        let p = try Tensor([0.0, 2.0] as [Float]), y = try Tensor([1, 0] as [Float])
        let bce = (Foundation.log(2.0) + (2 + Foundation.log(1 + Foundation.exp(-2.0)))) / 2
        #expect(Swift.abs(try p.bceWithLogits(y).item() - bce) < 1e-6)
        #expect(try p.l1Loss(y).item() == 1.5)
        #expect(try p.mseLoss(y).item() == 2.5)
        let dice = try Tensor([1, 0.5] as [Float]).diceLoss(Tensor([1, 1] as [Float]), eps: 0).item()
        #expect(Swift.abs(dice - (1 - 3.0 / 3.5)) < 1e-6)
    }
}
