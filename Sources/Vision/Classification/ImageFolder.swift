import Foundation

/// A user's own labelled images laid out as torchvision's `ImageFolder` reads them: one
/// subfolder per class under a root, holding that class's PNG/JPEG/BMP files
/// (`root/cat/001.png`). Classes are the subfolders' names sorted (so label `i` is the `i`-th
/// name, as in torchvision); images are the files sorted by path, decoded through OpenCV,
/// resized to `size` x `size` (area interpolation when shrinking) and kept as bytes.
public enum ImageFolder {
    public static let extensions: Set<String> = ["png", "jpg", "jpeg", "bmp"]

    /// The class folders under `root`, sorted; hidden folders are not classes.
    public static func classNames(in root: URL) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw VisionError.dataset(file: root.path, reason: "no such folder; data.root names a folder with one subfolder of images per class")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { name in
            var folder: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &folder)
                && folder.boolValue
        }.sorted()
        guard !names.isEmpty else {
            throw VisionError.dataset(file: root.path, reason: "holds no class folders; put each class's images in a subfolder named after it (\(root.path)/<class>/<image>.png)")
        }
        return names
    }

    /// Reads every image under `root`'s class folders. `classes`: the classes labels refer to
    /// (the training folder's, for a validation or test folder); nil: this folder's own.
    /// `channels`: 1 (grey) or 3 (RGB).
    public static func load(root: URL, size: Int, channels: Int, classes: [String]? = nil) throws -> ImageClassificationSet {
        let found = try classNames(in: root)
        let names = classes ?? found
        if let stray = found.first(where: { !names.contains($0) }) {
            throw VisionError.dataset(file: root.appendingPathComponent(stray).path,
                                      reason: "is not a class of the training folder (\(names.joined(separator: ", "))); rename or remove it")
        }
        var pixels: [UInt8] = [], labels: [Int] = []
        for name in found {
            let folder = root.appendingPathComponent(name)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { !$0.hasPrefix(".") && extensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
            guard !files.isEmpty else {
                throw VisionError.dataset(file: folder.path, reason: "holds no images (.png, .jpg, .jpeg, .bmp); add some or remove the folder")
            }
            let label = names.firstIndex(of: name)!
            pixels.reserveCapacity(pixels.count + files.count * channels * size * size)
            for file in files {
                let image = try Image.read(folder.appendingPathComponent(file), gray: channels == 1)
                let sized = image.width == size && image.height == size
                    ? image : try image.resized(width: size, height: size, area: image.width > size || image.height > size)
                // Height x width x channels to channels x height x width.
                let plane = size * size
                var chw = [UInt8](repeating: 0, count: channels * plane)
                for k in 0..<channels {
                    for p in 0..<plane { chw[k * plane + p] = sized.pixels[p * channels + k] }
                }
                pixels += chw
                labels.append(label)
            }
        }
        return ImageClassificationSet(pixels: pixels, labels: labels, channels: channels, height: size, width: size, classNames: names)
    }
}
