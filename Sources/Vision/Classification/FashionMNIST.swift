import Foundation
import Train

/// Fashion-MNIST (Xiao et al. 2017): 60,000 training and 10,000 test images of 28x28 grey
/// pixels in 10 classes, read from its four IDX files as Debian's `dataset-fashion-mnist`
/// installs them (gzip-compressed; uncompressed copies are read too).
public enum FashionMNIST {
    /// Where Debian's package puts the files.
    public static let defaultRoot = "/usr/share/datasets/fashion-mnist"
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                                    "Bag", "Ankle boot"]

    public enum Part: String, Sendable { case train, test
        /// The files' prefix.
        var prefix: String { self == .train ? "train" : "t10k" }
    }

    /// Reads one part from `root` (`<prefix>-images-idx3-ubyte[.gz]` and
    /// `<prefix>-labels-idx1-ubyte[.gz]`), checking that images and labels agree in number and
    /// that every label is a class.
    public static func load(_ part: Part, root: URL) throws -> ImageClassificationSet {
        let imagesURL = try locate("\(part.prefix)-images-idx3-ubyte", in: root)
        let labelsURL = try locate("\(part.prefix)-labels-idx1-ubyte", in: root)
        let images = try IDXFile(contentsOf: imagesURL, rank: 3)
        let labels = try IDXFile(contentsOf: labelsURL, rank: 1)
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw VisionError.dataset(file: labelsURL.path, reason: "has \(labels.dimensions[0]) labels but \(imagesURL.lastPathComponent) "
                + "has \(images.dimensions[0]) images")
        }
        if let bad = labels.bytes.firstIndex(where: { Int($0) >= classNames.count }) {
            throw VisionError.dataset(file: labelsURL.path, reason: "label \(labels.bytes[bad]) of sample \(bad) is not one of the "
                + "\(classNames.count) classes (0-\(classNames.count - 1))")
        }
        return ImageClassificationSet(pixels: images.bytes, labels: labels.bytes.map(Int.init), channels: 1,
                                      height: images.dimensions[1], width: images.dimensions[2], classNames: classNames)
    }

    /// `name.gz`, else `name`, in `root`.
    static func locate(_ name: String, in root: URL) throws -> URL {
        for candidate in [name + ".gz", name] {
            let url = root.appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        throw TrainError.config(key: "data.root", message: "no \(name).gz or \(name) in '\(root.path)': install Debian's "
            + "dataset-fashion-mnist (scripts/setup does) or point data.root at a folder holding the four IDX files")
    }
}
