import Foundation

/// A sweep of completed runs over one ablated key and seeds, written as real run directories
/// (`<root>/<exp>/<N>_<key>=<value>,seed=<s>/`) with known best and last metric values.
struct SweepFixture {
    /// The config every run shares; the ablated key and `seed` are set per run.
    static let baseConfig: [(String, String)] = [
        ("logger.project", "OCR_Ablation"),
        ("model.architecture_name", "dbnet"),
        ("model.head.k", "50"),
        ("optimizer.lr", "0.001"),
        ("data.batch_size", "8"),
    ]

    /// Writes one run per (value, seed). `best(valueIndex, seedIndex)` is the run's best
    /// val/hmean (reached at step 200, epoch 1; the last line, step 300, logs best - 0.05);
    /// `loss(valueIndex, seedIndex)` its minimum train/loss, also at step 200.
    /// Durations are 60 s + 10 s per seed index.
    @discardableResult
    static func write(into fixture: RunDirectoryFixture, exp: String, key: String, values: [String], seeds: [Int],
                      tags: [String], firstJob: Int = 0,
                      best: (Int, Int) -> Double, loss: (Int, Int) -> Double = { _, _ in 0.5 }) throws -> [URL] {
        var runs: [URL] = []
        var job = firstJob
        for (valueIndex, value) in values.enumerated() {
            for (seedIndex, seed) in seeds.enumerated() {
                var entries = [("exp_name", exp), ("seed", String(seed)), ("logger.tags", "[\(tags.joined(separator: ", "))]")]
                entries += baseConfig.filter { $0.0 != key }
                entries.append((key, value))
                let run = try fixture.makeRun(exp: exp, job: job, overrides: ["\(key)=\(value)", "seed=\(seed)"],
                                              config: yaml(entries))
                let hmean = best(valueIndex, seedIndex)
                let lowest = loss(valueIndex, seedIndex)
                try fixture.append(run, RunDirectoryFixture.line(step: 100, epoch: 0, [
                    ("train/loss", lowest + 0.5), ("val/hmean", hmean - 0.1), ("val/precision", hmean - 0.05)]))
                try fixture.append(run, RunDirectoryFixture.line(step: 200, epoch: 1, [
                    ("train/loss", lowest), ("val/hmean", hmean), ("val/precision", hmean + 0.05)]))
                try fixture.append(run, RunDirectoryFixture.line(step: 300, epoch: 2, [
                    ("train/loss", lowest + 0.1), ("val/hmean", hmean - 0.05), ("val/precision", hmean)]))
                try fixture.writeStatus(run, state: "completed", job: job, start: 1763712000,
                                        end: 1763712060 + 10 * Double(seedIndex), exitCode: 0)
                runs.append(run)
                job += 1
            }
        }
        return runs
    }

    /// Nested YAML for dotted keys, in order (a key's section is written where it first appears).
    static func yaml(_ entries: [(String, String)]) -> String {
        var sections: [String] = []
        var children: [String: [(String, String)]] = [:]
        var scalars: [String: String] = [:]
        for (key, value) in entries {
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            if !sections.contains(parts[0]) { sections.append(parts[0]) }
            if parts.count == 1 { scalars[parts[0]] = value } else { children[parts[0], default: []].append((parts[1], value)) }
        }
        return sections.map { section in
            if let value = scalars[section] { return "\(section): \(value)\n" }
            let body = yaml(children[section] ?? []).split(separator: "\n").map { "  " + $0 + "\n" }.joined()
            return "\(section):\n" + body
        }.joined()
    }
}
