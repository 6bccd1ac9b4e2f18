// The Swift side of `scripts/bench tpe`: Ablate's TPE and random samplers on standard test
// functions, in process (the search space goes through the real override parser).
// Usage: TPEBench FUNCTION SAMPLER TRIALS SEED...   (FUNCTION branin|hartmann6|noisy_quadratic,
// SAMPLER tpe|random). Prints one line per seed: `seed=<s> best=<value>`, the best value being
// the noise-free value of the trial with the best observed objective.
import Config
import Foundation
import Sweep

struct Objective {
    let overrides: [String]
    let noise: Double
    let value: ([Double]) -> Double
}

let objectives: [String: Objective] = [
    // Branin-Hoo: minimum 0.397887 at (−π, 12.275), (π, 2.275), (9.42478, 2.475).
    "branin": Objective(overrides: ["x1=interval(-5,10)", "x2=interval(0,15)"], noise: 0) { p in
        let (x1, x2) = (p[0], p[1])
        let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
        return pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * cos(x1) + 10
    },
    // Hartmann-6 on [0,1]^6: minimum −3.32237.
    "hartmann6": Objective(overrides: (1...6).map { "x\($0)=interval(0,1)" }, noise: 0) { x in
        let alpha = [1.0, 1.2, 3.0, 3.2]
        let a: [[Double]] = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                             [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
        let p: [[Double]] = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                             [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
        var sum = 0.0
        for i in 0..<4 {
            var inner = 0.0
            for j in 0..<6 { inner += a[i][j] * pow(x[j] - p[i][j] * 1e-4, 2) }
            sum += alpha[i] * exp(-inner)
        }
        return -sum
    },
    // A 4-D quadratic bowl with Gaussian noise (σ = 0.5) on every evaluation: minimum 0.
    "noisy_quadratic": Objective(overrides: (1...4).map { "x\($0)=interval(-5,5)" }, noise: 0.5) { x in
        let centre = [1.5, -2.0, 0.5, 3.0]
        return zip(x, centre).map { pow($0 - $1, 2) }.reduce(0, +)
    },
]

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count >= 4, let objective = objectives[arguments[arguments.startIndex]],
      let trials = Int(arguments[arguments.startIndex + 2]) else {
    FileHandle.standardError.write(Data("usage: TPEBench branin|hartmann6|noisy_quadratic tpe|random TRIALS SEED...\n".utf8))
    exit(2)
}
let samplerName = arguments[arguments.startIndex + 1]
let seeds = arguments.dropFirst(3).compactMap { UInt64($0) }
let space = try SearchSpace(try OverrideParser.parse(objective.overrides)) { _ in [] }

func run<S: Sampler>(_ sampler: S, seed: UInt64) throws -> Double {
    var sweeper = SamplingSweeper(space: space, nTrials: trials, sampler: sampler)
    var study = Study(name: "bench", direction: .minimize)
    var noise = SeededGenerator(seed: 1000 + seed)
    var trueValue: [Int: Double] = [:]
    while !sweeper.isDone(given: study) {
        for trial in try sweeper.ask(1, given: study) {
            study.add(trial)
            let clean = objective.value(trial.point)
            trueValue[trial.number] = clean
            // Box-Muller from the noise generator.
            let gaussian = (-2 * log(1 - noise.unit())).squareRoot() * cos(2 * Double.pi * noise.unit())
            study.complete(trial.number, value: clean + objective.noise * gaussian)
        }
    }
    return trueValue[study.bestTrial!.number]!
}

let start = Date()
for seed in seeds {
    let best: Double
    switch samplerName {
    case "tpe": best = try run(TPESampler(seed: seed), seed: seed)
    case "random": best = try run(RandomSampler(seed: seed), seed: seed)
    default:
        FileHandle.standardError.write(Data("unknown sampler '\(samplerName)': use tpe or random\n".utf8))
        exit(2)
    }
    print("seed=\(seed) best=\(best)")
}
FileHandle.standardError.write(Data("seconds=\(Date().timeIntervalSince(start))\n".utf8))
