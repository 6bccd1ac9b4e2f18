import Foundation

/// A crop of random area and aspect ratio, resized (bilinear) back to the image's size: the
/// crop-area and stretch trick of PaddleClas's training recipes (`RandCropImage`) and
/// torchvision's `RandomResizedCrop`.
///
/// Two ways of drawing the crop, selectable:
/// - `torchvision`: up to ten tries of an area fraction uniform in `scale` and an aspect ratio
///   log-uniform in `ratio`, sides rounded to nearest; the first that fits is kept, else a
///   centre crop with the ratio clamped to `ratio`.
/// - `paddleclas`: one draw, the aspect ratio uniform (not log-uniform) in `ratio` and the area
///   fraction uniform in `scale` with both ends capped so the crop fits; sides truncated.
public struct RandomResizedCrop: Sendable, Equatable {
    public enum Semantics: String, Sendable, CaseIterable {
        case torchvision, paddleclas
    }

    public var scale: ClosedRange<Double> = 0.08...1
    public var ratio: ClosedRange<Double> = (3.0 / 4)...(4.0 / 3)
    public var semantics = Semantics.torchvision

    public init(scale: ClosedRange<Double> = 0.08...1, ratio: ClosedRange<Double> = (3.0 / 4)...(4.0 / 3),
                semantics: Semantics = .torchvision) {
        self.scale = scale
        self.ratio = ratio
        self.semantics = semantics
    }

    /// Draws the crop box of an image of `height` x `width`.
    public func sample(height: Int, width: Int, using random: inout SeededRandom) -> PixelBox {
        switch semantics {
        case .torchvision: torchvisionBox(height: height, width: width, using: &random)
        case .paddleclas: paddleBox(height: height, width: width, using: &random)
        }
    }

    func torchvisionBox(height: Int, width: Int, using random: inout SeededRandom) -> PixelBox {
        for _ in 0..<10 {
            let (target, aspect) = random.areaAndAspect(of: Double(height * width), scale: scale, ratio: ratio)
            let w = Int((target * aspect).squareRoot().rounded(.toNearestOrEven))
            let h = Int((target / aspect).squareRoot().rounded(.toNearestOrEven))
            if w > 0, w <= width, h > 0, h <= height {
                let top = random.int(0...(height - h)), left = random.int(0...(width - w))
                return PixelBox(top: top, left: left, height: h, width: w)
            }
        }
        let inRatio = Double(width) / Double(height)
        var w = width, h = height
        if inRatio < ratio.lowerBound {
            h = Int((Double(w) / ratio.lowerBound).rounded(.toNearestOrEven))
        } else if inRatio > ratio.upperBound {
            w = Int((Double(h) * ratio.upperBound).rounded(.toNearestOrEven))
        }
        return PixelBox(top: (height - h) / 2, left: (width - w) / 2, height: h, width: w)
    }

    func paddleBox(height: Int, width: Int, using random: inout SeededRandom) -> PixelBox {
        let aspect = random.uniform(ratio.lowerBound, ratio.upperBound)
        let bound = Swift.min(Double(width) / Double(height) / aspect, Double(height) / Double(width) * aspect)
        let low = Swift.min(scale.lowerBound, bound), high = Swift.min(scale.upperBound, bound)
        let target = Double(height * width) * random.uniform(low, high)
        let w = Swift.max(1, Swift.min(width, Int((target * aspect).squareRoot())))
        let h = Swift.max(1, Swift.min(height, Int((target / aspect).squareRoot())))
        let left = random.int(0...(width - w)), top = random.int(0...(height - h))
        return PixelBox(top: top, left: left, height: h, width: w)
    }

    /// Resizes the `box` of `source` to the full `shape` into `output`, bilinear with half-pixel
    /// centres (PyTorch's `interpolate(..., align_corners=False)`), rounded half to even.
    public static func apply(_ box: PixelBox, source: UnsafeBufferPointer<UInt8>, shape: ImageShape,
                             output: UnsafeMutableBufferPointer<UInt8>) {
        let rows = taps(from: box.height, to: shape.height), columns = taps(from: box.width, to: shape.width)
        for c in 0..<shape.channels {
            let plane = c * shape.plane
            for (y, row) in rows.enumerated() {
                let r0 = plane + (box.top + row.low) * shape.width + box.left
                let r1 = plane + (box.top + row.high) * shape.width + box.left
                for (x, column) in columns.enumerated() {
                    let top = Double(source[r0 + column.low]) * (1 - column.weight) + Double(source[r0 + column.high]) * column.weight
                    let bottom = Double(source[r1 + column.low]) * (1 - column.weight) + Double(source[r1 + column.high]) * column.weight
                    let value = (top * (1 - row.weight) + bottom * row.weight).rounded(.toNearestOrEven)
                    output[plane + y * shape.width + x] = UInt8(Swift.min(255, Swift.max(0, value)))
                }
            }
        }
    }

    /// For each output index, the two source indices and the weight of the second.
    static func taps(from input: Int, to output: Int) -> [(low: Int, high: Int, weight: Double)] {
        let step = Double(input) / Double(output)
        return (0..<output).map { i in
            let source = Swift.max(0, (Double(i) + 0.5) * step - 0.5)
            let low = Swift.min(Int(source), input - 1)
            return (low, Swift.min(low + 1, input - 1), source - Double(low))
        }
    }
}
