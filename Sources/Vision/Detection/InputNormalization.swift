/// How images become network input.
public enum InputNormalization: String, Sendable, CaseIterable {
    /// (pixel/255 - ImageNet mean) / ImageNet std per channel (for ImageNet-like photos and
    /// pretrained encoders).
    case imagenet
    /// Each image's channels standardised by their own mean and standard deviation (synthetic
    /// scenes differ widely in global colour); a flat channel becomes zeros.
    case perImage = "per_image"

    /// The C x H x W input of an image.
    public func input(_ image: Image) throws -> [Float] {
        var x = try ImageNormalization.chw(image)
        guard self == .perImage else { return x }
        let plane = image.width * image.height
        for c in 0..<image.channels {
            var sum = 0.0, squares = 0.0
            for i in (c * plane)..<((c + 1) * plane) {
                let v = Double(x[i])
                sum += v
                squares += v * v
            }
            let mean = sum / Double(plane)
            // Rounding can make a flat channel's variance slightly negative: clamp before the root.
            let std = Swift.max(Swift.max(squares / Double(plane) - mean * mean, 0).squareRoot(), 1e-3)
            for i in (c * plane)..<((c + 1) * plane) { x[i] = Float((Double(x[i]) - mean) / std) }
        }
        return x
    }
}
