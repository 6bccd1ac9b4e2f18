import Foundation
import Testing
import TestSupport
@testable import Sweep

/// TPE's Parzen estimator against Optuna's (`_ParzenEstimator`, TPESampler's defaults): the
/// mixture's log density at the same points, for floats, log floats, ints, log ints, grids
/// and categories, with and without observations, and past 25 observations (the weight ramp).
@Suite("Differential: Parzen estimator against Optuna", .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
struct ParzenDifferentialTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let distribution: SearchDistribution
        let observations: [Double]
        let points: [Double]
        var testDescription: String { id }

        /// Optuna's spelling of the distribution (an ordinal grid is its index range).
        var json: String {
            let spec: String
            switch distribution {
            case let .float(low, high, log): spec = "\"kind\": \"float\", \"low\": \(low), \"high\": \(high), \"log\": \(log)"
            case let .int(low, high, log): spec = "\"kind\": \"int\", \"low\": \(low), \"high\": \(high), \"log\": \(log)"
            case let .ordinal(values): spec = "\"kind\": \"int\", \"low\": 0, \"high\": \(values.count - 1), \"log\": false"
            case let .categorical(values): spec = "\"kind\": \"categorical\", \"n_choices\": \(values.count)"
            }
            return "{\"id\": \"\(id)\", \(spec), \"observations\": \(observations), \"points\": \(points)}"
        }
    }

    static func draws(_ n: Int, seed: UInt64, _ transform: (Double) -> Double) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<n).map { _ in transform(generator.unit()) }
    }

    static let cases: [Case] = [
        Case(id: "float, no observations", distribution: .float(low: -5, high: 10, log: false), observations: [],
             points: [-5, -1.25, 0, 2.5, 9.99]),
        Case(id: "float, three observations", distribution: .float(low: -5, high: 10, log: false), observations: [0.5, -2, 7.25],
             points: [-5, -2, 0, 0.5, 3, 7.25, 10]),
        Case(id: "float, 40 observations (weight ramp)", distribution: .float(low: 0, high: 1, log: false),
             observations: draws(40, seed: 1) { $0 }, points: draws(12, seed: 2) { $0 }),
        Case(id: "log float", distribution: .float(low: 1e-4, high: 1e-1, log: true), observations: [1e-3, 2e-2, 5e-4, 0.09],
             points: [1e-4, 3e-4, 1e-3, 1e-2, 0.05, 0.1]),
        Case(id: "int", distribution: .int(low: 2, high: 8, log: false), observations: [3, 3, 7, 2],
             points: [2, 3, 4, 5, 6, 7, 8]),
        Case(id: "log int", distribution: .int(low: 1, high: 1000, log: true), observations: [4, 20, 300, 7, 1],
             points: [1, 2, 10, 50, 999, 1000]),
        Case(id: "grid of 7 (range)", distribution: .ordinal((0..<7).map { .int($0 * 8) }), observations: [0, 6, 3, 3, 2],
             points: [0, 1, 2, 3, 4, 5, 6]),
        Case(id: "categorical, no observations", distribution: .categorical([.int(1), .int(2), .int(3)]), observations: [],
             points: [0, 1, 2]),
        Case(id: "categorical", distribution: .categorical((0..<5).map { .int($0) }), observations: [3, 3, 1, 4, 3, 0],
             points: [0, 1, 2, 3, 4]),
        Case(id: "categorical, 30 observations", distribution: .categorical((0..<4).map { .int($0) }),
             observations: draws(30, seed: 3) { ($0 * 4).rounded(.down) }, points: [0, 1, 2, 3]),
    ]

    static let reference: Result<[String: [Double]], any Error> = Result {
        let input = "{\"cases\": [" + cases.map(\.json).joined(separator: ", ") + "]}"
        let output = try ReferencePython.run("optuna_parzen.py", input: Data(input.utf8))
        return try JSONDecoder().decode([String: [Double]].self, from: output)
    }

    @Test(arguments: cases)
    func sameLogDensityAsOptuna(_ c: Case) throws {
        let expected = try #require(try Self.reference.get()[c.id])
        let estimator = ParzenEstimator(observations: c.observations, distribution: c.distribution)
        let ours = c.points.map(estimator.logPDF)
        #expect(ours.count == expected.count)
        for (point, (mine, theirs)) in zip(c.points, zip(ours, expected)) {
            #expect(abs(mine - theirs) <= 1e-9 * max(1, abs(theirs)), "at \(point): Ablate \(mine), Optuna \(theirs)")
        }
    }
}
