import Foundation
import Testing
@testable import Config

/// Paths of the repository, fixtures and reference tools, found from this file.
enum Paths {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repoRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let fixtureTree = testsDir.appendingPathComponent("Fixtures/compose").path
    static let shippedConfigs = repoRoot.appendingPathComponent("configs").path
    static let referenceScripts = repoRoot.appendingPathComponent("Tests/Reference").path
}

/// Builds `Override` values the way the parser does for simple forms, with the typed text.
enum O {
    static func change(_ key: String, _ value: ParsedElement, _ text: String, at index: Int = 0) -> Override {
        Override(kind: .change, keyOrGroup: key, value: .element(value), inputLine: text, index: index)
    }
    static func add(_ key: String, _ value: ParsedElement, _ text: String, at index: Int = 0) -> Override {
        Override(kind: .add, keyOrGroup: key, value: .element(value), inputLine: text, index: index)
    }
    static func forceAdd(_ key: String, _ value: ParsedElement, _ text: String, at index: Int = 0) -> Override {
        Override(kind: .forceAdd, keyOrGroup: key, value: .element(value), inputLine: text, index: index)
    }
    static func delete(_ key: String, _ value: ParsedElement? = nil, _ text: String, at index: Int = 0) -> Override {
        Override(kind: .delete, keyOrGroup: key, value: value.map { .element($0) }, inputLine: text, index: index)
    }
    static func group(_ key: String, package: String? = nil, _ option: String, _ text: String, at index: Int = 0) -> Override {
        Override(kind: .change, keyOrGroup: key, package: package, value: .element(.string(option, quote: nil)),
                 inputLine: text, index: index)
    }
    static func s(_ text: String) -> ParsedElement { .string(text, quote: nil) }
}

/// The reference Python (Hydra installed), or nil. `scripts/test` sets ABLATE_REF_PYTHON.
enum Reference {
    static var python: String? {
        guard let p = ProcessInfo.processInfo.environment["ABLATE_REF_PYTHON"], FileManager.default.isExecutableFile(atPath: p) else {
            return nil
        }
        return p
    }
    static var required: Bool { ProcessInfo.processInfo.environment["ABLATE_REQUIRE_REFERENCE"] == "1" }
    /// Run when the reference is there, or when it is required (then the test fails loudly).
    static var available: Bool { python != nil || required }
}

/// Runs a process to completion; returns exit status, stdout and stderr.
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                currentDirectory: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-proc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
}

func fixtureComposer() throws -> Composer {
    Composer(searchPath: try ConfigSearchPath(primary: Paths.fixtureTree))
}

/// The message a thrown error shows a user.
func message(of body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return (error as? LocalizedError)?.errorDescription ?? "\(error)"
    }
}
