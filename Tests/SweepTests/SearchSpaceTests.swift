import Config
import Testing
@testable import Sweep

@Suite struct SearchSpaceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let override: String
        let distribution: SearchDistribution?
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "interval", override: "lr=interval(0.001,0.1)", distribution: .float(low: 0.001, high: 0.1, log: false)),
        Case(id: "log interval", override: "lr=tag(log, interval(1e-4, 1e-1))", distribution: .float(low: 1e-4, high: 1e-1, log: true)),
        Case(id: "int interval keeps both ends", override: "depth=int(interval(2,8))", distribution: .int(low: 2, high: 8, log: false)),
        Case(id: "log int interval", override: "width=tag(log, int(interval(8,512)))", distribution: .int(low: 8, high: 512, log: true)),
        Case(id: "float cast stays float", override: "x=float(interval(1,3))", distribution: .float(low: 1, high: 3, log: false)),
        Case(id: "range is stop-exclusive", override: "bs=range(1,5)", distribution: .ordinal([.int(1), .int(2), .int(3), .int(4)])),
        Case(id: "float range", override: "wd=range(0,0.3,0.1)", distribution: .ordinal([.double(0), .double(0.1), .double(0.2)])),
        Case(id: "log range of ints", override: "w=tag(log, range(1,65))", distribution: .int(low: 1, high: 64, log: true)),
        Case(id: "choice", override: "opt=choice(sgd,adam)", distribution: .categorical([.string("sgd", quote: nil), .string("adam", quote: nil)])),
        Case(id: "simple sweep", override: "seed=1,2,3", distribution: .categorical([.int(1), .int(2), .int(3)])),
        Case(id: "plain value is fixed", override: "epochs=3", distribution: nil),
    ]

    @Test(arguments: cases)
    func readsTheSweep(_ c: Case) throws {
        let space = try SearchSpace(try OverrideParser.parse([c.override])) { _ in [] }
        #expect(space.entries.count == 1)
        #expect(space.entries.first?.distribution == c.distribution)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let id: String
        let override: String
        let message: String
        var testDescription: String { id }
    }

    static let refusals: [Refusal] = [
        Refusal(id: "empty interval", override: "lr=interval(0.1,0.01)", message: """
            Could not expand override #1 'lr=interval(0.1,0.01)': interval(0.1, 0.01) is empty or not finite.
            Hint: Write interval(low, high) with finite numbers and low < high, e.g. interval(0.0001, 0.1).
            """),
        Refusal(id: "log interval through zero", override: "lr=tag(log, interval(0, 1))", message: """
            Could not expand override #1 'lr=tag(log, interval(0, 1))': a log-scaled interval must be above zero, got low 0.0.
            Hint: Give tag(log, interval(low, high)) a positive low, e.g. tag(log, interval(1e-5, 1e-1)).
            """),
        Refusal(id: "log range with a step", override: "w=tag(log, range(1,64,2))", message: """
            Could not expand override #1 'w=tag(log, range(1,64,2))': a log-scaled range() must be positive ints with step 1.
            Hint: Write tag(log, range(1,65)) for ints 1..64, or tag(log, interval(a,b)) for floats.
            """),
        Refusal(id: "empty range", override: "w=range(5,1)", message: """
            Could not expand override #1 'w=range(5,1)': range() gives no values (stop is excluded).
            Hint: Write range(start, stop, step) with stop past start in the step's direction, e.g. range(1,5) for 1..4.
            """),
    ]

    @Test(arguments: refusals)
    func refusesWhatCannotBeSampled(_ c: Refusal) throws {
        let overrides = try OverrideParser.parse([c.override])
        #expect { try SearchSpace(overrides) { _ in [] } } throws: { error in
            (error as? ConfigError)?.localizedDescription == c.message
        }
    }

    @Test func jobLinesKeepOrderAndFixedValues() throws {
        let space = try SearchSpace(try OverrideParser.parse([
            "lr=tag(log, interval(1e-4, 1e-1))", "epochs=3", "opt=choice(sgd,adam)", "depth=int(interval(2,8))", "lr=interval(0.1,0.2)",
        ])) { _ in [] }
        #expect(space.entries.map(\.key) == ["lr", "epochs", "opt", "depth"])
        #expect(space.dimensions.count == 3)
        #expect(space.jobLines(at: [0.15, 1, 5]) == ["lr=0.15", "epochs=3", "opt=adam", "depth=5"])
    }

    @Test func theGridStillRefusesIntervals() throws {
        let overrides = try OverrideParser.parse(["lr=interval(0.1,0.2)"])
        #expect { try GridSweeper(overrides) { _ in [] } } throws: { error in
            (error as? ConfigError)?.localizedDescription.contains("interval() is a continuous range that a grid sweep cannot enumerate") == true
        }
    }

    @Test func gridSweeperHandsOutTheExpansionInOrder() throws {
        let overrides = try OverrideParser.parse(["a=1,2", "b=x,y,z"])
        var grid = try GridSweeper(overrides) { _ in [] }
        let expected = try SweepExpansion.jobOverrides(overrides) { _ in [] }
        var study = Study(name: "grid", direction: .minimize)
        var handedOut: [[String]] = []
        while !grid.isDone(given: study) {
            let trials = try grid.ask(4, given: study)
            #expect(!trials.isEmpty && trials.count <= 4)
            for trial in trials { study.add(trial); handedOut.append(trial.lines) }
        }
        #expect(handedOut == expected)
        #expect(handedOut.count == 6)
        #expect(try grid.ask(1, given: study).isEmpty)
    }
}
