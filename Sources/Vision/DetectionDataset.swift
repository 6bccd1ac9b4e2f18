/// A source of detection samples: an image and its text annotations by index.
public protocol DetectionDataset {
    var count: Int { get }
    func sample(_ index: Int) throws -> (image: Image, annotations: [TextInstance])
}

extension ICDARDataset: DetectionDataset {
    public func sample(_ index: Int) throws -> (image: Image, annotations: [TextInstance]) { try load(index) }
}

/// A fixed range of a synthetic generator's samples, so train and validation sets drawn from the
/// same seed never overlap (e.g. 0..<2000 and 2000..<2200).
public struct SyntheticTextDataset: DetectionDataset {
    public let generator: SyntheticTextGenerator
    public let indices: Range<Int>

    public init(generator: SyntheticTextGenerator, indices: Range<Int>) {
        self.generator = generator
        self.indices = indices
    }

    public var count: Int { indices.count }

    public func sample(_ index: Int) throws -> (image: Image, annotations: [TextInstance]) {
        try generator.sample(indices.lowerBound + index)
    }
}
