import Foundation

/// The standard normal's distribution functions, in log space where tails need it, for the
/// truncated normal kernels of TPE's Parzen estimators.
enum Normal {
    static let logRootTwoPi = 0.5 * log(2 * Double.pi)

    /// log φ(z).
    static func logDensity(_ z: Double) -> Double { -0.5 * z * z - logRootTwoPi }

    /// log Φ(z), accurate far into the lower tail.
    static func logCDF(_ z: Double) -> Double {
        if z > 6 { return log1p(-0.5 * erfc(z / 2.0.squareRoot())) }
        if z > -20 { return log(0.5 * erfc(-z / 2.0.squareRoot())) }
        // Asymptotic series of the Mills ratio: Φ(z) ≈ φ(z)/|z| · (1 − 1/z² + 3/z⁴ − 15/z⁶).
        let z2 = z * z
        return logDensity(z) - log(-z) + log(1 - 1 / z2 + 3 / (z2 * z2) - 15 / (z2 * z2 * z2))
    }

    /// log(Φ(b) − Φ(a)) for a ≤ b: the mass of [a, b], computed on the side of zero where
    /// it does not cancel.
    static func logMass(_ a: Double, _ b: Double) -> Double {
        if a >= b { return -.infinity }
        if a > 0 { return logMass(-b, -a) }  // symmetric: keep to the lower tail
        let logB = logCDF(b), logA = logCDF(a)
        if b <= 0 {
            // log(e^logB − e^logA) = logB + log1p(−e^(logA − logB))
            return logB + log1p(-exp(logA - logB))
        }
        // a ≤ 0 < b: 1 − Φ(a) − Φ(−b), both small terms.
        return log1p(-exp(logA) - exp(logCDF(-b)))
    }

    /// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation, polished by one Halley step.
    static func quantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log1p(-p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    /// A draw of the standard normal truncated to [a, b], by inverting its CDF (on the side of
    /// zero where the CDF keeps precision).
    static func truncatedDraw(_ a: Double, _ b: Double, unit u: Double) -> Double {
        if a > 0 { return -truncatedDraw(-b, -a, unit: 1 - u) }
        let cdfA = exp(logCDF(a)), cdfB = exp(logCDF(b))
        let p = cdfA + u * (cdfB - cdfA)
        let x = p > 0 ? quantile(p) : a
        return min(max(x, a), b)
    }
}
