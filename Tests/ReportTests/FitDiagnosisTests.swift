import Diagnostics
import Testing

/// PaddleClas's train vs val reading, case by case (gaps in accuracy units).
@Suite("train vs val diagnosis")
struct FitDiagnosisTests {
    struct Case: Sendable, CustomStringConvertible {
        var train: Double, val: Double, higherIsBetter = true
        var thresholds = FitDiagnosis.Thresholds()
        var verdict: FitDiagnosis.Verdict?
        var gapText: String?
        var description: String { "train \(train) val \(val)" }
    }

    static let cases: [Case] = [
        Case(train: 0.95, val: 0.93, verdict: .fine, gapText: "+2.0 pts"),
        Case(train: 0.99, val: 0.90, verdict: .overfitting, gapText: "+9.0 pts"),
        Case(train: 0.98, val: 0.93, verdict: .fine, gapText: "+5.0 pts"),           // at the threshold: not above it
        Case(train: 0.9801, val: 0.93, verdict: .overfitting, gapText: "+5.0 pts"),
        Case(train: 0.90, val: 0.91, verdict: .underfitting, gapText: "-1.0 pts"),
        Case(train: 0.93, val: 0.93, verdict: .fine, gapText: "+0.0 pts"),
        Case(train: 0.90, val: 0.91, thresholds: .init(overfit: 0.05, underfit: 0.02), verdict: .fine, gapText: "-1.0 pts"),
        Case(train: 0.99, val: 0.90, thresholds: .init(overfit: 0.10, underfit: 0), verdict: .fine, gapText: "+9.0 pts"),
        // A loss: lower is better, so train below val is train doing better.
        Case(train: 0.20, val: 0.40, higherIsBetter: false, verdict: .overfitting, gapText: "+20.0 pts"),
        Case(train: 0.50, val: 0.40, higherIsBetter: false, verdict: .underfitting, gapText: "-10.0 pts"),
        // Nothing to read from a diverged run.
        Case(train: .nan, val: 0.5, verdict: nil),
        Case(train: 0.5, val: .infinity, verdict: nil),
    ]

    @Test(arguments: cases)
    func verdict(_ c: Case) {
        let diagnosis = FitDiagnosis(train: c.train, val: c.val, higherIsBetter: c.higherIsBetter, thresholds: c.thresholds)
        #expect(diagnosis?.verdict == c.verdict)
        if let gapText = c.gapText { #expect(diagnosis?.gapText == gapText) }
    }

    @Test func codesRoundTripAndCounterpartsAreNamed() {
        for verdict in FitDiagnosis.Verdict.allCases { #expect(FitDiagnosis.Verdict(code: verdict.code) == verdict) }
        #expect(FitDiagnosis.Verdict(code: 3) == nil)
        #expect(FitDiagnosis.trainingMetric(of: "val/top1") == "train/top1")
        #expect(FitDiagnosis.trainingMetric(of: "test/top1") == nil)
    }
}
