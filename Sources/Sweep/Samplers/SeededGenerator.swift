/// xoshiro256** seeded through SplitMix64: a small, fast generator whose sequence depends
/// only on the seed (the same seed gives the same trials on every platform).
public struct SeededGenerator: RandomNumberGenerator, Sendable, Codable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var mixer = seed
        func next() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// A generator seeded from the system's, for unseeded sweeps.
    public static func unseeded() -> SeededGenerator {
        var system = SystemRandomNumberGenerator()
        return SeededGenerator(seed: system.next())
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Saved as its four state words, so a resumed sweep continues the same sequence.
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        state = (try container.decode(UInt64.self), try container.decode(UInt64.self),
                 try container.decode(UInt64.self), try container.decode(UInt64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(contentsOf: [state.0, state.1, state.2, state.3])
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
