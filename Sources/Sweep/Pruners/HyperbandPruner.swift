import Foundation

/// Optuna's `HyperbandPruner`: `n = ⌊log_rf(max_resource / min_resource)⌋ + 1` brackets, bracket
/// `b` a successive-halving pruner with `min_early_stopping_rate = b`. A trial's bracket comes
/// from CRC-32 of `"<study name>_<trial number>"` modulo the brackets' total budget
/// (bracket `b` takes `⌈n · rf^s / (s + 1)⌉` of it, `s = n − 1 − b`), and it competes only
/// within its bracket. `max_resource` nil is Optuna's `auto`: the longest complete trial's
/// last step + 1, fixed once a trial has completed (until then nothing is pruned).
public struct HyperbandPruner: Pruner, Codable {
    public let minResource: Int
    public private(set) var maxResource: Int?
    public let reductionFactor: Int
    public private(set) var brackets: [SuccessiveHalvingPruner] = []
    private var budgets: [Int] = []

    public init(minResource: Int = 1, maxResource: Int? = nil, reductionFactor: Int = 3,
                key: String = "hydra.sweeper.pruner") throws {
        if minResource < 1 {
            throw SweepError.badSweeperSetting(key: "\(key).min_resource", value: "\(minResource)", expected: "1 or more")
        }
        if let maxResource, maxResource < minResource {
            throw SweepError.badSweeperSetting(key: "\(key).max_resource", value: "\(maxResource)",
                                               expected: "auto or at least min_resource (\(minResource))")
        }
        if reductionFactor < 2 {
            throw SweepError.badSweeperSetting(key: "\(key).reduction_factor", value: "\(reductionFactor)", expected: "2 or more")
        }
        self.minResource = minResource
        self.maxResource = maxResource
        self.reductionFactor = reductionFactor
    }

    public mutating func decide(_ number: Int, in study: Study) -> PruningDecision {
        if brackets.isEmpty {
            initialize(study)
            if brackets.isEmpty { return .keep }
        }
        let bracket = bracketIndex(of: number, study: study)
        let members = study.trials.filter { bracketIndex(of: $0.number, study: study) == bracket }
        return brackets[bracket].decide(number, in: Study(name: study.name, direction: study.direction, trials: members))
    }

    /// The bracket a trial competes in (0 before the brackets exist).
    public func bracketIndex(of number: Int, study: Study) -> Int {
        guard !budgets.isEmpty else { return 0 }
        var n = Int(CRC32.checksum(Array("\(study.name)_\(number)".utf8)) % UInt32(budgets.reduce(0, +)))
        for (index, budget) in budgets.enumerated() {
            n -= budget
            if n < 0 { return index }
        }
        return budgets.count - 1
    }

    private mutating func initialize(_ study: Study) {
        if maxResource == nil {
            let lastSteps = study.trials.filter { $0.state == .complete }.compactMap(\.lastStep)
            guard let longest = lastSteps.max() else { return }
            maxResource = longest + 1
        }
        let count = Int((log(Double(maxResource!) / Double(minResource)) / log(Double(reductionFactor))).rounded(.down)) + 1
        for b in 0..<count {
            let s = count - 1 - b
            budgets.append(Int((Double(count) * pow(Double(reductionFactor), Double(s)) / Double(s + 1)).rounded(.up)))
            // Settings were checked in init, so this cannot throw.
            brackets.append(try! SuccessiveHalvingPruner(minResource: minResource, reductionFactor: reductionFactor,
                                                         minEarlyStoppingRate: b))
        }
    }
}

/// CRC-32 (IEEE 802.3, zlib's), for Hyperband's bracket assignment.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
