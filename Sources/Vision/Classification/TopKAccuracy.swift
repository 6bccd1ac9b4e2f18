import Torch

/// Running top-k accuracy and summed cross entropy over evaluation batches. A sample counts as
/// correct at k when fewer than k classes score strictly higher than its true class.
struct TopKAccuracy {
    let ks: [Int]
    private(set) var correct: [Int]
    private(set) var count = 0
    private(set) var lossSum = 0.0

    init(ks: [Int]) {
        self.ks = ks
        correct = ks.map { _ in 0 }
    }

    /// Adds a batch: `logits` [B, classes], `labels` the true classes.
    mutating func add(logits: Tensor, labels: [Int], labelTensor: Tensor) throws {
        lossSum += try logits.crossEntropy(labelTensor, reduction: .sum).item()
        let classes = logits.shape[1]
        let scores = try logits.to(.float32).contiguous().toArray(Float.self)
        for (row, label) in labels.enumerated() {
            let base = row * classes, own = scores[base + label]
            var higher = 0
            for j in 0..<classes where scores[base + j] > own { higher += 1 }
            for (i, k) in ks.enumerated() where higher < k { correct[i] += 1 }
        }
        count += labels.count
    }

    /// Accuracy at each k, in `ks`'s order.
    var accuracies: [Double] { correct.map { count > 0 ? Double($0) / Double(count) : .nan } }
    var meanLoss: Double { count > 0 ? lossSum / Double(count) : .nan }
}
