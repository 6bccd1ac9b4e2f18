import Foundation
import Testing
import TestSupport
@testable import Torch
@testable import Train

/// The same model, data, seed, optimizer and schedule trained here and by PyTorch in Python
/// (Tests/Reference/torch_train_reference.py) over the same libtorch give the same losses.
@Suite("PyTorch cross-check", .serialized,
       .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
struct PyTorchCrossCheckTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let edit: @Sendable (inout TrainConfig) -> Void
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "SGD Nesterov, weight decay") {
            $0.optimizer.name = "sgd"; $0.optimizer.nesterov = true; $0.optimizer.momentum = 0.9
            $0.optimizer.weightDecay = 1e-3; $0.optimizer.lr = 0.05
        },
        Case(id: "AdamW") {
            $0.optimizer.name = "adamw"; $0.optimizer.lr = 0.01; $0.optimizer.weightDecay = 0.05
            $0.optimizer.weightDecayMode = .decoupled
        },
        Case(id: "RMSProp, warmup and cosine") {
            $0.optimizer.name = "rmsprop"; $0.optimizer.lr = 0.005; $0.optimizer.momentum = 0.5
            $0.scheduler.name = "cosine"; $0.scheduler.warmupEpochs = 1; $0.scheduler.warmupStartLR = 1e-4
            $0.scheduler.etaMin = 1e-4
        },
        Case(id: "SGD, accumulation with a partial group, clipping, EMA, label smoothing") {
            $0.optimizer.name = "sgd"; $0.optimizer.lr = 0.1; $0.optimizer.momentum = 0.9
            $0.data.trainSamples = 40; $0.train.gradientAccumulationSteps = 2
            $0.train.clipping = .norm(maxNorm: 0.5); $0.train.labelSmoothing = 0.1
            $0.train.ema = true; $0.train.emaDecayType = "threshold"; $0.train.emaDecay = 0.99
        },
    ]

    @Test(arguments: cases)
    func lossesMatchPyTorch(_ c: Case) throws {
        Torch.threadCount = 1
        let config = smallConfig { $0.maxEpochs = 3; c.edit(&$0) }
        let trainer = try classificationLoop(config, runDirectory: nil)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("state.safetensors")
        try writeReferenceState(trainer, to: state)
        try trainer.fit()

        let output = try ReferencePython.run("torch_train_reference.py", arguments: [state.path, "--threads", "1"])
        let json = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        let expected = try #require(json["losses"] as? [Double])
        #expect(expected.count == trainer.lossHistory.count)
        for (step, (swift, python)) in zip(trainer.lossHistory, expected).enumerated() {
            #expect(Swift.abs(swift - python) <= 1e-5 * Swift.max(1, Swift.abs(python)), "micro-batch \(step): \(swift) vs \(python)")
        }
        if let ema = trainer.ema {
            let sum = try ema.shadow.filter { $0.tensor.dtype.isFloatingPoint }
                .map { try $0.tensor.to(.float64).sum().item() }.reduce(0, +)
            let reference = try #require(json["ema_sum"] as? Double)
            #expect(Swift.abs(sum - reference) <= 1e-5 * Swift.max(1, Swift.abs(reference)))
        }
    }
}

/// Writes what the reference needs: initial weights, data, generator state and settings.
func writeReferenceState(_ trainer: TrainLoop<SyntheticClassificationTask>, to url: URL) throws {
    let c = trainer.config
    let settings: [String: Any] = [
        "channels": c.data.channels, "width": c.model.width, "classes": c.data.numClasses,
        "batch_size": c.data.batchSize, "accumulation": c.train.gradientAccumulationSteps, "shuffle": c.data.shuffle,
        "epochs": c.maxEpochs, "label_smoothing": c.train.labelSmoothing,
        "optimizer": c.optimizer.name, "lr": c.scaledLearningRate, "momentum": c.optimizer.momentum,
        "nesterov": c.optimizer.nesterov, "weight_decay": c.optimizer.weightDecay,
        "beta1": c.optimizer.beta1, "beta2": c.optimizer.beta2, "eps": c.optimizer.eps,
        "alpha": c.optimizer.alpha, "centered": c.optimizer.centered,
        "schedule": c.scheduler.name, "warmup_steps": Int((c.scheduler.warmupEpochs * Double(trainer.stepsPerEpoch)).rounded()),
        "warmup_start_lr": c.scheduler.warmupStartLR, "eta_min": c.scheduler.etaMin,
        "total_steps": trainer.stepsPerEpoch * c.maxEpochs,
        "clip": c.train.clipping.map { if case .norm = $0 { return "norm" } else { return "value" } } ?? "none",
        "clip_norm": { if case let .norm(m)? = c.train.clipping { return m } else { return 0.0 } }(),
        "ema": c.train.ema, "ema_type": c.train.emaDecayType, "ema_decay": c.train.emaDecay, "ema_beta": c.train.emaBeta,
    ]
    let json = String(decoding: try JSONSerialization.data(withJSONObject: settings, options: [.sortedKeys]), as: UTF8.self)
    var tensors = trainer.model.stateDict().map { (name: "net." + $0.name, tensor: $0.tensor) }
    tensors += [("data.x", trainer.task.trainData.images), ("data.y", trainer.task.trainData.labels), ("rng.torch", try trainer.generator.state())]
    try SafeTensors.write(tensors, metadata: ["reference": json], to: url)
}
