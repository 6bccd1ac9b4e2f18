import Foundation

/// Prepares an epoch's training batches ahead of the loop on `workers` background threads (the
/// classification task's `data.num_workers`), at most `window` batches ahead of the one being
/// trained on, so augmentation overlaps the model's compute. Batches come back in the epoch's
/// order and equal what the training thread would have made (each is a function of its indices
/// and the epoch's seed alone). The threads of an epoch end with it; a new epoch abandons what
/// is left of the previous one.
final class BatchPrefetcher<Batch: Sendable>: @unchecked Sendable {
    private let workers: Int, window: Int
    private let make: @Sendable ([Int], UInt64) -> Batch
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var generation = 0
    private var batches: [[Int]] = []
    private var seed: UInt64 = 0
    private var next = 0, consumed = 0
    private var ready: [Int: Batch] = [:]

    init(workers: Int, window: Int? = nil, make: @escaping @Sendable ([Int], UInt64) -> Batch) {
        self.workers = workers
        self.window = window ?? 2 * workers
        self.make = make
    }

    /// Starts preparing `batches` (in this order) with the epoch's augmentation `seed`.
    func start(batches: [[Int]], seed: UInt64) {
        condition.lock()
        generation += 1
        self.batches = batches
        self.seed = seed
        next = 0
        consumed = 0
        ready = [:]
        let current = generation
        condition.unlock()
        for _ in 0..<Swift.min(workers, batches.count) {
            Thread.detachNewThread { [self] in work(generation: current) }
        }
    }

    /// The prepared batch for `indices` when it is the epoch's next one (waiting for it), else
    /// nil (the caller makes it itself).
    func take(_ indices: [Int]) -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        guard consumed < batches.count, batches[consumed] == indices else { return nil }
        while ready[consumed] == nil { condition.wait() }
        let batch = ready.removeValue(forKey: consumed)
        consumed += 1
        condition.broadcast()
        return batch
    }

    private func work(generation current: Int) {
        condition.lock()
        while true {
            while generation == current, next < batches.count, next >= consumed + window { condition.wait() }
            guard generation == current, next < batches.count else { break }
            let position = next, indices = batches[position], seed = seed
            next += 1
            condition.unlock()
            let batch = make(indices, seed)
            condition.lock()
            if generation == current {
                ready[position] = batch
                condition.broadcast()
            }
        }
        condition.unlock()
    }
}
