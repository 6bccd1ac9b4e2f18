import Foundation

/// Times in-process composition (`train --bench-compose N`): the figure compared with
/// Hydra's compose API by scripts/bench config.
public enum CompositionBenchmark {
    /// Composes `count` times after one warm-up; returns `compose_ms_per_call=<ms> calls=<n>`.
    public static func run(composer: Composer, configName: String, overrides: [Override], count: Int) throws -> String {
        _ = try composer.compose(configName: configName, overrides: overrides)
        let n = max(1, count)
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for _ in 0..<n { _ = try composer.compose(configName: configName, overrides: overrides) }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return String(format: "compose_ms_per_call=%.4f calls=%d", seconds * 1000 / Double(n), n)
    }
}
