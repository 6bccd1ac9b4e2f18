import Config
import Foundation
import Testing
@testable import Sweep

@Suite struct SamplerTests {
    static func space(_ overrides: [String]) throws -> SearchSpace {
        try SearchSpace(try OverrideParser.parse(overrides)) { _ in [] }
    }

    /// Runs a sweep of `nTrials` one trial at a time (one slot), telling each its objective.
    static func run<S: Sampler>(_ sampler: S, _ space: SearchSpace, nTrials: Int,
                                direction: StudyDirection = .minimize,
                                objective: ([Double]) -> Double) throws -> Study {
        var sweeper = SamplingSweeper(space: space, nTrials: nTrials, sampler: sampler)
        var study = Study(name: "s", direction: direction)
        while !sweeper.isDone(given: study) {
            for trial in try sweeper.ask(1, given: study) {
                study.add(trial)
                study.complete(trial.number, value: objective(trial.point))
            }
        }
        return study
    }

    static let mixed = ["lr=tag(log, interval(1e-4, 1e-1))", "depth=int(interval(2,8))", "opt=choice(sgd,adam,rmsprop)",
                        "bs=range(8,64,8)", "w=tag(log, int(interval(1,1000)))"]

    static func mixedObjective(_ p: [Double]) -> Double {
        pow(log10(p[0]) + 2.5, 2) + abs(p[1] - 5) + (p[2] == 1 ? 0 : 1) + abs(p[3] - 3) / 3 + abs(log(p[4]) - 3)
    }

    @Test(arguments: ["random", "tpe"])
    func sameSeedSameTrials(_ kind: String) throws {
        let space = try Self.space(Self.mixed)
        func trials(seed: UInt64) throws -> [[String]] {
            let study = kind == "random"
                ? try Self.run(RandomSampler(seed: seed), space, nTrials: 25, objective: Self.mixedObjective)
                : try Self.run(TPESampler(seed: seed), space, nTrials: 25, objective: Self.mixedObjective)
            return study.trials.map(\.lines)
        }
        let first = try trials(seed: 7)
        #expect(try trials(seed: 7) == first)
        #expect(try trials(seed: 8) != first)
        #expect(Set(first).count == first.count, "25 draws of a mostly continuous space repeat nothing")
    }

    @Test(arguments: ["random", "tpe"])
    func drawsStayInTheirDomains(_ kind: String) throws {
        let space = try Self.space(Self.mixed)
        let study = kind == "random"
            ? try Self.run(RandomSampler(seed: 3), space, nTrials: 200, objective: Self.mixedObjective)
            : try Self.run(TPESampler(seed: 3), space, nTrials: 200, objective: Self.mixedObjective)
        var depths = Set<Int>(), sizes = Set<Int>()
        for trial in study.trials {
            let p = trial.point
            #expect((1e-4...1e-1).contains(p[0]))
            #expect(p[1] == p[1].rounded() && (2...8).contains(p[1]))
            #expect([0, 1, 2].contains(p[2]))
            #expect(p[3] == p[3].rounded() && (0...6).contains(p[3]))
            #expect(p[4] == p[4].rounded() && (1...1000).contains(p[4]))
            depths.insert(Int(p[1]))
            sizes.insert(Int(p[3]))
        }
        if kind == "random" {
            #expect(depths == Set(2...8), "both ends of int(interval(2,8)) are drawn")
            #expect(sizes == Set(0...6), "range(8,64,8) has 7 values, 64 excluded")
        }
        #expect(!study.trials.contains { $0.lines.contains("bs=64") })
    }

    /// TPE learns: on a 2-D quadratic, its median best value after 40 trials over 9 seeds beats
    /// random search's, and its draws after the startup trials sit closer to the optimum.
    @Test func tpeBeatsRandomOnAQuadratic() throws {
        let space = try Self.space(["x=interval(-5,5)", "y=interval(-5,5)"])
        let objective = { (p: [Double]) in pow(p[0] - 1.3, 2) + pow(p[1] + 2.1, 2) }
        var tpeBest: [Double] = [], randomBest: [Double] = [], tpeDistance = 0.0, randomDistance = 0.0
        for seed in UInt64(1)...9 {
            let tpe = try Self.run(TPESampler(seed: seed), space, nTrials: 40, objective: objective)
            let random = try Self.run(RandomSampler(seed: seed), space, nTrials: 40, objective: objective)
            tpeBest.append(tpe.bestTrial!.value!)
            randomBest.append(random.bestTrial!.value!)
            tpeDistance += tpe.trials.dropFirst(10).map { $0.value! }.reduce(0, +)
            randomDistance += random.trials.dropFirst(10).map { $0.value! }.reduce(0, +)
        }
        let median = { (xs: [Double]) in xs.sorted()[xs.count / 2] }
        #expect(median(tpeBest) < median(randomBest) / 2, "TPE \(median(tpeBest)) vs random \(median(randomBest))")
        #expect(tpeDistance < randomDistance / 2)
    }

    @Test func tpeFindsTheBestCategory() throws {
        let space = try Self.space(["opt=choice(a,b,c,d,e)"])
        let study = try Self.run(TPESampler(seed: 11), space, nTrials: 60) { p in p[0] == 3 ? 0 : 1 + p[0] }
        let picks = study.trials.dropFirst(20).filter { $0.point[0] == 3 }.count
        #expect(picks > 40 / 2, "after learning, most draws are the best of 5 categories (got \(picks) of 40)")
    }

    @Test func failedAndDivergedTrialsAreNotLearnedFrom() throws {
        var study = Study(name: "f", direction: .minimize)
        for n in 0..<12 {
            study.add(TrialRecord(number: n, point: [Double(n) / 12], lines: []))
            study.complete(n, value: n % 3 == 0 ? .nan : Double(n))
        }
        #expect(study.trials.filter { $0.state == .failed }.count == 4)
        #expect(abs(study.failureRate - 4.0 / 12) < 1e-12)
        // 8 learnable trials < 10 startup trials: still random, so the draw equals the
        // random sampler's with the same seed.
        let space = try Self.space(["x=interval(0,1)"])
        var tpe = TPESampler(seed: 5)
        var random = RandomSampler(seed: 5)
        #expect(tpe.sample(space, given: study) == random.sample(space, given: study))
    }

    @Test func splitTakesBestCompleteThenFurthestPruned() {
        var trials: [TrialRecord] = []
        for (n, value) in [4.0, 1.0, 3.0].enumerated() {
            trials.append(TrialRecord(number: n, point: [0], lines: [], state: .complete, value: value))
        }
        trials.append(TrialRecord(number: 3, point: [0], lines: [], state: .pruned, intermediateValues: [1: 0.5, 5: 2.0]))
        trials.append(TrialRecord(number: 4, point: [0], lines: [], state: .pruned, intermediateValues: [1: 0.1]))
        let (below, above) = TPESampler.split(trials, nBelow: 4, direction: .minimize)
        #expect(below.map(\.number) == [0, 1, 2, 3])
        #expect(above.map(\.number) == [4])
        #expect(TPESampler.gamma(10) == 1 && TPESampler.gamma(11) == 2 && TPESampler.gamma(1000) == 25)
    }

    @Test func parzenBandwidthsFollowOptuna() {
        // Optuna 4.5's widths over [0, 1] (the prior's centre 0.5 counts as a neighbour; magic
        // clip at 1/min(100, 1 + kernels)), as its _ParzenEstimator computes them.
        let cases: [([Double], [Double])] = [
            ([0.1, 0.9], [0.4, 0.4]),
            ([0.5, 0.2, 0.6, 0.55, 0.58], [0.3, 0.3, 1.0 / 7, 1.0 / 7, 1.0 / 7]),
        ]
        for (mus, expected) in cases {
            let sigmas = ParzenEstimator.bandwidths(mus, low: 0, high: 1, parameters: .init())
            #expect(sigmas.count == expected.count && zip(sigmas, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(mus): \(sigmas)")
        }
        // numpy's linspace(1/27, 1, 2) ramp for the two oldest of 27, then ones.
        let weights = ParzenEstimator.defaultWeights(27)
        #expect(weights.count == 27)
        #expect(abs(weights[0] - 1.0 / 27) < 1e-12 && abs(weights[1] - 1) < 1e-12)
        #expect(weights.dropFirst(2).allSatisfy { $0 == 1 })
    }
}
