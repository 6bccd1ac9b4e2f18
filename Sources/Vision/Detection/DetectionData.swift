import Foundation
import Train

/// The training and validation sets a detection config names.
///
/// Synthetic text: `train_samples` images from index 0 and `val_samples` images after them, all from
/// the generator seeded with `data.seed`, at the training size, rendered once and kept in
/// memory. ICDAR 2015: `<root>/train_images` + `train_gts` and `<root>/test_images` + `test_gts`
/// (or `<root>/train` and `<root>/test` in any layout ICDARDataset accepts), read on demand.
public struct DetectionData {
    public let train: any DetectionSource
    public let validation: any DetectionSource

    public init(_ settings: DetectionDataSettings, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        switch settings.source {
        case .syntheticText:
            var options = SyntheticTextOptions()
            options.width = settings.imageSize
            options.height = settings.imageSize
            options.fontSizes = settings.fontSizes
            options.wordsPerImage = settings.wordsPerImage
            options.maxRotation = settings.textRotation
            options.seed = settings.seed
            let words = try settings.words.map { try WordList.load(path: $0) } ?? WordList.load()
            let fonts = settings.fonts.map { $0.map { URL(fileURLWithPath: $0) } }
            if let missing = fonts?.first(where: { !FileManager.default.fileExists(atPath: $0.path) }) {
                throw TrainError.config(key: "data.fonts", message: "no font file at '\(missing.path)'; install fonts-dejavu-core and fonts-liberation2 (scripts/setup does) or list other .ttf files")
            }
            let workers = Swift.max(1, Swift.min(threads, Int(ProcessInfo.processInfo.environment["OMP_NUM_THREADS"] ?? "") ?? threads))
            train = try InMemoryDetectionSource(synthetic: options, words: words, fontURLs: fonts, range: 0..<settings.numTrain, threads: workers)
            validation = try InMemoryDetectionSource(synthetic: options, words: words, fontURLs: fonts,
                                                     range: settings.numTrain..<(settings.numTrain + settings.numVal), threads: workers)
        case .icdar2015:
            let root = URL(fileURLWithPath: settings.root)
            train = try Self.icdar(root, split: "train")
            validation = try Self.icdar(root, split: "test")
        }
    }

    /// `<root>/<split>_images` with `<root>/<split>_gts`, else `<root>/<split>` as an ICDAR folder.
    static func icdar(_ root: URL, split: String) throws -> ICDARDataset {
        let images = root.appendingPathComponent("\(split)_images"), labels = root.appendingPathComponent("\(split)_gts")
        if FileManager.default.fileExists(atPath: images.path) { return try ICDARDataset(images: images, labels: labels) }
        return try ICDARDataset(root: root.appendingPathComponent(split))
    }
}
