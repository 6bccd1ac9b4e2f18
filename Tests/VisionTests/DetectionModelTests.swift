import Foundation
import Testing
import TestSupport
import Torch
import Train
@testable import Vision

/// Deterministic test values.
func randomFloats(_ n: Int, seed: UInt64, in range: ClosedRange<Double> = 0...1) -> [Float] {
    var rng = SeededRandom(seed: seed)
    return (0..<n).map { _ in Float(rng.uniform(range.lowerBound, range.upperBound)) }
}

@Suite("Detection models: shapes and names")
struct DetectionModelShapeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let architecture: DetectionArchitecture
        let training: [Int], evaluation: [Int]
        let names: [String]
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "dbnet", architecture: .dbnet, training: [2, 3, 64, 96], evaluation: [2, 1, 64, 96],
             names: ["backbone.conv1.weight", "backbone.layer4.1.bn2.running_var", "neck.in5.weight", "neck.out2.weight",
                     "head.binarize.6.weight", "head.thresh.6.bias"]),
        Case(id: "dbnetpp", architecture: .dbnetpp, training: [2, 3, 64, 96], evaluation: [2, 1, 64, 96],
             names: ["neck.asf.conv.weight", "neck.asf.channel_wise.1.weight", "neck.asf.spatial_wise.0.weight",
                     "neck.asf.attention_wise.weight"]),
        Case(id: "craft", architecture: .craft, training: [2, 2, 32, 48], evaluation: [2, 2, 32, 48],
             names: ["backbone.layer1.0.conv1.weight", "upconv1.conv.0.weight", "upconv4.conv.4.running_mean",
                     "conv_cls.8.weight"]),
    ]

    @Test(arguments: cases)
    func outputShapes(_ c: Case) throws {
        var settings = DetectionModelSettings()
        settings.architecture = c.architecture
        settings.asf = c.architecture == .dbnetpp
        settings.widthMultiplier = 0.125
        let model = try Generator(seed: 1).withCurrent { try settings.makeModel() }
        let x = try Tensor.randn([2, 3, 64, 96])
        #expect(try model(x).shape == c.training)
        model.eval()
        let y = try withNoGrad { try model(x) }
        #expect(y.shape == c.evaluation)
        if c.architecture.isDB {
            // Evaluation returns probabilities.
            #expect(try y.min().item() >= 0 && y.max().item() <= 1)
        }
        let names = Set(model.stateDict().map(\.name))
        for name in c.names { #expect(names.contains(name), "missing \(name)") }
    }

    @Test("the width multiplier scales encoder and neck channels")
    func widthMultiplier() throws {
        var settings = DetectionModelSettings()
        settings.widthMultiplier = 0.25
        #expect(settings.scaledInnerChannels == 64)
        let model = try #require(try settings.makeModel() as? DBNet)
        #expect(model.encoder.stageChannels == [16, 32, 64, 128])
        #expect(model.neck.innerChannels == 64)
    }

    @Test("adaptive scale fusion gives one weight map per level, each in (0, 1)")
    func scaleAttention() throws {
        let fusion = try AdaptiveScaleFusion(channels: 32, levels: 4, settings: .init(attentionChannels: 8))
        let w = try fusion.weights(try Tensor.randn([2, 32, 8, 8]))
        #expect(w.shape == [2, 4, 8, 8])
        #expect(try w.min().item() > 0 && w.max().item() < 1)
        let levels = try (0..<4).map { _ in try Tensor.ones([2, 8, 8, 8]) }
        let fused = try fusion.fuse(try Tensor.randn([2, 32, 8, 8]), levels: levels)
        #expect(fused.shape == [2, 32, 8, 8])
    }

    @Test("the differentiable binarization is 1/(1+exp(-k(P-T)))")
    func stepFunction() throws {
        let head = try DBHead(channels: 16, k: 50)
        let p = try Tensor([0.5, 0.52, 0.3, 0.9] as [Float]), t = try Tensor([0.5, 0.5, 0.4, 0.3] as [Float])
        let b = try head.binarize(probability: p, threshold: t).toArray(Float.self)
        let expected = zip([0.5, 0.52, 0.3, 0.9], [0.5, 0.5, 0.4, 0.3]).map { 1 / (1 + Foundation.exp(-50 * ($0 - $1))) }
        for (got, want) in zip(b, expected) { #expect(abs(Double(got) - want) < 1e-6) }
    }
}

@Suite("Detection losses")
struct DetectionLossTests {
    @Test("top-k sums match a sort, ties share the remaining weight")
    func topK() throws {
        let values: [Float] = [0.5, 3, 1, 3, 2, 0, 3, 0.25]
        let t = try Tensor(values).requiringGrad()
        for k in 0...values.count {
            let expected = values.sorted(by: >).prefix(k).reduce(0, +)
            #expect(abs(try HardNegativeMining.topKSum(t, k: k).item() - Double(expected)) < 1e-6, "k = \(k)")
        }
        // k = 2 of three tied 3s: each tied entry gets gradient 2/3.
        try HardNegativeMining.topKSum(t, k: 2).backward()
        let grad = try #require(try t.grad).toArray(Float.self)
        let expected: [Float] = [0, 2, 0, 2, 0, 0, 2, 0]
        for (g, e) in zip(grad, expected) { #expect(abs(g * 3 - e) < 1e-5) }
        #expect(HardNegativeMining.kthLargest([4, 1, 4, 2, 9], 3) == 4)
        #expect(HardNegativeMining.kthLargest([4, 1, 4, 2, 9], 4) == 2)
    }

    @Test("balanced BCE keeps every positive and the 3x hardest negatives (hand computed)")
    func balancedBCEByHand() throws {
        // One positive, six negatives: the three hardest negatives join the positive.
        let logits: [Float] = [0.4, 2, -1, 0.5, 3, -2, 1]
        let target: [Float] = [1, 0, 0, 0, 0, 0, 0]
        func bce(_ x: Double, _ y: Double) -> Double { -(y * log(1 / (1 + exp(-x))) + (1 - y) * log(1 - 1 / (1 + exp(-x)))) }
        let negatives = zip(logits, target).dropFirst().map { bce(Double($0), Double($1)) }.sorted(by: >)
        let expected = (bce(0.4, 1) + negatives.prefix(3).reduce(0, +)) / 4
        let loss = try DBLoss().balancedBCE(logits: Tensor(logits, shape: [1, 1, 1, 7]), target: Tensor(target, shape: [1, 1, 1, 7]),
                                            mask: Tensor.ones([1, 1, 1, 7]))
        #expect(abs(try loss.item() - expected) < 1e-5)
        // A masked-out negative is never mined, however hard.
        let masked = try DBLoss().balancedBCE(logits: Tensor(logits, shape: [1, 1, 1, 7]), target: Tensor(target, shape: [1, 1, 1, 7]),
                                              mask: Tensor([1, 1, 1, 1, 0, 1, 1] as [Float], shape: [1, 1, 1, 7]))
        let kept = [bce(2, 0), bce(-1, 0), bce(0.5, 0), bce(-2, 0), bce(1, 0)].sorted(by: >)
        #expect(abs(try masked.item() - (bce(0.4, 1) + kept.prefix(3).reduce(0, +)) / 4) < 1e-5)
    }

    @Test("masked L1 averages over the mask; dice on the masked binary map")
    func l1AndDice() throws {
        let p = try Tensor([0.2, 0.9, 0.5, 0.1] as [Float]), t = try Tensor([0.3, 0.7, 0.5, 0.9] as [Float])
        let m = try Tensor([1, 1, 0, 0] as [Float])
        #expect(abs(try DBLoss().maskedL1(p, t, mask: m).item() - 0.15) < 1e-6)
        #expect(try DBLoss().maskedL1(p, t, mask: Tensor.zeros([4])).item() == 0)
        let dice = try p.diceLoss(t, mask: m).item()
        #expect(abs(dice - (1 - 2 * (0.2 * 0.3 + 0.9 * 0.7) / (1.1 + 1.0 + 1e-6))) < 1e-6)
    }

    @Test("DBNet loss and its gradients match PyTorch", .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func dbLossAgainstPyTorch() throws {
        let shape = [2, 1, 12, 16], n = 2 * 12 * 16
        let logitsValues = randomFloats(n, seed: 1, in: -3...3), threshValues = randomFloats(n, seed: 2, in: 0.2...0.8)
        let gt = randomFloats(n, seed: 3).map { $0 < 0.2 ? Float(1) : 0 }
        let mask = randomFloats(n, seed: 4).map { $0 < 0.9 ? Float(1) : 0 }
        let threshGT = randomFloats(n, seed: 5, in: 0.3...0.7), threshMask = randomFloats(n, seed: 6).map { $0 < 0.4 ? Float(1) : 0 }
        let logits = try Tensor(logitsValues, shape: shape).requiringGrad(), thresh = try Tensor(threshValues, shape: shape).requiringGrad()
        let binary = try DBHead(channels: 4, k: 50).binarize(probability: logits.sigmoid(), threshold: thresh)
        let targets = DBTargets(probability: try Tensor(gt, shape: shape), probabilityMask: try Tensor(mask, shape: shape),
                                threshold: try Tensor(threshGT, shape: shape), thresholdMask: try Tensor(threshMask, shape: shape))
        let terms = try DBLoss()(try Tensor.cat([logits, thresh, binary], dim: 1), targets)
        try terms.total.backward()
        let input: [String: Any] = ["kind": "db", "shape": shape, "logits": logitsValues, "thresh": threshValues, "gt": gt,
                                    "mask": mask, "thresh_gt": threshGT, "thresh_mask": threshMask]
        let out = try ReferencePython.run("detection_loss_reference.py", input: JSONSerialization.data(withJSONObject: input))
        let reference = try #require(try JSONSerialization.jsonObject(with: out) as? [String: Any])
        #expect(abs(try terms.total.item() - (reference["total"] as! Double)) < 1e-4)
        #expect(abs(terms.parts["loss_prob"]! - 5 * (reference["bce"] as! Double)) < 1e-4)
        #expect(abs(terms.parts["loss_thresh"]! - 10 * (reference["l1"] as! Double)) < 1e-4)
        #expect(abs(terms.parts["loss_binary"]! - (reference["dice"] as! Double)) < 1e-4)
        let gradLogits = try #require(try logits.grad).toArray(Float.self), gradThresh = try #require(try thresh.grad).toArray(Float.self)
        for (a, b) in zip(gradLogits, reference["grad_logits"] as! [Double]) { #expect(abs(Double(a) - b) < 1e-5) }
        for (a, b) in zip(gradThresh, reference["grad_thresh"] as! [Double]) { #expect(abs(Double(a) - b) < 1e-5) }
    }

    @Test("CRAFT loss and its gradients match PyTorch", .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func craftLossAgainstPyTorch() throws {
        let (n, h, w) = (3, 10, 12), count = n * h * w
        let predValues = randomFloats(2 * count, seed: 7, in: -0.2...1.1)
        // Image 0 has text, image 1 has some, image 2 none (the 500-hardest-negatives branch).
        var region = randomFloats(count, seed: 8).map { $0 < 0.3 ? $0 * 3 : 0 }
        var affinity = randomFloats(count, seed: 9).map { $0 < 0.2 ? $0 * 4 : 0 }
        for i in (2 * h * w)..<count { region[i] = 0; affinity[i] = 0.05 }
        let mask = randomFloats(count, seed: 10).map { $0 < 0.95 ? Float(1) : 0 }
        let pred = try Tensor(predValues, shape: [n, 2, h, w]).requiringGrad()
        let targets = CRAFTTargets(region: try Tensor(region, shape: [n, h, w]), affinity: try Tensor(affinity, shape: [n, h, w]),
                                   mask: try Tensor(mask, shape: [n, h, w]))
        let terms = try CRAFTLoss()(pred, targets)
        try terms.total.backward()
        let input: [String: Any] = ["kind": "craft", "pred_shape": [n, 2, h, w], "map_shape": [n, h, w], "pred": predValues,
                                    "region": region, "affinity": affinity, "mask": mask]
        let out = try ReferencePython.run("detection_loss_reference.py", input: JSONSerialization.data(withJSONObject: input))
        let reference = try #require(try JSONSerialization.jsonObject(with: out) as? [String: Any])
        #expect(abs(terms.parts["loss_region"]! - (reference["region"] as! Double)) < 1e-5)
        #expect(abs(terms.parts["loss_affinity"]! - (reference["affinity"] as! Double)) < 1e-5)
        let grad = try #require(try pred.grad).toArray(Float.self)
        for (a, b) in zip(grad, reference["grad"] as! [Double]) { #expect(abs(Double(a) - b) < 1e-5) }
    }
}

@Suite("Detection input normalization")
struct InputNormalizationTests {
    @Test("per-image standardisation gives zero mean and unit deviation, and finite values on flat images")
    func perImage() throws {
        var image = Image(width: 8, height: 4, channels: 3, fill: [200, 90, 10])
        image[3, 1, 0] = 10
        image[5, 2, 0] = 250
        let x = try InputNormalization.perImage.input(image)
        let red = Array(x[0..<32])
        let mean = red.reduce(0, +) / 32, variance = red.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 32
        #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-4)
        // Green and blue are flat: finite zeros, never NaN.
        #expect(x[32...].allSatisfy { $0 == 0 })
        let flat = try InputNormalization.perImage.input(Image(width: 5, height: 3, channels: 3, fill: [77, 77, 77]))
        #expect(flat.allSatisfy { $0.isFinite })
    }
}
