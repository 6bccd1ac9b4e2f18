import Foundation

/// A folder in ICDAR-2015 layout: images (`<name>.jpg|.jpeg|.png`) with ground truth
/// `gt_<name>.txt`, and optionally character boxes `chars_<name>.txt` (synthetic sets).
public struct ICDARDataset: Sendable {
    public let imageDirectory: URL
    public let labelDirectory: URL
    /// Image base names, sorted; sample i is names[i].
    public let names: [String]
    private let imageFiles: [String: String]

    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png"]

    /// Images under `root/images`, `root/imgs` or the one `root/*_images` folder (ICDAR's
    /// `ch4_training_images`), else `root`; ground truth under the first of `root/gts`, `root/gt`,
    /// `root/labels`, `root/annotations` or the one `root/*_gt` folder (ICDAR's
    /// `ch4_training_localization_transcription_gt`) that exists, else next to the images.
    public init(root: URL) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            throw VisionError.missingPath(root.path, what: "dataset folder")
        }
        let entries = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
        func folder(_ names: [String], suffix: String) -> URL? {
            if let name = names.first(where: entries.contains) { return root.appendingPathComponent(name) }
            let matches = entries.filter { $0.hasSuffix(suffix) }
            return matches.count == 1 ? root.appendingPathComponent(matches[0]) : nil
        }
        let images = folder(["images", "imgs"], suffix: "_images") ?? root
        let labels = folder(["gts", "gt", "labels", "annotations"], suffix: "_gt") ?? images
        try self.init(images: images, labels: labels)
    }

    public init(images: URL, labels: URL) throws {
        let fm = FileManager.default
        guard let imageNames = try? fm.contentsOfDirectory(atPath: images.path) else {
            throw VisionError.missingPath(images.path, what: "image folder")
        }
        guard let labelNames = try? fm.contentsOfDirectory(atPath: labels.path) else {
            throw VisionError.missingPath(labels.path, what: "ground-truth folder")
        }
        let labelSet = Set(labelNames)
        var files: [String: String] = [:]
        for file in imageNames {
            let url = URL(fileURLWithPath: file)
            guard Self.imageExtensions.contains(url.pathExtension.lowercased()) else { continue }
            let name = url.deletingPathExtension().lastPathComponent
            guard labelSet.contains("gt_\(name).txt") else {
                throw VisionError.invalidArgument("Image '\(images.appendingPathComponent(file).path)' has no ground truth: expected '\(labels.appendingPathComponent("gt_\(name).txt").path)'.")
            }
            files[name] = file
        }
        if files.isEmpty {
            throw VisionError.invalidArgument("No .jpg/.png images in '\(images.path)': point data.root at an ICDAR-2015 folder (images plus gt_<name>.txt).")
        }
        imageDirectory = images
        labelDirectory = labels
        imageFiles = files
        names = files.keys.sorted()
    }

    public var count: Int { names.count }

    /// Sample i: the decoded RGB image and its annotations (with character boxes when a sidecar exists).
    public func load(_ index: Int) throws -> (image: Image, annotations: [TextInstance]) {
        let name = names[index]
        let image = try Image.read(imageDirectory.appendingPathComponent(imageFiles[name]!))
        var annotations = try ICDARFormat.readGroundTruth(labelDirectory.appendingPathComponent("gt_\(name).txt"))
        let chars = labelDirectory.appendingPathComponent("chars_\(name).txt")
        if let data = FileManager.default.contents(atPath: chars.path) {
            try ICDARFormat.parseCharacters(String(decoding: data, as: UTF8.self), file: chars.path, into: &annotations)
        }
        return (image, annotations)
    }
}
