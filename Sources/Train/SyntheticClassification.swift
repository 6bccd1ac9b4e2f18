import Torch

/// Generated image-classification data: class k images are Gaussian noise plus a bright
/// square at a class-dependent position, so small models learn it in a few epochs.
/// Drawn from the default generator, so a seed reproduces it.
public struct SyntheticClassification {
    public let images: Tensor
    public let labels: Tensor
    public var count: Int { images.shape[0] }

    public init(samples: Int, classes: Int, channels: Int, size: Int) throws {
        labels = try Tensor.randint(low: 0, high: classes, [samples])
        let noise = try Tensor.randn([samples, channels, size, size]) * 0.5
        // One pattern per class: a square of ones in a cell of a grid over the image.
        let grid = Swift.max(1, Int(Double(classes).squareRoot().rounded(.up)))
        let cell = Swift.max(1, size / grid)
        var patterns: [Float] = []
        for k in 0..<classes {
            var image = [Float](repeating: 0, count: channels * size * size)
            let (row, col) = (k / grid, k % grid)
            for c in 0..<channels {
                for y in (row * cell)..<Swift.min(size, (row + 1) * cell) {
                    for x in (col * cell)..<Swift.min(size, (col + 1) * cell) { image[(c * size + y) * size + x] = 1 }
                }
            }
            patterns += image
        }
        let table = try Tensor(patterns, shape: [classes, channels, size, size])
        images = try noise + table.indexSelect(dim: 0, index: labels)
    }

    /// The samples at `indices` (int64).
    public func batch(_ indices: Tensor) throws -> (images: Tensor, labels: Tensor) {
        (try images.indexSelect(dim: 0, index: indices), try labels.indexSelect(dim: 0, index: indices))
    }
}
