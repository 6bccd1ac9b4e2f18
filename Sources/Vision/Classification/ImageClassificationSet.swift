/// Labelled images held in memory as bytes: `count` images of `channels`x`height`x`width`
/// (channel-major, row-major), each with a class index below `classNames.count`.
public struct ImageClassificationSet: Sendable {
    public var pixels: [UInt8]
    public var labels: [Int]
    public var channels: Int, height: Int, width: Int
    public var classNames: [String]

    public init(pixels: [UInt8], labels: [Int], channels: Int, height: Int, width: Int, classNames: [String]) {
        precondition(pixels.count == labels.count * channels * height * width, "pixels do not match the labels and image size")
        self.pixels = pixels
        self.labels = labels
        self.channels = channels
        self.height = height
        self.width = width
        self.classNames = classNames
    }

    public var count: Int { labels.count }
    public var imageSize: Int { channels * height * width }
    public var shape: ImageShape { ImageShape(channels: channels, height: height, width: width) }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> ImageClassificationSet {
        var out = [UInt8]()
        out.reserveCapacity(indices.count * imageSize)
        for i in indices { out += pixels[(i * imageSize)..<((i + 1) * imageSize)] }
        return ImageClassificationSet(pixels: out, labels: indices.map { labels[$0] }, channels: channels, height: height,
                                      width: width, classNames: classNames)
    }

    /// The images of `classes` (indices into `classNames`), relabelled by their position in it.
    public func selecting(classes: [Int]) -> ImageClassificationSet {
        var position = [Int: Int]()
        for (i, c) in classes.enumerated() { position[c] = i }
        let kept = labels.indices.filter { position[labels[$0]] != nil }
        var out = subset(kept)
        out.labels = kept.map { position[labels[$0]]! }
        out.classNames = classes.map { classNames[$0] }
        return out
    }

    /// Per-channel mean and standard deviation of the pixels scaled to [0, 1].
    public func channelStatistics() -> (mean: [Double], std: [Double]) {
        let plane = height * width
        var sums = [Double](repeating: 0, count: channels), squares = sums
        pixels.withUnsafeBufferPointer { p in
            for image in 0..<count {
                for c in 0..<channels {
                    var s = 0, q = 0
                    let base = (image * channels + c) * plane
                    for k in 0..<plane { let v = Int(p[base + k]); s += v; q += v * v }
                    sums[c] += Double(s); squares[c] += Double(q)
                }
            }
        }
        let n = Double(Swift.max(1, count * plane))
        let mean = sums.map { $0 / n / 255 }
        let std = zip(squares, mean).map { ($0 / n / (255 * 255) - $1 * $1).squareRoot() }
        return (mean, std)
    }
}
