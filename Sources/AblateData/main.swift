import ArgumentParser
import Foundation
import Vision

/// `ablate-data`: dataset tools. `generate` writes a synthetic scene-text set in ICDAR-2015 format.
struct AblateData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ablate-data", abstract: "Dataset tools for Ablate's vision tasks.",
        subcommands: [Generate.self])
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
