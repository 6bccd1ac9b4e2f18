/// A seeded split of a dataset's indices into training and validation samples: a Fisher-Yates
/// permutation under `SeededRandom(seed:)` (the same on every machine), its first
/// `validationCount` indices for validation and the rest for training, each part sorted.
public struct TrainValidationSplit: Sendable, Equatable {
    public var train: [Int]
    public var validation: [Int]

    public init(count: Int, validationCount: Int, seed: UInt64) {
        precondition((0...count).contains(validationCount), "validationCount must be in 0...count")
        var order = Array(0..<count)
        var random = SeededRandom(seed: seed)
        for i in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(random.next() % UInt64(i + 1)))
        }
        validation = order[..<validationCount].sorted()
        train = order[validationCount...].sorted()
    }
}
