import Torch

/// Online hard-negative mining: the sum of the `k` largest entries of a loss tensor, with
/// gradients flowing to exactly those entries. Ties at the k-th value share the remaining
/// weight equally, so the value equals `topk(values, k).sum()` whatever the tie order.
enum HardNegativeMining {
    /// Sum of the `k` largest elements of `values` (any shape, flattened).
    static func topKSum(_ values: Tensor, k: Int) throws -> Tensor {
        let count = values.count
        guard k < count else { return try values.sum() }
        guard k > 0 else { return try (values * 0.0).sum() }
        let threshold = try kthLargest(try values.detach().contiguous().toArray(Float.self), k)
        let above = try values.gt(Double(threshold)).to(.float32)
        let atThreshold = try values.eq(Double(threshold)).to(.float32)
        let strictlyAbove = try above.sum().item()
        let tied = try atThreshold.sum().item()
        let share = tied > 0 ? (Double(k) - strictlyAbove) / tied : 0
        return try (values * above).sum() + (values * atThreshold).sum() * share
    }

    /// The k-th largest value (1-based) by quickselect on a copy.
    static func kthLargest(_ input: [Float], _ k: Int) -> Float {
        var a = input
        var lo = 0, hi = a.count - 1
        let target = k - 1
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        while lo < hi {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let pivot = a[lo + Int((state >> 33) % UInt64(hi - lo + 1))]
            // Three-way partition, descending: [> pivot | == pivot | < pivot].
            var lt = lo, i = lo, gt = hi
            while i <= gt {
                if a[i] > pivot { a.swapAt(lt, i); lt += 1; i += 1 } else if a[i] < pivot { a.swapAt(i, gt); gt -= 1 } else { i += 1 }
            }
            if target < lt { hi = lt - 1 } else if target > gt { lo = gt + 1 } else { return pivot }
        }
        return a[lo]
    }
}
