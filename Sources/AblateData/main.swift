import ArgumentParser
import Config
import Foundation
import Train
import Vision

/// `ablate-data`: dataset tools. `generate` writes a synthetic scene-text set in ICDAR-2015
/// format; `augment-preview` draws a composed config's classification augmentation.
struct AblateData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ablate-data", abstract: "Dataset tools for Ablate's vision tasks.",
        subcommands: [Generate.self, AugmentPreview.self])
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write synthetic scene-text images (img_<i>.png, gt_img_<i>.txt, chars_img_<i>.txt).")

    @Option(name: .long, help: "Output folder.") var out: String
    @Option(name: .long, help: "Number of images.") var count = 100
    @Option(name: .long, help: "Index of the first image (sets with different ranges never overlap).") var start = 0
    @Option(name: .long, help: "Seed; the same seed and index give the same image.") var seed: UInt64 = 0
    @Option(name: .long, help: "Image width.") var width = 320
    @Option(name: .long, help: "Image height.") var height = 320

    func run() throws {
        guard count >= 0, start >= 0 else { throw ValidationError("--count and --start must not be negative") }
        var options = SyntheticTextOptions()
        options.width = width
        options.height = height
        options.seed = seed
        do {
            let generator = try SyntheticTextGenerator(options: options)
            try generator.write(start..<(start + count), to: URL(fileURLWithPath: out))
        } catch let error as VisionError {
            FileHandle.standardError.write(Data("ablate-data: \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
        print("wrote \(count) images to \(out)")
    }
}

struct AugmentPreview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "augment-preview",
        abstract: "Write a grid of training samples as a composed config's data.augment augments them (scripts/augment-preview).",
        discussion: "Rows are samples (clean image first), columns epochs' draws; Mixup/CutMix mix each column as a batch.")

    @Option(name: .long, help: "A composed job config (train ... --cfg job --resolve).") var config: String
    @Option(name: .long, help: "The PNG to write.") var output: String
    @Option(name: .long, help: "Samples (rows).") var samples = 8
    @Option(name: .long, help: "Draws per sample (columns after the clean image).") var draws = 8
    @Option(name: .long, help: "Enlargement of each image (nearest).") var zoom = 4

    func run() throws {
        guard samples > 0, draws > 0, zoom > 0 else { throw ValidationError("--samples, --draws and --zoom must be positive") }
        do {
            let text = try String(contentsOfFile: config, encoding: .utf8)
            let root = try ConfigValue(yaml: text, file: config)
            guard ClassificationConfig.isClassification(root) else {
                throw TrainError.config(key: "data.dataset", message: "the preview shows the classification task's augmentation; "
                    + "select a classification dataset (data=fashion_mnist or data=image_folder, or +experiment=fmnist_baseline)")
            }
            let task = try ImageClassificationTask(config: try ClassificationConfig(root))
            try task.augmentPreview(samples: samples, draws: draws, zoom: zoom).write(to: URL(fileURLWithPath: output))
            print("wrote \(output): \(Swift.min(samples, task.trainSet.count)) samples x \(draws) draws; \(task.config.data.augment.summary)")
        } catch let error as TrainError {
            FileHandle.standardError.write(Data("augment-preview: \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("augment-preview: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as VisionError {
            FileHandle.standardError.write(Data("augment-preview: \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
    }
}

// Usage errors exit 2 (the project's contract), not ArgumentParser's 64.
do {
    var command = try AblateData.parseAsRoot()
    try command.run()
} catch {
    if AblateData.exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((AblateData.fullMessage(for: error) + "\n").utf8))
        exit(2)
    }
    AblateData.exit(withError: error)
}
