import Foundation
import Testing

/// The reference Python (`$ABLATE_REF_PYTHON`, with hydra-core installed) that differential
/// tests run as a subprocess. Missing: the tests fail when `ABLATE_REQUIRE_REFERENCE=1`,
/// and are skipped with a note otherwise.
enum HydraReference {
    static var python: String? {
        guard let path = ProcessInfo.processInfo.environment["ABLATE_REF_PYTHON"], !path.isEmpty,
              FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return path
    }

    static var required: Bool { ProcessInfo.processInfo.environment["ABLATE_REQUIRE_REFERENCE"] == "1" }

    /// Run the test when the reference is there or required (then its absence fails it).
    static let condition = ConditionTrait.enabled(
        if: python != nil || required,
        "ABLATE_REF_PYTHON is unset or not executable: Hydra differential test skipped"
    )

    static func script(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference").appendingPathComponent(name)
    }

    /// Runs `script` with `input` on stdin; returns stdout. Throws with stderr on failure.
    static func run(script name: String, input: Data) throws -> Data {
        let python = try #require(python, "ABLATE_REQUIRE_REFERENCE=1 but ABLATE_REF_PYTHON is unset or not executable")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script(name).path]
        let stdin = Pipe(), stdout = Pipe()
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("ablate-ref-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        // A reference that hangs must fail the test, not stall the suite.
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 300, execute: watchdog)
        defer { watchdog.cancel() }
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? Data(contentsOf: errorFile)) ?? Data()
        if process.terminationStatus != 0 {
            Issue.record("\(name) exited \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self))")
        }
        return output
    }
}
