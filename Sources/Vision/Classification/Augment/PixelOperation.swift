import Foundation

/// The image operations of AutoAugment and RandAugment on a channel-major byte image, with
/// torchvision's tensor definitions (its `_apply_op`): the geometric ones resample with nearest
/// neighbour around the image's centre (shears around its top-left corner) and fill with 0;
/// the colour ones blend with a degenerate image and truncate to bytes as torchvision does.
/// Colour on a one-channel image is left as it is (PIL's and torchvision's behaviour).
public enum PixelOperation: String, Sendable, CaseIterable, Codable {
    case identity = "Identity"
    case shearX = "ShearX", shearY = "ShearY"
    case translateX = "TranslateX", translateY = "TranslateY"
    case rotate = "Rotate"
    case brightness = "Brightness", color = "Color", contrast = "Contrast", sharpness = "Sharpness"
    case posterize = "Posterize", solarize = "Solarize"
    case autoContrast = "AutoContrast", equalize = "Equalize", invert = "Invert"

    /// Whether a magnitude's sign is drawn (half the time negated).
    public var isSigned: Bool {
        switch self {
        case .shearX, .shearY, .translateX, .translateY, .rotate, .brightness, .color, .contrast, .sharpness: true
        default: false
        }
    }

    /// The magnitude of bin `level` of `bins` (torchvision's `_augmentation_space`): linear from 0 to
    /// the operation's largest value (posterize: 8 bits down to 4; solarize: threshold 255 down to 0);
    /// a fractional level (RandAugment's magnitude noise) interpolates. nil: takes no magnitude.
    public func magnitude(level: Double, bins: Int, shape: ImageShape) -> Double? {
        let t = bins > 1 ? level / Double(bins - 1) : 0
        switch self {
        case .shearX, .shearY: return 0.3 * t
        case .translateX: return 150.0 / 331.0 * Double(shape.width) * t
        case .translateY: return 150.0 / 331.0 * Double(shape.height) * t
        case .rotate: return 30 * t
        case .brightness, .color, .contrast, .sharpness: return 0.9 * t
        case .posterize: return 8 - (level / (Double(bins - 1) / 4)).rounded(.toNearestOrEven)
        case .solarize: return 255 * (1 - t)
        case .identity, .autoContrast, .equalize, .invert: return nil
        }
    }

    /// Applies the operation with `magnitude` to `image` in place.
    public func apply(_ magnitude: Double, to image: inout [UInt8], shape: ImageShape) {
        switch self {
        case .identity: return
        case .shearX: Self.affine(&image, shape, Self.inverseAffine(center: (-Double(shape.width) / 2, -Double(shape.height) / 2),
                                                                      angle: 0, translate: (0, 0), shear: (atan(magnitude) * 180 / .pi, 0)))
        case .shearY: Self.affine(&image, shape, Self.inverseAffine(center: (-Double(shape.width) / 2, -Double(shape.height) / 2),
                                                                      angle: 0, translate: (0, 0), shear: (0, atan(magnitude) * 180 / .pi)))
        case .translateX: Self.affine(&image, shape, Self.inverseAffine(center: (0, 0), angle: 0, translate: (Double(Int(magnitude)), 0), shear: (0, 0)))
        case .translateY: Self.affine(&image, shape, Self.inverseAffine(center: (0, 0), angle: 0, translate: (0, Double(Int(magnitude))), shear: (0, 0)))
        case .rotate: Self.affine(&image, shape, Self.inverseAffine(center: (0, 0), angle: -magnitude, translate: (0, 0), shear: (0, 0)))
        case .brightness: Self.blend(&image, with: [Float](repeating: 0, count: image.count), 1 + magnitude)
        case .color:
            guard shape.channels == 3 else { return }
            let grey = Self.grey(image, shape)
            Self.blend(&image, with: (0..<image.count).map { Float(grey[$0 % shape.plane]) }, 1 + magnitude)
        case .contrast:
            let grey = shape.channels == 3 ? Self.grey(image, shape) : image
            let mean = Float(grey.reduce(0.0) { $0 + Double($1) } / Double(grey.count))
            Self.blend(&image, with: [Float](repeating: mean, count: image.count), 1 + magnitude)
        case .sharpness:
            guard shape.height > 2, shape.width > 2 else { return }
            Self.blend(&image, with: Self.smoothed(image, shape), 1 + magnitude)
        case .posterize:
            let mask = UInt8(truncatingIfNeeded: -(1 << (8 - Int(magnitude))))
            for i in image.indices { image[i] &= mask }
        case .solarize:
            for i in image.indices where Double(image[i]) >= magnitude { image[i] = 255 - image[i] }
        case .autoContrast:
            for c in 0..<shape.channels {
                let range = (c * shape.plane)..<((c + 1) * shape.plane)
                let low = Float(image[range].min()!), high = Float(image[range].max()!)
                guard high > low else { continue }
                let scale = 255 / (high - low)
                for i in range { image[i] = UInt8(Swift.min(255, Swift.max(0, (Float(image[i]) - low) * scale))) }
            }
        case .equalize:
            for c in 0..<shape.channels { Self.equalize(&image, (c * shape.plane)..<((c + 1) * shape.plane)) }
        case .invert:
            for i in image.indices { image[i] = 255 - image[i] }
        }
    }

    /// `ratio·image + (1-ratio)·other`, clamped to [0, 255] and truncated (torchvision's `_blend`).
    static func blend(_ image: inout [UInt8], with other: [Float], _ ratio: Double) {
        let r = Float(ratio)
        for i in image.indices {
            image[i] = UInt8(Swift.min(255, Swift.max(0, r * Float(image[i]) + (1 - r) * other[i])))
        }
    }

    /// Luma of an RGB image (0.2989 R + 0.587 G + 0.114 B, truncated).
    static func grey(_ image: [UInt8], _ shape: ImageShape) -> [UInt8] {
        (0..<shape.plane).map { k in
            let v = 0.2989 * Float(image[k]) + 0.587 * Float(image[shape.plane + k]) + 0.114 * Float(image[2 * shape.plane + k])
            return UInt8(Swift.min(255, Swift.max(0, v)))
        }
    }

    /// The image smoothed by [[1,1,1],[1,5,1],[1,1,1]]/13 inside, rounded; the border as it is.
    static func smoothed(_ image: [UInt8], _ shape: ImageShape) -> [Float] {
        var out = image.map(Float.init)
        let w = shape.width, edge: Float = 1.0 / 13, centre: Float = 5.0 / 13
        for c in 0..<shape.channels {
            let base = c * shape.plane
            for y in 1..<(shape.height - 1) {
                for x in 1..<(w - 1) {
                    var sum: Float = 0
                    for dy in -1...1 {
                        for dx in -1...1 { sum += Float(image[base + (y + dy) * w + x + dx]) * (dy == 0 && dx == 0 ? centre : edge) }
                    }
                    out[base + y * w + x] = sum.rounded(.toNearestOrEven)
                }
            }
        }
        return out
    }

    /// Histogram equalisation of one channel (PIL's and torchvision's: the step is the count of
    /// all but the last occupied level over 255; a step of 0 leaves the channel).
    static func equalize(_ image: inout [UInt8], _ range: Range<Int>) {
        var histogram = [Int](repeating: 0, count: 256)
        for i in range { histogram[Int(image[i])] += 1 }
        let occupied = histogram.filter { $0 > 0 }
        let step = (occupied.dropLast().reduce(0, +)) / 255
        guard step > 0 else { return }
        var lut = [Int](repeating: 0, count: 256), total = 0
        for level in 0..<256 {
            lut[level] = Swift.min(255, (total + step / 2) / step)
            total += histogram[level]
        }
        for i in range { image[i] = UInt8(lut[Int(image[i])]) }
    }

    /// The inverse affine map of torchvision's `_get_inverse_affine_matrix` (angles in degrees,
    /// scale 1), in coordinates centred on the image.
    static func inverseAffine(center: (Double, Double), angle: Double, translate: (Double, Double), shear: (Double, Double)) -> [Double] {
        let rot = angle * .pi / 180, sx = shear.0 * .pi / 180, sy = shear.1 * .pi / 180
        let a = cos(rot - sy) / cos(sy)
        let b = -cos(rot - sy) * tan(sx) / cos(sy) - sin(rot)
        let c = sin(rot - sy) / cos(sy)
        let d = -sin(rot - sy) * tan(sx) / cos(sy) + cos(rot)
        var m = [d, -b, 0, -c, a, 0]
        m[2] += m[0] * (-center.0 - translate.0) + m[1] * (-center.1 - translate.1)
        m[5] += m[3] * (-center.0 - translate.0) + m[4] * (-center.1 - translate.1)
        m[2] += center.0
        m[5] += center.1
        return m
    }

    /// Nearest-neighbour resampling through the inverse map `m` as `affine_grid` + `grid_sample`
    /// (align_corners=False) compute it in single precision; outside pixels become 0.
    static func affine(_ image: inout [UInt8], _ shape: ImageShape, _ m: [Double]) {
        let w = shape.width, h = shape.height
        let theta = m.map(Float.init), halfW = Float(w) * 0.5, halfH = Float(h) * 0.5
        let source = image
        for y in 0..<h {
            let gy = -Float(h) * 0.5 + 0.5 + Float(y)
            for x in 0..<w {
                let gx = -Float(w) * 0.5 + 0.5 + Float(x)
                let u = gx * (theta[0] / halfW) + gy * (theta[1] / halfW) + theta[2] / halfW
                let v = gx * (theta[3] / halfH) + gy * (theta[4] / halfH) + theta[5] / halfH
                let sx = (((u + 1) * Float(w) - 1) / 2).rounded(.toNearestOrEven)
                let sy = (((v + 1) * Float(h) - 1) / 2).rounded(.toNearestOrEven)
                let inside = sx >= 0 && sx < Float(w) && sy >= 0 && sy < Float(h)
                for c in 0..<shape.channels {
                    image[c * shape.plane + y * w + x] = inside ? source[c * shape.plane + Int(sy) * w + Int(sx)] : 0
                }
            }
        }
    }
}
