import Config
import Foundation
import Testing
import Train
@testable import Vision

/// A user's own images in torchvision's ImageFolder layout: read, labelled by sorted class
/// folder, resized, and trained on by the classification task.
@Suite("Image folder datasets", .serialized)
struct ImageFolderTests {
    /// `root/<class>/<n>.<ext>`: horizontal stripes, vertical stripes or flat noise, in sizes 16
    /// to 24 px, PNG and JPEG, each image drawn from `seed`.
    static func writeSet(_ root: URL, perClass: Int, seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        for name in ["vertical", "horizontal", "plain"] {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for n in 0..<perClass {
                let size = 16 + 4 * random.int(0...2)
                var image = Image(width: size, height: size, channels: 3)
                let phase = random.int(0...3), base = UInt8(random.int(20...80))
                for y in 0..<size {
                    for x in 0..<size {
                        let stripe: Bool
                        switch name {
                        case "vertical": stripe = (x + phase) % 4 < 2
                        case "horizontal": stripe = (y + phase) % 4 < 2
                        default: stripe = random.chance(0.5)
                        }
                        for k in 0..<3 { image[x, y, k] = stripe ? base + 150 : base }
                    }
                }
                try image.write(to: folder.appendingPathComponent("\(n).\(n % 3 == 0 ? "jpg" : "png")"))
            }
        }
    }

    @Test("classes are the sorted folder names; images resized, channel-major, labelled by folder")
    func loads() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeSet(root, perClass: 4, seed: 1)
        // One image whose pixels are known: (x 1, y 0) is (10, 20, 30) in RGB.
        var known = Image(width: 8, height: 8, channels: 3)
        (known[1, 0, 0], known[1, 0, 1], known[1, 0, 2]) = (10, 20, 30)
        try known.write(to: root.appendingPathComponent("plain/zz.png"))
        try "not an image".write(to: root.appendingPathComponent("plain/notes.txt"), atomically: true, encoding: .utf8)

        let set = try ImageFolder.load(root: root, size: 8, channels: 3)
        #expect(set.classNames == ["horizontal", "plain", "vertical"])
        #expect(set.count == 13 && set.height == 8 && set.width == 8 && set.channels == 3)
        #expect(set.labels == [0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2])
        let last = set.subset([8]).pixels  // plain/zz.png, sorted after 0..3
        #expect([last[1], last[64 + 1], last[128 + 1]] == [10, 20, 30])
        let grey = try ImageFolder.load(root: root, size: 12, channels: 1)
        #expect(grey.channels == 1 && grey.pixels.count == 13 * 144)
    }

    @Test("a missing root, a root without class folders, an empty class and a stray validation class are one-line errors")
    func errors() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = root.appendingPathComponent("nope")
        #expect(throws: VisionError.dataset(file: missing.path, reason: "no such folder; data.root names a folder with one subfolder of images per class")) {
            try ImageFolder.load(root: missing, size: 8, channels: 3)
        }
        #expect(throws: VisionError.dataset(file: root.path, reason: "holds no class folders; put each class's images in a subfolder named after it (\(root.path)/<class>/<image>.png)")) {
            try ImageFolder.load(root: root, size: 8, channels: 3)
        }
        try Self.writeSet(root.appendingPathComponent("train"), perClass: 2, seed: 2)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("train/empty"), withIntermediateDirectories: true)
        #expect(throws: VisionError.dataset(file: root.appendingPathComponent("train/empty").path,
                                            reason: "holds no images (.png, .jpg, .jpeg, .bmp); add some or remove the folder")) {
            try ImageFolder.load(root: root.appendingPathComponent("train"), size: 8, channels: 3)
        }
        try Self.writeSet(root.appendingPathComponent("val"), perClass: 1, seed: 3)
        try FileManager.default.moveItem(at: root.appendingPathComponent("val/plain"), to: root.appendingPathComponent("val/flat"))
        #expect(throws: VisionError.dataset(file: root.appendingPathComponent("val/flat").path,
                                            reason: "is not a class of the training folder (horizontal, plain, vertical); rename or remove it")) {
            try ImageFolder.load(root: root.appendingPathComponent("val"), size: 8, channels: 3, classes: ["horizontal", "plain", "vertical"])
        }
    }

    /// A small classification run over the class folders under `root` (train, val, and test when
    /// `test`), 16-px images, a small CNN, 4 epochs, with `extra` (YAML) merged over it.
    static func folderConfig(_ root: URL, test: Bool = true, extra: String = "{}") throws -> ConfigValue {
        var config = try ConfigValue(yaml: """
            seed: 1
            model: {architecture: small_cnn, width: 8}
            data:
              dataset: image_folder
              root: \(root.path)/train
              val_root: \(root.path)/val
              test_root: \(test ? root.path + "/test" : "null")
              image_size: 16
              channels: 3
              batch_size: 16
              augment: {crop_padding: 0, flip: 0}
            optimizer: {name: adam, lr: 0.01}
            trainer: {max_epochs: 4, threads: 1}
            """)
        config.merge(try ConfigValue(yaml: extra))
        return config
    }

    @Test("data=image_folder trains the classification task on the folders: val and test folders kept apart, well above chance")
    func trains() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeSet(root.appendingPathComponent("train"), perClass: 48, seed: 10)
        try Self.writeSet(root.appendingPathComponent("val"), perClass: 16, seed: 11)
        try Self.writeSet(root.appendingPathComponent("test"), perClass: 16, seed: 12)
        let config = try Self.folderConfig(root)
        let settings = try ClassificationConfig(config)
        let task = try ImageClassificationTask(config: settings)
        #expect(task.trainSet.count == 144 && task.validationSet.count == 48 && task.testSet?.count == 48)
        let dir = root.appendingPathComponent("run")
        let summary = try ClassificationTask.run(runDirectory: dir, config: config)
        let m = summary.metrics
        #expect(m["val/top1"]! > 0.9 && m["test/top1"]! > 0.9, "\(m)")
        let log = try String(contentsOf: dir.appendingPathComponent("logs/train.log"), encoding: .utf8)
        #expect(log.contains("image_folder from \(root.path)/train: 144 training, 48 validation (from \(root.path)/val), 48 test images of 3x16x16, 3 classes"), "\(log)")
        // Without a validation folder, data.val_samples are split off the training images.
        var split = config
        split.merge(try ConfigValue(yaml: "data:\n  val_root: null\n  val_samples: 30\n"))
        let splitTask = try ImageClassificationTask(config: try ClassificationConfig(split))
        #expect(splitTask.trainSet.count == 114 && splitTask.validationSet.count == 30)
        // Keys of the image folder are not Fashion-MNIST's.
        var wrong = try fashionMNISTConfig()
        wrong.merge(try ConfigValue(yaml: "data:\n  image_size: 32\n"))
        #expect(throws: TrainError.self) { try ClassificationConfig(wrong) }
    }

    @Test("data.classes keeps and relabels a subset of classes (train, val and test alike), train_samples_per_class limits each; a fine-tune from a checkpoint of another class count loads all but the head")
    func classSubsetsAndFineTuning() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeSet(root.appendingPathComponent("train"), perClass: 48, seed: 30)
        try Self.writeSet(root.appendingPathComponent("val"), perClass: 16, seed: 31)
        try Self.writeSet(root.appendingPathComponent("test"), perClass: 16, seed: 32)
        func config(_ extra: String) throws -> ConfigValue { try Self.folderConfig(root, extra: extra) }
        let full = try ImageClassificationTask(config: try ClassificationConfig(try config("{}")))
        let subset = try ImageClassificationTask(config: try ClassificationConfig(try config("data: {classes: [2, 0], train_samples_per_class: 5}")))
        #expect(subset.trainSet.classNames == [full.trainSet.classNames[2], full.trainSet.classNames[0]])
        #expect(subset.trainSet.count == 10 && subset.validationSet.count == 32 && subset.testSet?.count == 32)
        #expect([0, 1].map { c in subset.trainSet.labels.filter { $0 == c }.count } == [5, 5])
        // Relabelled: the subset's class 0 is the dataset's class 2, pixel for pixel.
        let firstOfTwo = try #require(full.validationSet.labels.firstIndex(of: 2))
        let firstOfZero = try #require(subset.validationSet.labels.firstIndex(of: 0))
        let size = full.validationSet.imageSize
        #expect(Array(subset.validationSet.pixels[(firstOfZero * size)..<((firstOfZero + 1) * size)])
                == Array(full.validationSet.pixels[(firstOfTwo * size)..<((firstOfTwo + 1) * size)]))
        for bad in ["data: {classes: [0, 7]}", "data: {classes: [1]}", "data: {classes: [1, 1]}"] {
            #expect(throws: TrainError.self, "\(bad)") {
                _ = try ImageClassificationTask(config: try ClassificationConfig(try config(bad)))
            }
        }

        // Pretrain on all three classes, fine-tune on two from few samples: the head (3 classes
        // in the file, 2 in the model) is skipped and reported, every other tensor loaded.
        let pretrain = root.appendingPathComponent("pretrain")
        _ = try ClassificationTask.run(runDirectory: pretrain, config: try config("{}"))
        let checkpoint = pretrain.appendingPathComponent("checkpoints/best.ckpt")
        let tune = root.appendingPathComponent("tune")
        let tuned = try ClassificationTask.run(runDirectory: tune, config: try config(
            "data: {classes: [0, 1], train_samples_per_class: 8}\nmodel: {pretrained: \(checkpoint.path)}\n"))
        let log = try String(contentsOf: tune.appendingPathComponent("logs/train.log"), encoding: .utf8)
        #expect(log.contains("pretrained: loaded") && log.contains("skipped 2") && log.contains("shape [3,"), "\(log)")
        #expect(tuned.metrics["val/top1"]! > 0.6, "\(tuned.metrics)")
    }
}
