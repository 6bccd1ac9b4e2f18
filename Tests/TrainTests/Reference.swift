import Foundation
import Testing

/// The reference Python (PyTorch installed) for differential tests, from `ABLATE_REF_PYTHON`.
/// Tests using it are skipped with a note when it is missing, unless
/// `ABLATE_REQUIRE_REFERENCE=1`, where they run and fail.
enum Reference {
    static var python: String? {
        guard let path = ProcessInfo.processInfo.environment["ABLATE_REF_PYTHON"], !path.isEmpty,
              FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return path
    }

    static var required: Bool { ProcessInfo.processInfo.environment["ABLATE_REQUIRE_REFERENCE"] == "1" }

    /// Enabled when the reference exists or is required (then a missing one fails the test).
    static var available: Bool { python != nil || required }

    /// Tests/Reference/<name>.
    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference").appendingPathComponent(name).path
    }

    /// Runs the reference python with `arguments`; returns stdout, failing with stderr on a non-zero exit.
    static func run(_ arguments: [String]) throws -> Data {
        let python = try #require(python, "ABLATE_REF_PYTHON is not set or not executable, and ABLATE_REQUIRE_REFERENCE=1")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let dir = FileManager.default.temporaryDirectory
        let out = dir.appendingPathComponent("ref-out-\(UUID().uuidString)"), err = dir.appendingPathComponent("ref-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: try Data(contentsOf: err).suffix(4000), as: UTF8.self)
        try #require(process.terminationStatus == 0, "reference failed: \(stderr)")
        return try Data(contentsOf: out)
    }
}
