import Foundation

/// Independent uniform draws (Optuna's `RandomSampler`): floats uniform (log-uniform when
/// tagged log), ints uniform over both ends, listed values uniform over their indices.
public struct RandomSampler: Sampler {
    public private(set) var generator: SeededGenerator

    public init(seed: UInt64?) {
        generator = seed.map(SeededGenerator.init(seed:)) ?? .unseeded()
    }

    public mutating func sample(_ space: SearchSpace, given study: Study) -> [Double] {
        space.dimensions.map { Self.draw($0.distribution!, using: &generator) }
    }

    static func draw(_ distribution: SearchDistribution, using generator: inout SeededGenerator) -> Double {
        guard let range = distribution.numeric else {
            return Double(Int(generator.unit() * Double(distribution.categoryCount)))
        }
        // Continuous over the range widened by half a step each side, then snapped: each grid
        // value gets the same share (or, on a log scale, its log-width's share).
        let half = (range.step ?? 0) / 2
        var low = range.low - half, high = range.high + half
        if range.log { (low, high) = (log(low), log(high)) }
        var x = low + (high - low) * generator.unit()
        if range.log { x = exp(x) }
        return snap(x, to: range)
    }

    /// A value on the range's grid, within its ends.
    static func snap(_ x: Double, to range: NumericRange) -> Double {
        guard let step = range.step else { return min(max(x, range.low), range.high) }
        let snapped = range.low + ((x - range.low) / step).rounded() * step
        return min(max(snapped, range.low), range.high)
    }
}
