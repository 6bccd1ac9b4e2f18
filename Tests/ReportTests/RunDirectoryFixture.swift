import Foundation

/// Real run directories in a fresh temp folder, laid out as the run-directory contract says.
final class RunDirectoryFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    var databasePath: String { root.appendingPathComponent("ablate.sqlite").path }

    /// Makes `<root>/<exp>/<job>_<dirname>/` with its `.hydra` files; returns it.
    @discardableResult
    func makeRun(exp: String, job: Int, overrides: [String], config: String) throws -> URL {
        let directory = root.appendingPathComponent(exp).appendingPathComponent("\(job)_" + overrides.joined(separator: ","))
        let hydra = directory.appendingPathComponent(".hydra")
        try FileManager.default.createDirectory(at: hydra, withIntermediateDirectories: true)
        try config.write(to: hydra.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        try overrides.map { "- \($0)\n" }.joined()
            .write(to: hydra.appendingPathComponent("overrides.yaml"), atomically: true, encoding: .utf8)
        try "hydra:\n  job:\n    num: \(job)\n".write(to: hydra.appendingPathComponent("hydra.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    /// Writes status.json atomically (temp file + rename), as the launcher and worker do.
    func writeStatus(_ directory: URL, state: String, job: Int, start: Double = 1763712000, end: Double? = nil,
                     exitCode: Int? = nil) throws {
        let json = """
            {"state":"\(state)","job_num":\(job),"exit_code":\(exitCode.map(String.init) ?? "null"),"signal":null,\
            "start_time":\(start),"end_time":\(end.map { "\($0)" } ?? "null"),"host":"testhost","pid":4242,\
            "attempt":1,"launcher":"local","error":null}
            """
        try Data(json.utf8).write(to: directory.appendingPathComponent("status.json"), options: .atomic)
    }

    /// Appends raw text to metrics.jsonl.
    func append(_ directory: URL, _ text: String) throws {
        let url = directory.appendingPathComponent("metrics.jsonl")
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// One complete metrics line.
    static func line(step: Int?, epoch: Int?, _ metrics: [(String, Double)]) -> String {
        let fields = metrics.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
        return "{\"step\":\(step.map(String.init) ?? "null"),\"epoch\":\(epoch.map(String.init) ?? "null"),"
            + "\"time\":1763712000.5,\"metrics\":{\(fields)}}\n"
    }
}
