import Config
import Foundation
import Testing
@testable import Torch
@testable import Train

@Suite("Clipping, EMA, pretrained init")
struct TechniqueTests {
    func parameters(_ grads: [[Float]]) throws -> [Tensor] {
        try grads.map { g in
            let p = try Tensor.zeros([g.count]).requiringGrad()
            try p.setGrad(Tensor(g))
            return p
        }
    }

    @Test func clipByNormScalesToTheLimitAndReportsThePreClipNorm() throws {
        let ps = try parameters([[3, 0], [0, 4]])   // global norm 5
        let norm = try GradientClipping.norm(maxNorm: 1).apply(to: ps)
        #expect(norm == 5)
        let scale = 1 / (5 + 1e-6)
        #expect(Swift.abs(try Double(ps[0].grad!.toArray(Float.self)[0]) - 3 * scale) < 1e-6)
        #expect(Swift.abs(try Double(ps[1].grad!.toArray(Float.self)[1]) - 4 * scale) < 1e-6)
        let small = try parameters([[0.3, 0.4]])
        #expect(Swift.abs(try GradientClipping.norm(maxNorm: 1).apply(to: small) - 0.5) < 1e-7)
        #expect(try small[0].grad!.toArray(Float.self) == [0.3, 0.4])
    }

    @Test func clipByValueClampsElements() throws {
        let ps = try parameters([[3, -0.5, -2]])
        let norm = try GradientClipping.value(1).apply(to: ps)
        #expect(Swift.abs(norm - (9 + 0.25 + 4).squareRoot()) < 1e-6)
        #expect(try ps[0].grad!.toArray(Float.self) == [1, -0.5, -1])
    }

    @Test func emaDecayTypes() {
        #expect(ConstantEMADecay(decay: 0.9).decay(update: 7, totalUpdates: 10) == 0.9)
        let threshold = ThresholdEMADecay(decay: 0.99)
        #expect(threshold.decay(update: 0, totalUpdates: 100) == 0.1)
        #expect(threshold.decay(update: 10, totalUpdates: 100) == 11.0 / 20.0)
        #expect(threshold.decay(update: 10_000, totalUpdates: 100) == 0.99)
        let exponential = ExponentialEMADecay(decay: 0.9999, beta: 15)
        #expect(exponential.decay(update: 0, totalUpdates: 100) == 0)
        #expect(Swift.abs(exponential.decay(update: 50, totalUpdates: 100) - 0.9999 * (1 - exp(-7.5))) < 1e-15)
    }

    /// A custom schedule through the protocol.
    struct Halving: EMADecaySchedule {
        func decay(update t: Int, totalUpdates: Int) -> Double { 0.5 }
    }

    @Test func emaAveragesFloatsAndCopiesIntegerBuffers() throws {
        let model = try Generator(seed: 0).withCurrent { try SmallConvNet(channels: 1, width: 2, classes: 2) }
        let ema = try ModelEMA(model: model, schedule: Halving(), totalUpdates: 10)
        let bn = try #require(model.children[0].module.children[1].module as? BatchNorm2d)
        let before = try bn.runningMean.toArray(Float.self)
        try bn.runningMean.fill_(1)
        try bn.numBatchesTracked.add_(3)
        try ema.update(from: model)
        let shadow = Dictionary(uniqueKeysWithValues: ema.shadow.map { ($0.name, $0.tensor) })
        #expect(try shadow["body.1.running_mean"]!.toArray(Float.self) == before.map { 0.5 * $0 + 0.5 })
        #expect(try shadow["body.1.num_batches_tracked"]!.toArray(Int64.self) == [3])
        #expect(ema.updates == 1)
        // Evaluating with the average swaps it in and puts the model's own weights back.
        let seen = try ema.withAveragedWeights(in: model) { try bn.runningMean.toArray(Float.self) }
        #expect(seen == before.map { 0.5 * $0 + 0.5 })
        #expect(try bn.runningMean.toArray(Float.self) == [1, 1])
    }

    @Test func pretrainedLoadsMatchesAndReportsSkips() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = try Generator(seed: 0)
        let source = try g.withCurrent { try ResNet.resnet18(widthMultiplier: 0.125, numClasses: 10) }
        let file = dir.appendingPathComponent("r18.safetensors")
        try SafeTensors.write(source.stateDict(), to: file)
        let target = try g.withCurrent { try ResNet.resnet18(widthMultiplier: 0.125, numClasses: 4) }
        let report = try Pretrained.load(into: target, from: file, exclude: ["layer4.1.*"])
        #expect(report.skipped.contains(.init(name: "fc.weight", reason: "shape [10, 64] in file, [4, 64] in model")))
        #expect(report.skipped.contains(.init(name: "fc.bias", reason: "shape [10] in file, [4] in model")))
        #expect(report.skipped.contains(.init(name: "layer4.1.conv1.weight", reason: "excluded by pattern 'layer4.1.*'")))
        #expect(report.loaded.contains("layer1.0.conv1.weight"))
        #expect(try target.stateDict().first { $0.name == "conv1.weight" }!.tensor.toArray(Float.self)
            == source.stateDict().first { $0.name == "conv1.weight" }!.tensor.toArray(Float.self))
        #expect(report.loaded.count + report.skipped.count == target.stateDict().count)
    }

    @Test func resnetShapesAndNames() throws {
        let (r50, features) = try Generator(seed: 0).withCurrent {
            let r50 = try ResNet.resnet50(widthMultiplier: 0.125)
            return (r50, try r50.features(Tensor.randn([1, 3, 64, 64])))
        }
        #expect(features.map(\.shape) == [[1, 32, 16, 16], [1, 64, 8, 8], [1, 128, 4, 4], [1, 256, 2, 2]])
        #expect(r50.stageChannels == [32, 64, 128, 256])
        let names = r50.stateDict().map(\.name)
        #expect(names.contains("layer1.0.downsample.0.weight") && names.contains("layer3.5.bn3.running_var"))
        // torchvision's resnet50 has 320 state-dict entries (161 parameters, 159 buffers) without fc.
        #expect(names.count == 318 && r50.namedParameters().count == 159)
    }
}

@Suite("Train config and task")
struct TrainTaskTests {
    func tree(_ yamlLike: [String: [String: ConfigValue]]) -> ConfigValue {
        var root: [(String, ConfigValue)] = []
        for (section, values) in yamlLike.sorted(by: { $0.key < $1.key }) {
            root.append((section, .dict(.init(uniqueKeysWithValues: values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))))
        }
        return .dict(.init(uniqueKeysWithValues: root))
    }

    @Test func unknownKeyInAnOwnedSectionIsAnError() throws {
        let config = tree(["optimizer": ["name": .string("sgd"), "lrr": .double(0.1)]])
        do {
            _ = try TrainConfig(config)
            Issue.record("unknown key accepted")
        } catch let error as TrainError {
            #expect(error.localizedDescription.hasPrefix("Invalid config at 'optimizer.lrr': unknown key. Known keys here: "))
            #expect(error.localizedDescription.contains("lr,"))
        }
        #expect(throws: TrainError.config(key: "optimizer.name", message: "'lion' is not one of sgd, adam, adamw, rmsprop, adadelta")) {
            try TrainConfig(tree(["optimizer": ["name": .string("lion")]]))
        }
        #expect(throws: TrainError.config(key: "data.train_samples", message: "must be at least 1, got 0")) {
            try TrainConfig(tree(["data": ["train_samples": .int(0)]]))
        }
        #expect(throws: TrainError.config(key: "train.clip_norm", message: "expected a number, got 'big'")) {
            try TrainConfig(tree(["train": ["clip_norm": .string("big")]]))
        }
    }

    @Test func decodesTheSeedTechniques() throws {
        let c = try TrainConfig(tree([
            "optimizer": ["name": .string("adamw"), "lr": .double(0.001), "weight_decay": .double(0.05), "lr_scaling_base_batch": .int(256)],
            "scheduler": ["name": .string("cosine"), "warmup_epochs": .int(2), "warmup_start_lr": .double(1e-6)],
            "train": ["gradient_accumulation_steps": .int(4), "clip_grad": .string("norm"), "clip_norm": .double(2),
                      "ema": .bool(true), "ema_decay_type": .string("threshold")],
            "data": ["batch_size": .int(32)],
            "model": ["resume": .bool(true)],
        ]))
        #expect(c.optimizer.weightDecayMode == .decoupled)
        #expect(c.globalBatch == 128 && c.scaledLearningRate == 0.0005)
        #expect(c.train.clipping == .norm(maxNorm: 2))
        #expect(c.train.ema && c.train.emaDecayType == "threshold")
        #expect(c.model.resume == "")
    }

    @Test func taskWritesMetricsLogAndCheckpoints() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = tree([
            "trainer": ["max_epochs": .int(2), "threads": .int(1)],
            "data": ["batch_size": .int(8), "train_samples": .int(32), "val_samples": .int(16), "image_size": .int(8)],
            "model": ["width": .int(4)],
            "train": ["ema": .bool(true)],
        ])
        let summary = try TrainTask.run(runDirectory: dir, config: config)
        #expect(summary.metrics["val/acc"] != nil && summary.metrics["lr"] == 0.01)
        #expect(summary.monitor == "val/acc" && summary.bestMetric != nil && summary.steps == 8 && summary.epochs == 2)
        let lines = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["step"] as? Int == 4 && first["epoch"] as? Int == 1 && first["time"] is Double)
        let values = try #require(first["metrics"] as? [String: Any])
        #expect(Set(values.keys).isSuperset(of: ["train/loss", "lr", "grad_norm", "samples_per_s", "val/loss", "val/acc"]))
        let log = try String(contentsOf: dir.appendingPathComponent("logs/train.log"), encoding: .utf8)
        #expect(log.contains("epoch 2/2 step 8"))
        let checkpoint = try Checkpoint.read(from: dir.appendingPathComponent("checkpoints/train_resume.ckpt"))
        #expect(checkpoint.metadata.epoch == 2 && checkpoint.metadata.step == 8 && checkpoint.metadata.emaUpdates == 8)
        #expect(checkpoint.emaNet != nil)
        #expect(checkpoint.metadata.config?.contains("max_epochs: 2") == true)
        #expect(checkpoint.evaluationWeights["body.0.weight"] === checkpoint.emaNet!.first { $0.name == "body.0.weight" }!.tensor)
    }
}
