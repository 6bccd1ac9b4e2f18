import Config
import Foundation
import Testing
@testable import Sweep

/// The fixture config tree and planners over it, in a fresh working directory per test.
struct SweepFixture {
    static let configDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/conf")

    let workingDirectory: URL
    let composer: Composer

    init() throws {
        workingDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ablate-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
        composer = Composer(searchPath: try ConfigSearchPath(primary: Self.configDirectory.path))
    }

    func planner(configName: String = "train") -> SweepPlanner {
        SweepPlanner(composer: composer, configName: configName,
                     outputsRoot: OutputsRoot(url: workingDirectory.appendingPathComponent("outputs")),
                     workingDirectory: workingDirectory, environment: [:])
    }

    func plan(_ overrides: [String], configName: String = "train") throws -> SweepPlan {
        try planner(configName: configName).planMultirun(try OverrideParser.parse(overrides))
    }

    func relative(_ url: URL) -> String { DryRun.display(url, workingDirectory) }

    func remove() { try? FileManager.default.removeItem(at: workingDirectory) }
}

/// The reference Python (`$ABLATE_REF_PYTHON`, hydra-core installed). Absent: the tests
/// fail when `ABLATE_REQUIRE_REFERENCE=1` and are skipped with a note otherwise.
enum Reference {
    static var python: String? {
        guard let path = ProcessInfo.processInfo.environment["ABLATE_REF_PYTHON"], !path.isEmpty,
              FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return path
    }

    static var required: Bool { ProcessInfo.processInfo.environment["ABLATE_REQUIRE_REFERENCE"] == "1" }

    static let condition = ConditionTrait.enabled(
        if: python != nil || required, "ABLATE_REF_PYTHON is unset or not executable: Hydra differential test skipped")

    static func script(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference").appendingPathComponent(name)
    }

    /// Runs the reference script; returns stdout. Throws with stderr's tail on failure.
    static func run(_ script: String, _ arguments: [String]) throws -> String {
        let python = try #require(python, "ABLATE_REQUIRE_REFERENCE=1 but ABLATE_REF_PYTHON is unset or not executable")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.script(script).path] + arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-ref-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: output.path + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: output.path + ".out")
            try? FileManager.default.removeItem(atPath: output.path + ".err")
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output.path + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: output.path + ".err"))
        try process.run()
        process.waitUntilExit()
        let stdout = try String(contentsOfFile: output.path + ".out", encoding: .utf8)
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOfFile: output.path + ".err", encoding: .utf8)) ?? ""
            throw ReferenceFailure(message: "\(script) exited \(process.terminationStatus): \(stderr.suffix(2000))")
        }
        return stdout
    }

    struct ReferenceFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
