/// Reading train against val, as PaddleClas's training tricks advise (§8): a model whose clean
/// training accuracy is well above its validation accuracy is overfitting, one whose training
/// accuracy is below its validation accuracy is underfitting, and a small gap with train on top
/// is fine. Each verdict comes with the advice for the next run.
///
/// The gap is taken on the *clean* training accuracy (a fixed training subset under evaluation
/// transforms): the running accuracy on augmented batches is lower by construction and has no
/// meaning under Mixup or CutMix.
public struct FitDiagnosis: Sendable, Equatable {
    public enum Verdict: String, Sendable, CaseIterable {
        case underfitting, fine, overfitting

        /// As a number for metrics.jsonl: -1 underfitting, 0 fine, 1 overfitting.
        public var code: Double {
            switch self {
            case .underfitting: return -1
            case .fine: return 0
            case .overfitting: return 1
            }
        }

        public init?(code: Double) {
            guard let verdict = Self.allCases.first(where: { $0.code == code.rounded() }) else { return nil }
            self = verdict
        }

        /// What to change in the next run.
        public var advice: String {
            switch self {
            case .overfitting: return "raise weight decay, add augmentation or label smoothing"
            case .underfitting: return "lower weight decay, use less augmentation, a larger crop area (scale), a narrower stretch (ratio), no label smoothing"
            case .fine: return "train and val agree"
            }
        }
    }

    /// Where the verdicts change, as gaps (train minus val, in accuracy units: 0.05 = 5 points).
    public struct Thresholds: Sendable, Equatable {
        /// A gap above this is overfitting.
        public var overfit: Double
        /// A gap below minus this is underfitting.
        public var underfit: Double

        public init(overfit: Double = 0.05, underfit: Double = 0) {
            self.overfit = overfit
            self.underfit = underfit
        }
    }

    /// Train minus val for a metric where higher is better (val minus train where lower is).
    public let gap: Double
    public let verdict: Verdict

    /// The reading of one evaluation; nil unless both values are finite.
    public init?(train: Double, val: Double, higherIsBetter: Bool = true, thresholds: Thresholds = Thresholds()) {
        guard train.isFinite, val.isFinite else { return nil }
        self.init(gap: higherIsBetter ? train - val : val - train, thresholds: thresholds)
    }

    /// The reading of a gap (train minus val, oriented so that positive means train does better).
    public init(gap: Double, thresholds: Thresholds = Thresholds()) {
        self.gap = gap
        if gap > thresholds.overfit {
            verdict = .overfitting
        } else if gap < -thresholds.underfit {
            verdict = .underfitting
        } else {
            verdict = .fine
        }
    }

    /// The gap in points (percentage points of accuracy), signed: "+12.3 pts".
    public var gapText: String {
        let points = (gap * 1000).rounded() / 10
        return (points >= 0 ? "+" : "") + String(describing: points) + " pts"
    }

    /// The metric names the loop logs a diagnosis under.
    public static let gapMetric = "fit/gap"
    public static let verdictMetric = "fit/verdict"

    /// The training counterpart of a validation metric (`val/top1` -> `train/top1`), if it is one.
    public static func trainingMetric(of validation: String) -> String? {
        guard validation.hasPrefix("val/") else { return nil }
        return "train/" + validation.dropFirst(4)
    }
}
