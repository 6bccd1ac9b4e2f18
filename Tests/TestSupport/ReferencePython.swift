import Foundation

/// The reference Python that differential tests compare against (Hydra, PyTorch, shapely...),
/// named by `ABLATE_REF_PYTHON`. `scripts/test` sets it and `ABLATE_REQUIRE_REFERENCE=1`: then a
/// missing reference fails the tests that need it; elsewhere they are skipped with a note.
public enum ReferencePython {
    public static var path: String? {
        guard let path = ProcessInfo.processInfo.environment["ABLATE_REF_PYTHON"], !path.isEmpty,
              FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return path
    }

    public static var required: Bool { ProcessInfo.processInfo.environment["ABLATE_REQUIRE_REFERENCE"] == "1" }

    /// Whether a differential test should run: the reference is there, or it is required
    /// (then its absence fails the test rather than skipping it).
    public static var available: Bool { path != nil || required }

    public static let skipNote = "ABLATE_REF_PYTHON is unset or not executable: differential test against the reference skipped (scripts/test sets it)"

    /// `Tests/Reference/<name>`.
    public static func script(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference").appendingPathComponent(name)
    }

    /// Runs `Tests/Reference/<script>` with `arguments`, `input` on stdin; returns stdout.
    /// Output goes through files, so a chatty script cannot fill a pipe and hang the test.
    public static func run(_ script: String, arguments: [String] = [], input: Data? = nil) throws -> Data {
        guard let python = path else {
            throw ReferenceFailure(message: "ABLATE_REQUIRE_REFERENCE=1 but ABLATE_REF_PYTHON is unset or not executable")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.script(script).path] + arguments
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-ref-\(UUID().uuidString)")
        let inFile = base.appendingPathExtension("in"), outFile = base.appendingPathExtension("out")
        let errFile = base.appendingPathExtension("err")
        try (input ?? Data()).write(to: inFile)
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { for file in [inFile, outFile, errFile] { try? FileManager.default.removeItem(at: file) } }
        process.standardInput = try FileHandle(forReadingFrom: inFile)
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let stderr = String(decoding: (try? Data(contentsOf: errFile)) ?? Data(), as: UTF8.self)
            throw ReferenceFailure(message: "\(script) exited \(process.terminationStatus): \(stderr.suffix(3000))")
        }
        return try Data(contentsOf: outFile)
    }
}

public struct ReferenceFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
