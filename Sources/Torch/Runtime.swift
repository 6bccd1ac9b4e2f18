import CTorch

/// Process-wide libtorch settings: seeds, random-generator state, threads, allocator tuning.
public enum Torch {
    /// Seeds the default CPU generator (as `torch.manual_seed`).
    public static func manualSeed(_ seed: UInt64) { ct_manual_seed(seed) }

    /// The default CPU generator's state, to restore it later with `setRNGState`.
    public static func rngState() throws -> Tensor { try check(ct_rng_state(), "get_rng_state") }

    /// Restores a state taken with `rngState`.
    public static func setRNGState(_ state: Tensor) throws { try check(ct_set_rng_state(state.handle), "set_rng_state") }

    /// Intra-op threads (as `torch.set_num_threads`).
    public static var threadCount: Int {
        get { Int(ct_get_num_threads()) }
        set { ct_set_num_threads(Int32(max(1, newValue))) }
    }

    /// Raises glibc's mmap and trim thresholds so activation buffers are reused between steps
    /// instead of being mapped afresh (worth about 1.5x training speed). Call once at start.
    public static func tuneMalloc() { ct_tune_malloc() }
}
