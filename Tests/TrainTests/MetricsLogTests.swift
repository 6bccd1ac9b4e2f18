import Foundation
import Testing
@testable import Train

@Suite("metrics.jsonl written by the training core")
struct MetricsLogTests {
    @Test("a torn last line left by a killed attempt gets its newline: the next record is a line of its own, and resuming drops the fragment")
    func tornLastLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("metrics.jsonl")
        try "{\"step\":1,\"metrics\":{\"loss\":1}}\n{\"step\":2,\"metr".write(to: url, atomically: true, encoding: .utf8)
        let log = try MetricsLog(runDirectory: dir)
        try log.record(step: 2, epoch: 2, metrics: ["loss": 0.5], time: Date(timeIntervalSince1970: 7))
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[1] == "{\"step\":2,\"metr" && lines[3].isEmpty)
        #expect(lines[2] == "{\"step\":2,\"epoch\":2,\"time\":7.0,\"metrics\":{\"loss\":0.5}}")

        // A file that ends well is appended to as it is.
        let again = try MetricsLog(runDirectory: dir)
        try again.record(step: 3, epoch: 3, metrics: ["loss": 0.25], time: Date(timeIntervalSince1970: 8))
        lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5 && lines[3] == "{\"step\":3,\"epoch\":3,\"time\":8.0,\"metrics\":{\"loss\":0.25}}")

        // Resuming from step 2 keeps steps 1 and 2, drops the fragment and step 3.
        try MetricsLog.discardRecords(after: 2, in: dir)
        lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 2 && lines[0].hasPrefix("{\"step\":1,") && lines[1].hasPrefix("{\"step\":2,\"epoch\""))
    }
}
