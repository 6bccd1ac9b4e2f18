import Config
import Foundation
import Train
import Vision

// train-core <run dir>: the built-in training task (task=train), started by train-worker in the
// run directory. Reads .hydra/config.yaml, trains (detection or classification by the config),
// and exits 0 on success, 1 when training failed, 2 for a configuration error. The reason of a
// failure goes to stderr and to <run dir>/logs/error.txt, which the worker records in status.json.
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 1, !arguments[0].hasPrefix("-") else {
    FileHandle.standardError.write(Data("usage: train-core <run dir> (started by train-worker for task=train)\n".utf8))
    exit(2)
}
let runDirectory = URL(fileURLWithPath: arguments[0]).standardizedFileURL
let configPath = runDirectory.appendingPathComponent(".hydra/config.yaml").path

func fail(_ error: Error) -> Never {
    let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
    FileHandle.standardError.write(Data("train-core: \(message)\n".utf8))
    let logs = runDirectory.appendingPathComponent("logs")
    try? FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
    try? (message + "\n").write(to: logs.appendingPathComponent("error.txt"), atomically: true, encoding: .utf8)
    switch error {
    case let error as TrainError: exit(error.exitCode)
    case is ConfigError: exit(2)
    default: exit(1)
    }
}

do {
    guard let data = FileManager.default.contents(atPath: configPath) else {
        throw TrainError.config(key: "(file)", message: "cannot read \(configPath); is \(runDirectory.path) a run directory made by train?")
    }
    let config = try ConfigValue(yaml: String(decoding: data, as: UTF8.self), file: configPath)
    let summary = try TrainingTaskKind(config: config).run(runDirectory: runDirectory, config: config)
    let best = summary.bestMetric.map { String(format: "%.4f", $0) } ?? "n/a"
    print("trained \(summary.epochs) epochs, \(summary.steps) steps; best \(summary.monitor) \(best)")
} catch {
    fail(error)
}
