import Config
import Foundation
import Testing

/// The built executables next to the test binary.
private func builtProduct(_ name: String) -> URL {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), dir.path != "/" { dir.deleteLastPathComponent() }
    return dir.appendingPathComponent(name)
}

/// Runs `train-worker <run dir>` to completion; returns its exit status and status.json.
private func runWorker(_ runDirectory: URL) throws -> (code: Int32, status: [String: Any]) {
    let logs = runDirectory.appendingPathComponent("logs")
    try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = builtProduct("train-worker")
    process.arguments = [runDirectory.path]
    process.standardOutput = try FileHandle(forWritingTo: { FileManager.default.createFile(atPath: logs.appendingPathComponent("stdout.log").path, contents: nil); return logs.appendingPathComponent("stdout.log") }())
    process.standardError = try FileHandle(forWritingTo: { FileManager.default.createFile(atPath: logs.appendingPathComponent("stderr.log").path, contents: nil); return logs.appendingPathComponent("stderr.log") }())
    var environment = ProcessInfo.processInfo.environment
    environment["OMP_NUM_THREADS"] = "1"
    process.environment = environment
    try process.run()
    process.waitUntilExit()
    let data = try Data(contentsOf: runDirectory.appendingPathComponent("status.json"))
    return (process.terminationStatus, try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
}

@Suite("task=train through train-worker and train-core", .serialized)
struct TrainCoreProcessTests {
    @Test("a detection job runs to completion and records val/hmean")
    func detectionJob() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = try detectionConfig("dbnet")
        _ = config.set(.int(1), at: ["trainer", "max_epochs"])
        _ = config.set(.dict(["name": .string("train")]), at: ["task"])
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".hydra"), withIntermediateDirectories: true)
        try config.yamlString().write(to: dir.appendingPathComponent(".hydra/config.yaml"), atomically: true, encoding: .utf8)
        let (code, status) = try runWorker(dir)
        #expect(code == 0)
        #expect(status["state"] as? String == "completed" && status["exit_code"] as? Int == 0)
        let metrics = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
        #expect(metrics.contains("\"val\\/hmean\"") || metrics.contains("\"val/hmean\""))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("checkpoints/train_resume.ckpt").path))
    }

    @Test("a configuration error fails the job with the training core's one-line reason")
    func configError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = try detectionConfig("craft")
        _ = config.set(.bool(true), at: ["model", "head", "postprocess", "use_polygon"])
        _ = config.set(.dict(["name": .string("train")]), at: ["task"])
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".hydra"), withIntermediateDirectories: true)
        try config.yamlString().write(to: dir.appendingPathComponent(".hydra/config.yaml"), atomically: true, encoding: .utf8)
        let (code, status) = try runWorker(dir)
        #expect(code == 1)
        #expect(status["state"] as? String == "failed" && status["exit_code"] as? Int == 2)
        #expect(status["error"] as? String
            == "Invalid config at 'model.head.postprocess.use_polygon': CRAFT's post-processing gives quadrilaterals only; set it to false")
    }
}
