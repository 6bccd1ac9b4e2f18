import Config
import Foundation
import Testing
@testable import Launch

@Suite("launcher settings, metrics tail")
struct SettingsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let node: ConfigValue
        let expected: Result<LocalLauncherSettings, LaunchError>
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "defaults", node: .dict(["n_jobs": .null, "threads_per_job": .int(1), "gpus": .list([]),
                                    "fail_fast": .bool(false), "kill_timeout": .int(10)]),
             expected: .success(LocalLauncherSettings())),
        Case(id: "all set", node: .dict(["n_jobs": .int(3), "threads_per_job": .int(2), "gpus": .list([.int(0), .int(1)]),
                                   "fail_fast": .bool(true), "kill_timeout": .double(2.5)]),
             expected: .success(LocalLauncherSettings(nJobs: 3, threadsPerJob: 2, gpus: ["0", "1"], failFast: true, killTimeout: 2.5))),
        Case(id: "zero jobs", node: .dict(["n_jobs": .int(0)]),
             expected: .failure(.invalidSetting(key: "launcher.n_jobs", reason: "expected a whole number >= 1"))),
        Case(id: "string flag", node: .dict(["fail_fast": .string("yes")]),
             expected: .failure(.invalidSetting(key: "launcher.fail_fast", reason: "expected true or false"))),
        Case(id: "typo", node: .dict(["n_job": .int(2)]),
             expected: .failure(.unknownSetting(key: "launcher.n_job", known: LocalLauncherSettings.knownKeys.map { "launcher.\($0)" }))),
    ]

    @Test("launcher.* decodes strictly", arguments: cases)
    func decode(_ c: Case) throws {
        switch c.expected {
        case .success(let settings): #expect(try LocalLauncherSettings(launcher: c.node) == settings)
        case .failure(let error): #expect(throws: error) { try LocalLauncherSettings(launcher: c.node) }
        }
    }

    @Test("default worker count fills the cores without oversubscribing")
    func workers() {
        #expect(LocalLauncherSettings().workers(cores: 2) == 2)
        #expect(LocalLauncherSettings(threadsPerJob: 2).workers(cores: 2) == 1)
        #expect(LocalLauncherSettings(threadsPerJob: 4).workers(cores: 2) == 1)
        #expect(LocalLauncherSettings(nJobs: 5).workers(cores: 2) == 5)
    }

    @Test("the progress view reads the last complete metrics line, ignoring a torn one")
    func metricsTail() throws {
        let fixture = try SweepFixture()
        defer { fixture.remove() }
        let text = """
        {"step":100,"epoch":1,"time":1.0,"metrics":{"train/loss":0.9}}
        {"step":1200,"epoch":3,"time":2.0,"metrics":{"train/loss":0.41,"val/hmean":0.83,"lr":0.001}}
        {"step":13
        """
        try text.write(to: fixture.root.appendingPathComponent("metrics.jsonl"), atomically: true, encoding: .utf8)
        let tail = try #require(MetricsTail.read(runDirectory: fixture.root))
        #expect(tail == MetricsTail(step: 1200, epoch: 3, metricName: "val/hmean", metricValue: 0.83))
        #expect(tail.summary == "epoch 3 · step 1200 · val/hmean 0.83")
    }
}
