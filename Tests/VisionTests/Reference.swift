import Foundation
import Testing

/// The reference Python (`ABLATE_REF_PYTHON`) for differential tests.
enum Reference {
    static var python: String? {
        guard let path = ProcessInfo.processInfo.environment["ABLATE_REF_PYTHON"], !path.isEmpty,
              FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return path
    }

    static var required: Bool { ProcessInfo.processInfo.environment["ABLATE_REQUIRE_REFERENCE"] == "1" }

    /// Runs when the reference is present, or when it is required (then a missing one fails).
    static var available: Bool { python != nil || required }

    static let note: Comment = "ABLATE_REF_PYTHON is unset or missing: skipping the comparison against the Python reference (scripts/test sets it)."

    /// Tests/Reference/<name> in this checkout.
    static func script(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference").appendingPathComponent(name)
    }

    /// Runs a reference script with JSON on stdin and returns its stdout.
    static func run(_ name: String, arguments: [String] = [], input: Data) throws -> Data {
        let python = try #require(python, "ABLATE_REQUIRE_REFERENCE=1 but ABLATE_REF_PYTHON is unset or not executable")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script(name).path] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "reference failed: \(String(decoding: err, as: UTF8.self))")
        return out
    }
}

/// A fresh temporary directory removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-vision-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
