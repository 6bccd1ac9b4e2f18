import Foundation

/// One dimension's Parzen estimator as in TPE (Bergstra et al. 2011, with Optuna's defaults):
/// a mixture of one kernel per observation plus a prior kernel. Numeric coordinates get
/// truncated normal kernels (on the log scale when tagged log; over grid cells when stepped);
/// listed values get categorical kernels that put `prior_weight / kernels` on every value and
/// one more on the observed one.
struct ParzenEstimator {
    enum Kernels {
        /// Kernel centres and widths in the transformed (log, if tagged) space; `low`/`high`
        /// are the transformed ends widened by half a step.
        /// `range` says how densities are computed, `snap` which values a draw lands on.
        case numeric(mus: [Double], sigmas: [Double], range: NumericRange, snap: NumericRange, low: Double, high: Double)
        case categorical(rows: [[Double]])
    }

    struct Parameters {
        var priorWeight = 1.0
        var considerMagicClip = true
        var considerEndpoints = false
    }

    let logWeights: [Double]
    let cumulativeWeights: [Double]
    let kernels: Kernels

    /// `observations` are the coordinates of the trials, in trial-number order (the weights
    /// ramp favours recent trials once there are more than 25).
    init(observations: [Double], distribution: SearchDistribution, parameters: Parameters = .init()) {
        var weights = Self.defaultWeights(observations.count)
        weights = observations.isEmpty ? [1] : weights + [parameters.priorWeight]
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        logWeights = weights.map { log($0) }
        var running = 0.0
        cumulativeWeights = weights.map { running += $0; return running }

        guard let range = distribution.numeric else {
            let n = distribution.categoryCount
            guard !observations.isEmpty else {
                kernels = .categorical(rows: [Array(repeating: 1 / Double(n), count: n)])
                return
            }
            let kernelCount = Double(observations.count + 1)
            var rows = Array(repeating: Array(repeating: parameters.priorWeight / kernelCount, count: n),
                             count: observations.count + 1)
            for (k, observed) in observations.enumerated() { rows[k][Int(observed.rounded())] += 1 }
            rows = rows.map { row in
                let sum = row.reduce(0, +)
                return sum == 0 ? row : row.map { $0 / sum }
            }
            kernels = .categorical(rows: rows)
            return
        }

        var low = range.low, high = range.high
        if let step = range.step { low -= step / 2; high += step / 2 }
        var mus = observations
        if range.log { low = log(low); high = log(high); mus = mus.map { log($0) } }
        // A log-scaled int is continuous in log space (then snapped), as in Optuna 4.5.
        let density = range.log ? NumericRange(low: range.low, high: range.high, step: nil, log: true) : range
        var sigmas = Self.bandwidths(mus, low: low, high: high, parameters: parameters)
        mus.append(0.5 * (low + high))
        sigmas.append(high - low)
        kernels = .numeric(mus: mus, sigmas: sigmas, range: density, snap: range, low: low, high: high)
    }

    /// Optuna's `default_weights`: ones, with a linear ramp from 1/n for all but the newest 25.
    static func defaultWeights(_ n: Int) -> [Double] {
        guard n >= 25 else { return Array(repeating: 1, count: n) }
        let rampCount = n - 25
        let ramp = (0..<rampCount).map { i -> Double in
            rampCount == 1 ? 1 / Double(n) : 1 / Double(n) + (1 - 1 / Double(n)) * Double(i) / Double(rampCount - 1)
        }
        return ramp + Array(repeating: 1, count: 25)
    }

    /// Each kernel's width (Optuna 4.5, univariate): the larger gap to its sorted neighbours
    /// among the observations, the prior's centre and the ends, the outermost ones taking their
    /// inner gap, clipped to [(high − low) / min(100, 1 + kernels), high − low] (the "magic clip").
    static func bandwidths(_ mus: [Double], low: Double, high: Double, parameters: Parameters) -> [Double] {
        guard !mus.isEmpty else { return [] }
        let centres = mus + [0.5 * (low + high)]
        let order = centres.indices.sorted { centres[$0] < centres[$1] || (centres[$0] == centres[$1] && $0 < $1) }
        let points = [low] + order.map { centres[$0] } + [high]
        var sorted: [Double] = (1..<(points.count - 1)).map { (i: Int) -> Double in
            Swift.max(points[i] - points[i - 1], points[i + 1] - points[i])
        }
        if !parameters.considerEndpoints, points.count >= 4 {
            sorted[0] = points[2] - points[1]
            sorted[sorted.count - 1] = points[points.count - 2] - points[points.count - 3]
        }
        let maxSigma = high - low
        let kernelCount = Double(mus.count + 1)  // the prior is one more
        let minSigma: Double = parameters.considerMagicClip ? maxSigma / min(100.0, 1.0 + kernelCount) : 1e-12
        var sigmas = Array(repeating: 0.0, count: centres.count)
        for (rank, index) in order.enumerated() { sigmas[index] = min(max(sorted[rank], minSigma), maxSigma) }
        return Array(sigmas.prefix(mus.count))
    }

    /// `count` draws: a kernel by weight, then a value from it.
    func sample(_ count: Int, using generator: inout SeededGenerator) -> [Double] {
        (0..<count).map { _ in
            let u = generator.unit()
            let k = min(cumulativeWeights.firstIndex { u < $0 } ?? cumulativeWeights.count - 1, logWeights.count - 1)
            switch kernels {
            case let .categorical(rows):
                let row = rows[min(k, rows.count - 1)]
                let v = generator.unit()
                var cumulative = 0.0
                for (c, p) in row.enumerated() {
                    cumulative += p
                    if v < cumulative { return Double(c) }
                }
                return Double(row.count - 1)
            case let .numeric(mus, sigmas, range, snap, low, high):
                let mu = mus[k], sigma = sigmas[k]
                var x = mu + sigma * Normal.truncatedDraw((low - mu) / sigma, (high - mu) / sigma, unit: generator.unit())
                if range.log { x = exp(x) }
                return RandomSampler.snap(x, to: snap)
            }
        }
    }

    /// The mixture's log density (log mass for stepped and listed values) at `x`.
    func logPDF(_ x: Double) -> Double {
        var terms: [Double] = []
        switch kernels {
        case let .categorical(rows):
            let c = Int(x.rounded())
            terms = rows.indices.map { logWeights[$0] + log(rows[$0][c]) }
        case let .numeric(mus, sigmas, range, _, low, high):
            for k in mus.indices {
                let mu = mus[k], sigma = sigmas[k]
                let normaliser = Normal.logMass((low - mu) / sigma, (high - mu) / sigma)
                let term: Double
                if let step = range.step {
                    var left = x - step / 2, right = x + step / 2
                    if range.log { left = log(left); right = log(right) }
                    term = Normal.logMass((left - mu) / sigma, (right - mu) / sigma)
                } else {
                    let t = range.log ? log(x) : x
                    term = Normal.logDensity((t - mu) / sigma) - log(sigma)
                }
                terms.append(logWeights[k] + term - normaliser)
            }
        }
        let top = terms.max() ?? -.infinity
        guard top.isFinite else { return top }
        return top + log(terms.reduce(0) { $0 + exp($1 - top) })
    }
}
