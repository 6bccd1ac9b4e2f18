import Foundation

/// The continuous draws the augmentations need, on the seeded generator (the same stream on
/// every machine).
extension SeededRandom {
    /// Standard normal (Box-Muller; one of the pair is used).
    public mutating func normal() -> Double {
        let u = 1 - unit(), v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// Gamma(shape, 1) by Marsaglia and Tsang (2000); below shape 1 through
    /// Gamma(shape + 1) * U^(1/shape).
    public mutating func gamma(_ shape: Double) -> Double {
        precondition(shape > 0, "gamma shape must be positive")
        if shape < 1 { return gamma(shape + 1) * pow(1 - unit(), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = 1 - unit()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    /// A box's area, a fraction uniform in `scale` of `area`, and its aspect ratio, log-uniform in
    /// `ratio`: one try of torchvision's RandomResizedCrop and RandomErasing draws.
    public mutating func areaAndAspect(of area: Double, scale: ClosedRange<Double>,
                                       ratio: ClosedRange<Double>) -> (area: Double, aspect: Double) {
        let target = area * uniform(scale.lowerBound, scale.upperBound)
        return (target, exp(uniform(log(ratio.lowerBound), log(ratio.upperBound))))
    }

    /// Beta(a, b) as X / (X + Y) of two gamma draws.
    public mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(a), y = gamma(b)
        return x + y > 0 ? x / (x + y) : (unit() < a / (a + b) ? 1 : 0)
    }
}
