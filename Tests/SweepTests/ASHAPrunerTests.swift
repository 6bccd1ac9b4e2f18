import Testing
@testable import Sweep

/// ASHA against Ray Tune's rule (rungs `grace·rf^(k+s)`, cut-off = the `(1 − 1/rf)` percentile
/// of the rung's recorded rewards before recording, stop if below), on hand-computed vectors.
@Suite struct ASHAPrunerTests {
    /// Reports (trial, step, value) in order through a fresh pruner; returns the decisions.
    static func feed(_ pruner: inout ASHAPruner, direction: StudyDirection = .maximize,
                     _ reports: [(trial: Int, step: Int, value: Double)]) -> [PruningDecision] {
        var study = Study(name: "asha", direction: direction)
        return reports.map { report in
            while study.nextNumber <= report.trial {
                study.add(TrialRecord(number: study.nextNumber, point: [], lines: []))
            }
            study.report(report.trial, step: report.step, value: report.value)
            return pruner.decide(report.trial, in: study)
        }
    }

    @Test func rungsFollowRaysFormula() throws {
        // int(log(10/1)/log(2) − 0 + 1) = 4 rungs: 8, 4, 2, 1 (highest first).
        #expect(try ASHAPruner(maxT: 10, gracePeriod: 1, reductionFactor: 2).rungs[0].map(\.milestone) == [8, 4, 2, 1])
        // Defaults (max_t 100, grace 1, rf 4): 64, 16, 4, 1; a second bracket starts at 4.
        let two = try ASHAPruner(brackets: 2)
        #expect(two.rungs.map { $0.map(\.milestone) } == [[64, 16, 4, 1], [64, 16, 4]])
        // grace 3, max 50, rf 3: int(log(50/3)/log 3 + 1) = int(3.56) = 3 rungs: 27, 9, 3.
        #expect(try ASHAPruner(maxT: 50, gracePeriod: 3, reductionFactor: 3).rungs[0].map(\.milestone) == [27, 9, 3])
    }

    @Test func raysDocumentedExample() throws {
        // Bracket (grace 1, max 10, rf 2) at t = 1: reward 2 continues (empty rung), 4
        // continues (cut-off 2), 1 stops (cut-off = median of {2, 4} = 3).
        var pruner = try ASHAPruner(maxT: 10, gracePeriod: 1, reductionFactor: 2)
        #expect(Self.feed(&pruner, [(0, 1, 2), (1, 1, 4), (2, 1, 1)]) == [.keep, .keep, .prune])
        #expect(ASHAPruner.cutoff(Array(pruner.rungs[0][3].recorded.values), reductionFactor: 2) == 2)
    }

    @Test func defaultReductionKeepsTheTopQuarter() throws {
        // rf 4: the 75th percentile. Rung 1 gets 1, 2, 3, 4 (cut-offs none, 1, 1.75, 2.5: all
        // kept), then 2.6 meets cut-off 3.25 and stops; 3.5 then meets 3 (of 1, 2, 2.6, 3, 4) and continues.
        var pruner = try ASHAPruner()
        let decisions = Self.feed(&pruner, [(0, 1, 1), (1, 1, 2), (2, 1, 3), (3, 1, 4), (4, 1, 2.6), (5, 1, 3.5)])
        #expect(decisions == [.keep, .keep, .keep, .keep, .prune, .keep])
    }

    @Test func minimizingFlipsTheSign() throws {
        // Losses 0.5, 0.3, then 0.6: rewards −0.5, −0.3, −0.6; cut-off −0.4; −0.6 stops.
        var pruner = try ASHAPruner(maxT: 10, gracePeriod: 1, reductionFactor: 2)
        #expect(Self.feed(&pruner, direction: .minimize, [(0, 1, 0.5), (1, 1, 0.3), (2, 1, 0.6)]) == [.keep, .keep, .prune])
    }

    @Test func oneRungPerReportHighestFirstAndBudgetFinishes() throws {
        var pruner = try ASHAPruner(maxT: 10, gracePeriod: 1, reductionFactor: 2)
        // Trial 0 reports at 1, 2, 4, 8: one rung each. Trial 1 first reports at step 5: it is
        // recorded at rung 4 (cut-off 10: 3 stops it), then at step 6 at rung 2 (the highest
        // not yet recorded; cut-off 10 of {10}: 12 continues), at step 10 it has its budget.
        let decisions = Self.feed(&pruner, [(0, 1, 10), (0, 2, 10), (0, 4, 10), (0, 8, 10),
                                            (1, 5, 3), (1, 6, 12), (1, 10, 12)])
        #expect(decisions == [.keep, .keep, .keep, .keep, .prune, .keep, .finish])
        #expect(pruner.rungs[0][1].recorded == [0: 10, 1: 3])   // milestone 4
        #expect(pruner.rungs[0][2].recorded == [0: 10, 1: 12])  // milestone 2
    }

    @Test func refusesBadSettings() {
        #expect { try ASHAPruner(maxT: 10, gracePeriod: 20) } throws: { error in
            (error as? SweepError)?.localizedDescription
                == "hydra.sweeper.pruner.max_t=10 is out of range: it must be at least grace_period (20). Set it on the command line, e.g. hydra.sweeper.pruner.max_t=<value>."
        }
    }
}
