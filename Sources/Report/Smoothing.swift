import Foundation

/// W&B's time-weighted exponential moving average (its default smoothing): the weight
/// `w = min(√parameter, 0.999)` is raised to the distance from the previous point in x, as a share
/// of the whole x range times 1000, so unevenly logged points smooth evenly; the running sum is
/// debiased by the running weight. Non-finite values are gaps: left out, smoothed as nil.
/// The report's script implements the same function (its browser test compares the two).
public enum Smoothing {
    public static let viewportScale = 1000.0

    public static func timeWeightedEMA(x: [Double], y: [Double], parameter: Double) -> [Double?] {
        guard parameter > 0 else { return y.map { $0.isFinite ? $0 : nil } }
        let weight = min(parameter.squareRoot(), 0.999)
        let finite = y.indices.filter { y[$0].isFinite }
        guard let first = finite.first, let last = finite.last else { return y.map { _ in nil } }
        var range = x[last] - x[first]
        if range == 0 { range = 1 }
        var out = [Double?](repeating: nil, count: y.count)
        var lastY = 0.0, debias = 0.0, previousX = x[first]
        for index in finite {
            let adjusted = pow(weight, (x[index] - previousX) / range * viewportScale)
            lastY = lastY * adjusted + y[index]
            debias = debias * adjusted + 1
            previousX = x[index]
            out[index] = lastY / debias
        }
        return out
    }
}
