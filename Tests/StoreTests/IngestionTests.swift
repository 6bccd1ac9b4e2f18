import Foundation
import TestSupport
import Store
import Testing

@Suite("Ingestion of run directories into a real SQLite file")
struct IngestionTests {
    static let config = """
        exp_name: arch
        seed: 1
        logger:
          project: OCR_Ablation
          tags: [architecture_comparison, nightly]
        model:
          architecture_name: dbnet
          encoder: {model_name: resnet18}
        optimizer:
          lr: 1e-4
          betas: [0.9, 0.999]
        data:
          batch_size: 8
          name: 'icdar, 2015'
        """

    @Test func ingestingTwiceNeverDuplicates() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "arch", job: 0, overrides: ["model.architecture_name=dbnet"], config: Self.config)
        try fixture.append(run, RunDirectoryFixture.line(step: 100, epoch: 0, [("train/loss", 0.9), ("val/hmean", 0.5)]))
        try fixture.append(run, RunDirectoryFixture.line(step: 200, epoch: 1, [("train/loss", 0.7), ("val/hmean", 0.6)]))
        try fixture.writeStatus(run, state: "completed", job: 0, end: 1763712060, exitCode: 0)
        let store = try MetricsStore(path: fixture.databasePath)

        let first = try store.ingest(runDirectory: run)
        #expect(first.newMetricRows == 4)
        #expect(first.newLines == 2)
        #expect(first.state == "completed")
        let second = try store.ingest(runDirectory: run)
        #expect(second.newMetricRows == 0)
        #expect(second.newLines == 0)
        #expect(!second.statusUpdated)
        let all = try store.ingestAll(under: fixture.root)
        #expect(all.reports.isEmpty)
        #expect(all.upToDate == 1)

        // A second store object on the same file sees the same rows once.
        let reopened = try MetricsStore(path: fixture.databasePath)
        let record = try #require(try reopened.run(storedPath: "arch/0_model.architecture_name=dbnet"))
        #expect(try reopened.metricHistory(ofRun: record.id) == [
            MetricPoint(name: "train/loss", step: 100, epoch: 0, value: 0.9, time: 1763712000.5),
            MetricPoint(name: "val/hmean", step: 100, epoch: 0, value: 0.5, time: 1763712000.5),
            MetricPoint(name: "train/loss", step: 200, epoch: 1, value: 0.7, time: 1763712000.5),
            MetricPoint(name: "val/hmean", step: 200, epoch: 1, value: 0.6, time: 1763712000.5),
        ])
    }

    @Test func runRecordCarriesConfigStatusAndTags() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "arch", job: 3, overrides: ["model.architecture_name=dbnet", "seed=1"],
                                      config: Self.config)
        try fixture.writeStatus(run, state: "completed", job: 3, start: 1763712000, end: 1763712090.5, exitCode: 0)
        let store = try MetricsStore(path: fixture.databasePath)
        try store.ingest(runDirectory: run)

        let record = try #require(try store.run(storedPath: "arch/3_model.architecture_name=dbnet,seed=1"))
        #expect(record.project == "OCR_Ablation")
        #expect(record.expName == "arch")
        #expect(record.tags == ["architecture_comparison", "nightly", "arch"])
        #expect(record.jobNum == 3)
        #expect(record.status == "completed")
        #expect(record.exitCode == 0)
        #expect(record.host == "testhost")
        #expect(record.duration == 90.5)
        #expect(record.attempt == 1)
        #expect(record.overrides == ["model.architecture_name=dbnet", "seed=1"])

        let configs = try store.configs(ofRuns: [record.id])
        #expect(configs.keys == [
            "exp_name", "seed", "logger.project", "logger.tags", "model.architecture_name", "model.encoder.model_name",
            "optimizer.lr", "optimizer.betas", "data.batch_size", "data.name",
        ])
        #expect(configs.values[record.id] == [
            "exp_name": "arch", "seed": "1", "logger.project": "OCR_Ablation",
            "logger.tags": #"["architecture_comparison","nightly"]"#, "model.architecture_name": "dbnet",
            "model.encoder.model_name": "resnet18", "optimizer.lr": "0.0001", "optimizer.betas": "[0.9,0.999]",
            "data.batch_size": "8", "data.name": "icdar, 2015",
        ])
    }

    @Test func statusChangesAreFollowed() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "lr", job: 0, overrides: ["optimizer.lr=0.1"], config: "exp_name: lr\n")
        let store = try MetricsStore(path: fixture.databasePath)
        try fixture.writeStatus(run, state: "queued", job: 0)
        #expect(try store.ingest(runDirectory: run).state == "queued")
        try fixture.writeStatus(run, state: "running", job: 0)
        #expect(try store.ingest(runDirectory: run).state == "running")
        try fixture.writeStatus(run, state: "failed", job: 0, end: 1763712005, exitCode: 1)
        let report = try store.ingest(runDirectory: run)
        #expect(report.statusUpdated)
        #expect(report.state == "failed")
        let record = try #require(try store.run(storedPath: "lr/0_optimizer.lr=0.1"))
        #expect(record.exitCode == 1)
        #expect(record.duration == 5)
    }

    @Test func tornLastLineIsCompletedByTheNextPass() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "exp_name: e\n")
        let store = try MetricsStore(path: fixture.databasePath)
        let whole = RunDirectoryFixture.line(step: 2, epoch: 0, [("val/acc", 0.75), ("train/loss", 0.25)])
        let cut = whole.index(whole.startIndex, offsetBy: 30)
        try fixture.append(run, RunDirectoryFixture.line(step: 1, epoch: 0, [("val/acc", 0.5)]))
        try fixture.append(run, String(whole[..<cut]))

        let first = try store.ingest(runDirectory: run)
        #expect(first.newLines == 1)
        #expect(first.newMetricRows == 1)
        #expect(first.malformedLines.isEmpty)

        try fixture.append(run, String(whole[cut...]))
        let second = try store.ingest(runDirectory: run)
        #expect(second.newLines == 1)
        #expect(second.newMetricRows == 2)
        #expect(second.malformedLines.isEmpty)
        let record = try #require(try store.run(storedPath: "e/0_"))
        #expect(try store.metricHistory(ofRun: record.id, name: "val/acc").map(\.value) == [0.5, 0.75])
        #expect(try store.metricHistory(ofRun: record.id, name: "train/loss").map(\.step) == [2])
    }

    @Test func finishedRunsUnterminatedLastRecordIsKept() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "exp_name: e\n")
        let store = try MetricsStore(path: fixture.databasePath)
        try fixture.append(run, #"{"step":5,"metrics":{"val/acc":0.5}}"#)
        try fixture.writeStatus(run, state: "running", job: 0)
        #expect(try store.ingest(runDirectory: run).newMetricRows == 0)
        try fixture.writeStatus(run, state: "completed", job: 0, end: 1763712001, exitCode: 0)
        #expect(try store.ingest(runDirectory: run).newMetricRows == 1)
        #expect(try store.ingest(runDirectory: run).newMetricRows == 0)
    }

    @Test func malformedLinesAreReportedOnceAndSkipped() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "exp_name: e\n")
        let store = try MetricsStore(path: fixture.databasePath)
        try fixture.append(run, RunDirectoryFixture.line(step: 1, epoch: 0, [("m", 1)]))
        try fixture.append(run, "{not json\n\n")
        try fixture.append(run, #"{"step":"two","metrics":{"m":2}}"# + "\n")
        try fixture.append(run, #"{"step":3,"metrics":{"m":3,"note":"text","nan":null}}"# + "\n")
        try fixture.append(run, #"{"step":4.0,"epoch":1.5,"metrics":{"m":4}}"# + "\n")
        try fixture.append(run, #"{"step":5,"epoch":2.0,"metrics":{"m":5}}"# + "\n")
        try fixture.append(run, "[1,2]\n")

        let report = try store.ingest(runDirectory: run)
        let file = run.appendingPathComponent("metrics.jsonl").path
        #expect(report.malformedLines.map(\.description) == [
            "\(file):2: not valid JSON; line skipped",
            "\(file):4: 'step' is not an integer; line skipped",
            "\(file):5: metric 'note' is a string, 'nan' is null, not a number; left out (the line's numeric metrics are kept)",
            "\(file):6: 'epoch' is not an integer; line skipped",
            "\(file):8: not a JSON object; line skipped",
        ])
        #expect(report.newLines == 8)
        let record = try #require(try store.run(storedPath: "e/0_"))
        let history = try store.metricHistory(ofRun: record.id)
        #expect(history.map(\.value) == [1, 3, 5])
        #expect(history.map(\.epoch) == [0, nil, 2])
        #expect(try store.ingest(runDirectory: run).malformedLines.isEmpty)
    }

    @Test func rewrittenMetricsFileIsReadAgainFromTheStart() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "exp_name: e\n")
        let store = try MetricsStore(path: fixture.databasePath)
        try fixture.append(run, RunDirectoryFixture.line(step: 1, epoch: 0, [("m", 1)]))
        try fixture.append(run, RunDirectoryFixture.line(step: 2, epoch: 0, [("m", 2)]))
        try store.ingest(runDirectory: run)
        try RunDirectoryFixture.line(step: 9, epoch: 0, [("m", 9)])
            .write(to: run.appendingPathComponent("metrics.jsonl"), atomically: true, encoding: .utf8)
        let report = try store.ingest(runDirectory: run)
        #expect(report.restarted)
        let record = try #require(try store.run(storedPath: "e/0_"))
        #expect(try store.metricHistory(ofRun: record.id).map(\.value) == [9])
    }

    @Test func runDirectoryOutsideTheRootIsStoredAbsolute() throws {
        let fixture = try RunDirectoryFixture()
        let other = try RunDirectoryFixture()
        let run = try other.makeRun(exp: "x", job: 1, overrides: ["a=1"], config: "exp_name: x\n")
        let store = try MetricsStore(path: fixture.databasePath)
        let report = try store.ingest(runDirectory: run)
        #expect(report.runDirectory == run.resolvingSymlinksInPath().path)
        #expect(try store.run(storedPath: report.runDirectory)?.jobNum == 1)
    }

    @Test func invalidConfigYamlNamesTheFileAndOthersStillIngest() throws {
        let fixture = try RunDirectoryFixture()
        let bad = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "model: [unclosed\n")
        let good = try fixture.makeRun(exp: "e", job: 1, overrides: [], config: "exp_name: e\n")
        try fixture.append(good, RunDirectoryFixture.line(step: 1, epoch: 0, [("m", 1)]))
        let store = try MetricsStore(path: fixture.databasePath)
        let summary = try store.ingestAll(under: fixture.root)
        #expect(summary.reports.map(\.runDirectory) == ["e/1_"])
        #expect(summary.newMetricRows == 1)
        let failure = try #require(summary.failures.first)
        let path = bad.appendingPathComponent(".hydra/config.yaml").path
        #expect(failure.localizedDescription.hasPrefix("cannot read '\(path)': invalid YAML: "))
    }

    @Test("a batch of run directories: one pass, new lines only, an unreadable one reported and the rest kept")
    func batchIngestion() throws {
        let fixture = try RunDirectoryFixture()
        let runs = try (0..<3).map {
            try fixture.makeRun(exp: "b", job: $0, overrides: ["seed=\($0)"], config: "exp_name: b\nseed: \($0)\n")
        }
        let bad = try fixture.makeRun(exp: "b", job: 3, overrides: ["seed=3"], config: "model: [unclosed\n")
        for run in runs { try fixture.append(run, RunDirectoryFixture.line(step: 1, epoch: 0, [("m", 1)])) }
        try fixture.writeStatus(runs[0], state: "completed", job: 0, end: 1763712001, exitCode: 0)
        let store = try MetricsStore(path: fixture.databasePath)

        let first = try store.ingest(runDirectories: runs + [bad])
        #expect(first.reports.map(\.runDirectory) == ["b/0_seed=0", "b/1_seed=1", "b/2_seed=2"])
        #expect(first.newMetricRows == 3)
        #expect(first.failures.count == 1)
        #expect(first.failures.first?.localizedDescription.hasPrefix(
            "cannot read '\(bad.appendingPathComponent(".hydra/config.yaml").path)': invalid YAML: ") == true)

        // Only run 1 changed since: the others are up to date and skipped.
        try fixture.append(runs[1], RunDirectoryFixture.line(step: 2, epoch: 1, [("m", 2)]))
        let second = try store.ingest(runDirectories: runs)
        #expect(second.reports.map(\.runDirectory) == ["b/1_seed=1"])
        #expect(second.newMetricRows == 1)
        #expect(second.upToDate == 2)
        #expect(try store.run(storedPath: "b/0_seed=0")?.status == "completed")
    }
}

@Suite("Ingestion edge cases")
struct IngestionEdgeTests {
    @Test func finishedRunsTornGarbageIsLeftAlone() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "exp_name: e\n")
        let store = try MetricsStore(path: fixture.databasePath)
        try fixture.append(run, RunDirectoryFixture.line(step: 1, epoch: 0, [("m", 1)]))
        try fixture.append(run, #"{"step":2,"metr"#)
        try fixture.writeStatus(run, state: "failed", job: 0, end: 1763712001, exitCode: 1)
        let report = try store.ingest(runDirectory: run)
        #expect(report.newMetricRows == 1)
        #expect(report.malformedLines.isEmpty)
        #expect(try store.ingest(runDirectory: run).newMetricRows == 0)
    }

    @Test func invalidJSONInTheMiddleDoesNotStopTheRest() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "e", job: 0, overrides: [], config: "exp_name: e\n")
        let store = try MetricsStore(path: fixture.databasePath)
        try fixture.append(run, "{oops\n")
        try fixture.append(run, "also not json\n")
        try fixture.append(run, RunDirectoryFixture.line(step: 3, epoch: 0, [("m", 3)]))
        let report = try store.ingest(runDirectory: run)
        #expect(report.malformedLines.map(\.line) == [1, 2])
        #expect(report.newMetricRows == 1)
        // The statement stays usable for the next pass.
        try fixture.append(run, RunDirectoryFixture.line(step: 4, epoch: 0, [("m", 4)]))
        #expect(try store.ingest(runDirectory: run).newMetricRows == 1)
    }
}
