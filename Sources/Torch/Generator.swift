import CTorch

/// A CPU random generator of its own (as `torch.Generator`), so a training run's randomness
/// (initialisation, data, shuffling) does not depend on what else in the process draws numbers.
/// Random functions use it inside `withCurrent`; elsewhere they use the default generator.
public final class Generator: @unchecked Sendable {
    let handle: OpaquePointer

    /// A generator seeded with `seed`.
    public init(seed: UInt64) throws {
        guard let handle = ct_generator_new(seed) else { throw TorchError.last("Generator(seed: \(seed))") }
        self.handle = handle
    }

    deinit { ct_generator_free(handle) }

    /// The generator's state (a uint8 tensor), to restore with `setState`.
    public func state() throws -> Tensor { try check(ct_generator_state(handle), "generator get_state") }

    /// Restores a state taken with `state()` (or from `torch.Generator.get_state()`).
    public func setState(_ state: Tensor) throws { try check(ct_generator_set_state(handle, state.handle), "generator set_state") }

    /// Runs `body` with this generator as the calling thread's source of random numbers.
    public func withCurrent<R>(_ body: () throws -> R) rethrows -> R {
        let previous = ct_set_thread_generator(handle)
        defer { _ = ct_set_thread_generator(previous) }
        return try withExtendedLifetime(self) { try body() }
    }
}
