import Foundation
import Testing
@testable import Torch
@testable import Train

/// Each optimizer's first steps against the update rule computed here in Double arithmetic.
@Suite("Optimizers")
struct OptimizerTests {
    static let start: [Double] = [1.0, -2.0, 0.5]
    static let gradients: [[Double]] = [[0.3, -0.1, 2.0], [-0.2, 0.4, 1.0], [0.05, 0.0, -3.0]]

    /// Runs `make(group)` over three steps with fixed gradients; returns the parameter after each.
    func run(_ make: ([ParameterGroup]) -> any Optimizer, lr: Double, weightDecay: Double) throws -> [[Double]] {
        let p = try Tensor(Self.start.map(Float.init)).requiringGrad()
        let optimizer = make([ParameterGroup(names: ["p"], parameters: [p], learningRate: lr, weightDecay: weightDecay)])
        var out: [[Double]] = []
        for g in Self.gradients {
            try p.setGrad(Tensor(g.map(Float.init)))
            try optimizer.step()
            out.append(try p.toArray(Float.self).map(Double.init))
        }
        return out
    }

    func expectClose(_ actual: [[Double]], _ expected: [[Double]], tolerance: Double = 2e-6) {
        for (a, e) in zip(actual.joined(), expected.joined()) {
            #expect(Swift.abs(a - e) <= tolerance * Swift.max(1, Swift.abs(e)), "got \(a), expected \(e)")
        }
    }

    /// Applies `update(p, g, state)` element-wise for each step.
    func reference(_ update: (inout Double, Double, inout [String: Double], Int) -> Void) -> [[Double]] {
        var p = Self.start
        var states = [[String: Double]](repeating: [:], count: p.count)
        var out: [[Double]] = []
        for (t, g) in Self.gradients.enumerated() {
            for i in p.indices { update(&p[i], g[i], &states[i], t + 1) }
            out.append(p)
        }
        return out
    }

    @Test func sgdWithNesterovMomentumAndCoupledDecay() throws {
        let (lr, mu, wd) = (0.1, 0.9, 0.01)
        let actual = try run({ SGD($0, momentum: mu, nesterov: true) }, lr: lr, weightDecay: wd)
        let expected = reference { p, g, s, _ in
            let d = g + wd * p
            let b = s["b"].map { mu * $0 + d } ?? d
            s["b"] = b
            p -= lr * (d + mu * b)
        }
        expectClose(actual, expected)
    }

    @Test func sgdWithDampening() throws {
        let (lr, mu, tau) = (0.05, 0.8, 0.3)
        let actual = try run({ SGD($0, momentum: mu, dampening: tau) }, lr: lr, weightDecay: 0)
        let expected = reference { p, g, s, _ in
            let b = s["b"].map { mu * $0 + (1 - tau) * g } ?? g
            s["b"] = b
            p -= lr * b
        }
        expectClose(actual, expected)
    }

    @Test func adamWithCoupledDecay() throws {
        let (lr, b1, b2, eps, wd) = (0.01, 0.9, 0.999, 1e-8, 0.1)
        let actual = try run({ Adam($0, beta1: b1, beta2: b2, eps: eps) }, lr: lr, weightDecay: wd)
        let expected = reference { p, g0, s, t in
            let g = g0 + wd * p
            let m = b1 * (s["m"] ?? 0) + (1 - b1) * g, v = b2 * (s["v"] ?? 0) + (1 - b2) * g * g
            s["m"] = m; s["v"] = v
            let mHat = m / (1 - pow(b1, Double(t))), vHat = v / (1 - pow(b2, Double(t)))
            p -= lr * mHat / (vHat.squareRoot() + eps)
        }
        expectClose(actual, expected)
    }

    @Test func adamWDecouplesDecay() throws {
        let (lr, b1, b2, eps, wd) = (0.01, 0.9, 0.99, 1e-8, 0.5)
        let actual = try run({ Adam.adamW($0, beta1: b1, beta2: b2, eps: eps) }, lr: lr, weightDecay: wd)
        let expected = reference { p, g, s, t in
            p *= 1 - lr * wd
            let m = b1 * (s["m"] ?? 0) + (1 - b1) * g, v = b2 * (s["v"] ?? 0) + (1 - b2) * g * g
            s["m"] = m; s["v"] = v
            p -= lr * (m / (1 - pow(b1, Double(t)))) / ((v / (1 - pow(b2, Double(t)))).squareRoot() + eps)
        }
        expectClose(actual, expected)
    }

    @Test func rmspropCenteredWithMomentum() throws {
        let (lr, alpha, eps, mu) = (0.01, 0.9, 1e-8, 0.5)
        let actual = try run({ RMSProp($0, alpha: alpha, eps: eps, momentum: mu, centered: true) }, lr: lr, weightDecay: 0)
        let expected = reference { p, g, s, _ in
            let sq = alpha * (s["sq"] ?? 0) + (1 - alpha) * g * g
            let a = alpha * (s["a"] ?? 0) + (1 - alpha) * g
            s["sq"] = sq; s["a"] = a
            let b = mu * (s["b"] ?? 0) + g / ((sq - a * a).squareRoot() + eps)
            s["b"] = b
            p -= lr * b
        }
        expectClose(actual, expected)
    }

    @Test func rmspropPlain() throws {
        let (lr, alpha, eps) = (0.01, 0.99, 1e-8)
        let actual = try run({ RMSProp($0, alpha: alpha, eps: eps) }, lr: lr, weightDecay: 0)
        let expected = reference { p, g, s, _ in
            let sq = alpha * (s["sq"] ?? 0) + (1 - alpha) * g * g
            s["sq"] = sq
            p -= lr * g / (sq.squareRoot() + eps)
        }
        expectClose(actual, expected)
    }

    @Test func adadelta() throws {
        let (lr, rho, eps) = (1.0, 0.9, 1e-6)
        let actual = try run({ AdaDelta($0, rho: rho, eps: eps) }, lr: lr, weightDecay: 0)
        let expected = reference { p, g, s, _ in
            let sq = rho * (s["sq"] ?? 0) + (1 - rho) * g * g
            let delta = ((s["u"] ?? 0) + eps).squareRoot() / (sq + eps).squareRoot() * g
            s["sq"] = sq; s["u"] = rho * (s["u"] ?? 0) + (1 - rho) * delta * delta
            p -= lr * delta
        }
        expectClose(actual, expected)
    }

    @Test func parametersWithoutGradientsAreLeftAlone() throws {
        let p = try Tensor([1, 2] as [Float]).requiringGrad()
        let optimizer = SGD([ParameterGroup(names: ["p"], parameters: [p], learningRate: 1, weightDecay: 0)], momentum: 0.9)
        try optimizer.step()
        #expect(try p.toArray(Float.self) == [1, 2])
        #expect(optimizer.stepCounts == [[0]])
    }

    @Test func biasesAndNormWeightsGetNoDecayByDefault() throws {
        let model = try Generator(seed: 0).withCurrent { try SmallConvNet(channels: 3, width: 4, classes: 2) }
        let groups = ParameterGroup.split(model.namedParameters(), learningRate: 0.1, weightDecay: 1e-4)
        #expect(groups.count == 2)
        #expect(groups[0].names == ["body.0.weight", "body.3.weight", "body.8.weight"])
        #expect(groups[0].weightDecay == 1e-4 && groups[1].weightDecay == 0)
        #expect(groups[1].names.contains("body.1.weight") && groups[1].names.contains("body.8.bias"))
        let all = ParameterGroup.split(model.namedParameters(), learningRate: 0.1, weightDecay: 1e-4, excludeBiasAndNorm: false)
        #expect(all.count == 1 && all[0].parameters.count == 10)
    }
}
