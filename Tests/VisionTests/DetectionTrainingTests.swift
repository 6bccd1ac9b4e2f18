import Config
import Foundation
import Testing
import Torch
import Train
@testable import Vision

/// A small detection config: tiny synthetic images and a width-reduced network.
func detectionConfig(_ architecture: String, extra: String = "") throws -> ConfigValue {
    let head: String
    switch architecture {
    case "craft": head = "  head:\n    upconv_channels: [64, 32, 32, 16]\n"
    case "dbnetpp": head = "  head:\n    inner_channels: 64\n    asf: true\n    asf_attention_channels: 16\n"
    default: head = "  head:\n    inner_channels: 64\n"
    }
    let yaml = """
    seed: 3
    model:
      architecture_name: \(architecture)
      width_multiplier: 0.125
      encoder:
        model_name: resnet18
    \(head)data:
      dataset: synthetic_text
      image_size: 96
      batch_size: 4
      train_samples: 4
      val_samples: 4
      font_sizes: [18, 30]
      words_per_image: [1, 3]
      text_rotation: 5
      augment:
        scale: [1.0, 1.0]
        rotation: 0
        flip: 0
        color_jitter: 0
    optimizer:
      name: adam
      lr: 0.003
    trainer:
      max_epochs: 12
      eval_every: 100
      threads: 1
    \(extra)
    """
    return try ConfigValue(yaml: yaml)
}

@Suite("Detection training", .serialized)
struct DetectionTrainingTests {
    @Test("a short training run's loss falls", arguments: ["dbnet", "dbnetpp", "craft"])
    func lossFalls(architecture: String) throws {
        let config = try DetectionConfig(try detectionConfig(architecture))
        let trainer = try TrainLoop(task: try DetectionTrainingTask(config: config, runDirectory: nil), config: config.train, runDirectory: nil)
        try trainer.fit()
        let losses = trainer.lossHistory
        #expect(losses.count == 12)
        #expect(losses.allSatisfy { $0.isFinite })
        let first = losses.prefix(3).reduce(0, +) / 3, last = losses.suffix(3).reduce(0, +) / 3
        #expect(last < 0.8 * first, "losses \(losses)")
    }

    @Test("a run writes metrics with val/precision, val/recall, val/hmean, checkpoints and visualizations, and resumes")
    func runDirectoryOutputs() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let extra = "eval:\n  save_visualizations: true\n  max_visualizations: 2\ntrain:\n  ckpt_save_dir: checkpoints\n"
        var config = try detectionConfig("dbnet", extra: extra)
        _ = config.set(.int(2), at: ["trainer", "max_epochs"])
        _ = config.set(.int(1), at: ["trainer", "eval_every"])
        let outcome = try DetectionTask.run(runDirectory: dir, config: config)
        #expect(outcome.epochs == 2 && outcome.steps == 2 && outcome.monitor == "val/hmean")
        let lines = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let last = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(last["epoch"] as? Int == 2 && last["step"] as? Int == 2)
        let metrics = try #require(last["metrics"] as? [String: Any])
        for key in ["train/loss", "train/loss_prob", "train/loss_thresh", "train/loss_binary", "lr", "grad_norm",
                    "val/precision", "val/recall", "val/hmean"] {
            #expect(metrics[key] is Double, "missing \(key)")
        }
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("checkpoints/train_resume.ckpt").path))
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("checkpoints/best.ckpt").path))
        let drawn = try fm.contentsOfDirectory(atPath: dir.appendingPathComponent("visualizations/epoch_002").path).sorted()
        #expect(drawn == ["img_4.png", "img_5.png"])
        let image = try Image.read(dir.appendingPathComponent("visualizations/epoch_002/img_4.png"))
        #expect(image.width == 96 && image.height == 96)

        // Resume: one more epoch continues from the checkpoint (epoch 3, step 3).
        _ = config.set(.int(3), at: ["trainer", "max_epochs"])
        _ = config.set(.bool(true), at: ["model", "resume"])
        let resumed = try DetectionTask.run(runDirectory: dir, config: config)
        #expect(resumed.epochs == 3 && resumed.steps == 3)
        let all = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(all.count == 3 && all[2].contains("\"epoch\":3"))
    }

    @Test("the task kind follows model.architecture_name")
    func taskKind() throws {
        #expect(try TrainingTaskKind(config: try detectionConfig("craft")) == .detection(.craft))
        #expect(try TrainingTaskKind(config: try ConfigValue(yaml: "model:\n  architecture: small_cnn\n")) == .classification)
        #expect(throws: TrainError.config(key: "model.architecture_name", message: "'east' is not one of dbnet, dbnetpp, craft")) {
            try TrainingTaskKind(config: try ConfigValue(yaml: "model:\n  architecture_name: east\n"))
        }
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let id: String
        let extra: String
        let key: String, message: String
        var testDescription: String { id }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(id: "unknown eval key", extra: "eval:\n  save_visualisations: true\n", key: "eval.save_visualisations",
                  message: "unknown key. Known keys here: max_visualizations, save_visualizations. Remove it or fix its spelling"),
        ErrorCase(id: "image size", extra: "", key: "data.image_size", message: "must be a multiple of 32 (the encoder's stride), got 100"),
        ErrorCase(id: "deformable", extra: "", key: "model.encoder.deformable", message: "deformable convolutions are not available; set it to false"),
    ]

    @Test(arguments: errorCases)
    func configErrors(_ c: ErrorCase) throws {
        var config = try detectionConfig("dbnet", extra: c.extra)
        if c.id == "image size" { _ = config.set(.int(100), at: ["data", "image_size"]) }
        if c.id == "deformable" { _ = config.set(.bool(true), at: ["model", "encoder", "deformable"]) }
        #expect(throws: TrainError.config(key: c.key, message: c.message)) { try DetectionConfig(config) }
    }
}
