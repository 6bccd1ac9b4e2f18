import Config
import Foundation
import Testing
import Torch
import Train
@testable import Vision

/// A small Fashion-MNIST config: a subset of the data and a narrow ResNet-18 with the small stem.
func fashionMNISTConfig(_ extra: String = "") throws -> ConfigValue {
    var config = try ConfigValue(yaml: """
    seed: 1
    model:
      architecture: resnet18
      stem: small
      width_multiplier: 0.125
    data:
      dataset: fashion_mnist
      train_samples: 1024
      val_samples: 512
      train_eval_samples: 256
      test_samples: 512
      batch_size: 32
      eval_batch_size: 256
    optimizer:
      name: adam
      lr: 0.002
    scheduler:
      name: cosine
    trainer:
      max_epochs: 2
      threads: 1
    """)
    if !extra.isEmpty { config.merge(try ConfigValue(yaml: extra)) }
    return config
}

@Suite("Classification training", .serialized)
struct ClassificationTrainingTests {
    @Test("two epochs on a Fashion-MNIST subset reach well above chance, with every metric named as documented")
    func tinyRun() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = try ClassificationTask.run(runDirectory: dir, config: try fashionMNISTConfig())
        #expect(summary.monitor == "val/top1")
        let m = summary.metrics
        for name in ["train/loss", "train/top1", "val/loss", "val/top1", "val/top5", "test/loss", "test/top1", "test/top5"] {
            #expect(m[name]?.isFinite == true, "\(name) missing in \(m.keys.sorted())")
        }
        // Chance is 0.1 (top-1) and 0.5 (top-5); this seeded run reaches about 0.46 and 0.96.
        #expect(m["val/top1"]! > 0.3 && m["test/top1"]! > 0.3 && m["val/top5"]! > 0.8, "\(m)")
        #expect(m["val/top5"]! >= m["val/top1"]!)
        let lines = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.last!.contains("test\\/top1") && !lines.last!.contains("val\\/top1"))
    }

    @Test("the split, the training subset and the test set are disjoint and fixed by data.split_seed")
    func splitIsApart() throws {
        let a = try ImageClassificationTask(config: try ClassificationConfig(try fashionMNISTConfig()))
        let b = try ImageClassificationTask(config: try ClassificationConfig(try fashionMNISTConfig("data:\n  split_seed: 1\n")))
        #expect(a.trainSet.count == 1024 && a.validationSet.count == 512 && a.trainEvalSet.count == 256 && a.testSet?.count == 512)
        // Images of the validation part never appear in the training part.
        let size = a.trainSet.imageSize
        func images(_ set: ImageClassificationSet) -> Set<[UInt8]> {
            Set((0..<set.count).map { Array(set.pixels[($0 * size)..<(($0 + 1) * size)]) })
        }
        #expect(images(a.trainSet).isDisjoint(with: images(a.validationSet)))
        #expect(images(a.trainSet).isSuperset(of: images(a.trainEvalSet)))
        #expect(images(a.validationSet) != images(b.validationSet))
        #expect(images(a.validationSet) == images(try ImageClassificationTask(config: try ClassificationConfig(try fashionMNISTConfig())).validationSet))
    }

    @Test("configuration errors name the key", arguments: [
        ("data:\n  augment:\n    flipp: 0.5\n", "data.augment.flipp"),
        ("data:\n  val_samples: -1\n", "data.val_samples"),
        ("data:\n  normalization: imagenet\n", "data.normalization"),
        ("model:\n  architecture_name: dbnet\n", "~model/architectures"),
        ("model:\n  stem: tiny\n", "model.stem"),
    ])
    func configErrors(extra: String, expected: String) throws {
        let config = try fashionMNISTConfig(extra)
        do {
            _ = try ClassificationConfig(config)
            Issue.record("no error for \(extra)")
        } catch let error as TrainError {
            #expect(error.errorDescription?.contains(expected) == true, "\(error)")
            #expect(error.exitCode == 2)
        }
    }

    @Test("the shipped +experiment=fmnist_baseline composes into the classification task's config")
    func shippedExperiment() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let composer = Composer(searchPath: try ConfigSearchPath(primary: repository.appendingPathComponent("configs").path))
        let composition = try composer.compose(configName: "train", overrides: try OverrideParser.parse(["+experiment=fmnist_baseline"]))
        let config = try composition.taskConfig.resolved(with: Resolvers.standard())
        #expect(try TrainingTaskKind(config: config) == .imageClassification)
        let settings = try ClassificationConfig(config)
        #expect(settings.data.dataset == .fashionMNIST && settings.data.valSamples == 10_000 && settings.data.augment.cropFlip.padding == 2)
        #expect(settings.train.model.architecture == "resnet18" && settings.train.model.stem == .small)
        #expect(settings.train.monitor(default: Monitor(metric: "val/top1", maximize: true)).metric == "val/top1")
    }

    @Test("data.dataset=fashion_mnist selects image classification")
    func taskKind() throws {
        #expect(try TrainingTaskKind(config: try fashionMNISTConfig()) == .imageClassification)
    }
}
