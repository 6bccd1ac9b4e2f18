import Foundation

/// Random Erasing (Zhong et al. 2020) as torchvision's `RandomErasing` and timm's draw it: with
/// probability `probability`, up to ten tries of an area fraction uniform in `scale` and an aspect
/// ratio log-uniform in `ratio` (sides rounded to nearest); the first box smaller than the image
/// is erased, else nothing. The box gets 0 (`zero`: the dataset's mean colour in a normalised
/// image) or, per pixel and channel, a standard normal draw (`random`: timm's "pixel" mode).
public struct RandomErasing: Sendable, Equatable {
    public enum Fill: String, Sendable, CaseIterable { case zero, random }

    public var probability: Double
    public var scale: ClosedRange<Double>
    public var ratio: ClosedRange<Double>
    public var fill: Fill

    public init(probability: Double = 0, scale: ClosedRange<Double> = 0.02...(1.0 / 3), ratio: ClosedRange<Double> = 0.3...3.3,
                fill: Fill = .zero) {
        self.probability = probability
        self.scale = scale
        self.ratio = ratio
        self.fill = fill
    }

    public var isEnabled: Bool { probability > 0 }

    /// One draw: the box, and its fill values (`[channel][row * box.width + column]`) in random mode.
    public struct Parameters: Sendable, Equatable {
        public var box: PixelBox
        public var values: [[Float]]?
    }

    public func sample(_ shape: ImageShape, using random: inout SeededRandom) -> Parameters? {
        guard isEnabled, random.chance(probability) else { return nil }
        for _ in 0..<10 {
            let (target, aspect) = random.areaAndAspect(of: Double(shape.plane), scale: scale, ratio: ratio)
            let h = Int((target * aspect).squareRoot().rounded(.toNearestOrEven))
            let w = Int((target / aspect).squareRoot().rounded(.toNearestOrEven))
            guard h < shape.height, w < shape.width else { continue }
            let top = random.int(0...(shape.height - h)), left = random.int(0...(shape.width - w))
            let box = PixelBox(top: top, left: left, height: h, width: w)
            let values: [[Float]]? = fill == .random
                ? (0..<shape.channels).map { _ in (0..<box.area).map { _ in Float(random.normal()) } } : nil
            return Parameters(box: box, values: values)
        }
        return nil
    }

    public static func apply(_ p: Parameters?, to image: UnsafeMutableBufferPointer<Float>, shape: ImageShape) {
        p?.box.fill(image, shape: shape, values: p?.values)
    }
}
