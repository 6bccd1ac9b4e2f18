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
                     workingDirectory: workingDirectory, environment: [:])
    }

    func plan(_ overrides: [String], configName: String = "train") throws -> SweepPlan {
        try planner(configName: configName).planMultirun(try OverrideParser.parse(overrides))
    }

    func relative(_ url: URL) -> String { DryRun.display(url, workingDirectory) }

    func remove() { try? FileManager.default.removeItem(at: workingDirectory) }
}
