import Config
import Foundation
import Testing
@testable import Torch
@testable import Train

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-train-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func smallConfig(_ edit: (inout TrainConfig) -> Void = { _ in }) -> TrainConfig {
    var c = TrainConfig()
    c.maxEpochs = 3
    c.data.trainSamples = 48
    c.data.valSamples = 16
    c.data.batchSize = 8
    c.data.imageSize = 8
    c.model.width = 4
    c.optimizer.lr = 0.05
    edit(&c)
    return c
}

/// The one training loop over the synthetic classification task.
func classificationLoop(_ config: TrainConfig, runDirectory: URL?) throws -> TrainLoop<SyntheticClassificationTask> {
    try TrainLoop(task: SyntheticClassificationTask(config: config), config: config, runDirectory: runDirectory)
}

func weights(_ model: any Module) throws -> [[Float]] {
    try model.stateDict().filter { $0.tensor.dtype == .float32 }.map { try $0.tensor.toArray(Float.self) }
}

@Suite("Trainer", .serialized)
struct TrainerTests {
    @Test func accumulatedMicroBatchesEqualOneLargerBatch() throws {
        Torch.threadCount = 1
        let big = try classificationLoop(smallConfig { $0.model.architecture = "linear"; $0.data.shuffle = false; $0.maxEpochs = 1; $0.data.batchSize = 8 }, runDirectory: nil)
        let small = try classificationLoop(smallConfig {
            $0.model.architecture = "linear"; $0.data.shuffle = false; $0.maxEpochs = 1
            $0.data.batchSize = 2; $0.train.gradientAccumulationSteps = 4
        }, runDirectory: nil)
        #expect(try weights(big.model) == weights(small.model))
        try big.fit()
        try small.fit()
        #expect(big.step == 6 && small.step == 6)
        for (a, b) in zip(try weights(big.model), try weights(small.model)) {
            for (x, y) in zip(a, b) { #expect(Swift.abs(x - y) < 1e-5) }
        }
        // Not trivially equal: training moved the weights.
        let fresh = try classificationLoop(smallConfig { $0.model.architecture = "linear" }, runDirectory: nil)
        #expect(try weights(fresh.model) != weights(big.model))
    }

    @Test func partialFinalGroupStillSteps() throws {
        // 48 samples / batch 8 = 6 micro-batches; K = 4 gives groups of 4 and 2: two steps.
        let t = try classificationLoop(smallConfig { $0.maxEpochs = 1; $0.train.gradientAccumulationSteps = 4 }, runDirectory: nil)
        #expect(t.stepsPerEpoch == 2)
        try t.fit()
        #expect(t.step == 2)
        #expect(t.optimizer.stepCounts.joined().allSatisfy { $0 == 2 })
    }

    @Test func resumeIsBitIdentical() throws {
        Torch.threadCount = 1
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let edit: (inout TrainConfig) -> Void = {
            $0.optimizer.name = "adamw"; $0.optimizer.lr = 0.01; $0.optimizer.weightDecay = 0.05
            $0.scheduler.name = "cosine"; $0.scheduler.warmupEpochs = 1
            $0.train.ema = true; $0.train.emaDecayType = "threshold"; $0.train.emaDecay = 0.99
            $0.train.clipping = .norm(maxNorm: 0.5); $0.train.gradientAccumulationSteps = 2
        }
        let straight = try classificationLoop(smallConfig(edit), runDirectory: nil)
        let straightMetrics = try straight.fit()

        let first = try classificationLoop(smallConfig(edit), runDirectory: dir)
        try first.fit(untilEpoch: 2)
        let resumed = try classificationLoop(smallConfig { edit(&$0); $0.model.resume = "" }, runDirectory: dir)
        #expect(resumed.epoch == 2 && resumed.step == first.step)
        let resumedMetrics = try resumed.fit()

        #expect(try weights(resumed.model) == weights(straight.model))
        #expect(try resumed.ema!.shadow.map { try $0.tensor.rawBytes() } == straight.ema!.shadow.map { try $0.tensor.rawBytes() })
        #expect(resumedMetrics["train/loss"] == straightMetrics["train/loss"])
        #expect(resumedMetrics["val/acc"] == straightMetrics["val/acc"])
        let lines = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("checkpoints/best.ckpt").path))
    }

    /// The steps and epochs of metrics.jsonl's lines, in order.
    func recordedSteps(_ dir: URL) throws -> [[Int]] {
        let text = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return [try #require(object["step"] as? Int), try #require(object["epoch"] as? Int)]
        }
    }

    @Test func aRunInterruptedBetweenItsMetricsLineAndItsCheckpointRecordsEachStepOnce() throws {
        Torch.threadCount = 1
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let resumeFile = dir.appendingPathComponent("checkpoints/train_resume.ckpt")
        let first = try classificationLoop(smallConfig { $0.maxEpochs = 4 }, runDirectory: dir)
        try first.fit(untilEpoch: 2)
        let atEpoch2 = try Data(contentsOf: resumeFile)
        try first.fit(untilEpoch: 3)
        let epoch3Line = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
            .split(separator: "\n")[2]
        // As if killed after epoch 3's metrics line and before its train_resume.ckpt, while the
        // line of the epoch after it was being written (a torn last line).
        try atEpoch2.write(to: resumeFile)
        let handle = try FileHandle(forWritingTo: dir.appendingPathComponent("metrics.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"step\":24,\"epo".utf8))
        try handle.close()

        let resumed = try classificationLoop(smallConfig { $0.maxEpochs = 4 }, runDirectory: dir)
        #expect(resumed.epoch == 2 && resumed.step == 12)
        #expect(try recordedSteps(dir) == [[6, 1], [12, 2]])
        try resumed.fit()
        #expect(try recordedSteps(dir) == [[6, 1], [12, 2], [18, 3], [24, 4]])
        // The rerun epoch is the same epoch: same loss as the interrupted one recorded.
        let rerunLine = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")[2]
        func loss(_ line: Substring) throws -> Double? {
            ((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["metrics"] as? [String: Any])?["train/loss"] as? Double
        }
        #expect(try loss(rerunLine) == loss(epoch3Line))

        // Starting fresh in the same run directory (model.resume=false) keeps none of the old lines.
        let fresh = try classificationLoop(smallConfig { $0.maxEpochs = 1; $0.model.resumeIfPresent = false }, runDirectory: dir)
        #expect(try recordedSteps(dir).isEmpty)
        try fresh.fit()
        #expect(try recordedSteps(dir) == [[6, 1]])
    }

    struct MonitorCase: Sendable, CustomTestStringConvertible {
        let id: String
        let monitor: String?, mode: String?
        let expected: Monitor
        var testDescription: String { id }
    }

    static let monitorCases: [MonitorCase] = [
        MonitorCase(id: "the task's own", monitor: nil, mode: nil, expected: Monitor(metric: "val/acc", maximize: true)),
        MonitorCase(id: "a loss is minimised", monitor: "val/loss", mode: nil, expected: Monitor(metric: "val/loss", maximize: false)),
        MonitorCase(id: "another metric is maximised", monitor: "val/top5", mode: nil, expected: Monitor(metric: "val/top5", maximize: true)),
        MonitorCase(id: "the mode given wins", monitor: nil, mode: "min", expected: Monitor(metric: "val/acc", maximize: false)),
    ]

    @Test(arguments: monitorCases)
    func monitorFollowsTheSettingsElseTheTask(_ c: MonitorCase) throws {
        let loop = try classificationLoop(smallConfig { $0.train.monitor = c.monitor; $0.train.monitorMode = c.mode }, runDirectory: nil)
        #expect(loop.monitor == c.expected)
    }

    @Test func aNonFiniteValueNeverBecomesTheBest() {
        let max = Monitor(metric: "val/acc", maximize: true), min = Monitor(metric: "val/loss", maximize: false)
        #expect(max.improves(0.5, on: nil) && !max.improves(.nan, on: nil) && !max.improves(.nan, on: 0.1))
        #expect(max.improves(0.6, on: 0.5) && !max.improves(0.5, on: 0.5) && !max.improves(.infinity, on: 0.5))
        #expect(min.improves(0.4, on: 0.5) && !min.improves(0.6, on: 0.5) && !min.improves(-.infinity, on: 0.5))
    }

    @Test func aMonitorTheTaskDoesNotEvaluateIsAClearError() throws {
        let loop = try classificationLoop(smallConfig { $0.maxEpochs = 1; $0.train.monitor = "val/hmean" }, runDirectory: nil)
        #expect(throws: TrainError.config(key: "train.monitor",
                                          message: "'val/hmean' is not a metric this task evaluates (val/acc, val/loss); set train.monitor to one of them")) {
            try loop.fit()
        }
    }

    @Test func aRelaunchedRunContinuesFromItsOwnCheckpointUnlessResumeIsFalse() throws {
        Torch.threadCount = 1
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try classificationLoop(smallConfig(), runDirectory: dir)
        #expect(first.epoch == 0)
        try first.fit(untilEpoch: 1)
        // model.resume: null (the default): a job started again in its run dir continues.
        let relaunched = try classificationLoop(smallConfig(), runDirectory: dir)
        #expect(relaunched.epoch == 1 && relaunched.step == first.step)
        // model.resume=false: always from scratch.
        let fresh = try classificationLoop(smallConfig { $0.model.resumeIfPresent = false }, runDirectory: dir)
        #expect(fresh.epoch == 0 && fresh.step == 0)
    }

    @Test func missingResumeCheckpointIsAClearError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("checkpoints/train_resume.ckpt").path
        #expect(throws: TrainError.checkpoint(path: path,
            reason: "no such file; set model.resume=false to start fresh, or give an existing checkpoint path")) {
            try classificationLoop(smallConfig { $0.model.resume = "" }, runDirectory: dir)
        }
    }

    @Test func mismatchedCheckpointIsAClearError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try classificationLoop(smallConfig { $0.maxEpochs = 1 }, runDirectory: dir).fit()
        let ckpt = dir.appendingPathComponent("checkpoints/train_resume.ckpt")
        do {
            _ = try classificationLoop(smallConfig { $0.model.width = 6; $0.model.resume = ckpt.path }, runDirectory: nil)
            Issue.record("a checkpoint of another width loaded")
        } catch let error as TrainError {
            #expect(error.localizedDescription == "Cannot use checkpoint '\(ckpt.path)': State dict does not fit the model: "
                + "tensor 'body.0.weight' has shape [4, 3, 3, 3], the model expects [6, 3, 3, 3]. Was it written by another model or config?")
        }
    }

    @Test func pretrainedWeightsSeedTheModelAndItsEMA() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let donor = try classificationLoop(smallConfig { $0.seed = 1; $0.data.numClasses = 3 }, runDirectory: nil)
        let file = dir.appendingPathComponent("donor.safetensors")
        try SafeTensors.write(donor.model.stateDict(), to: file)
        let t = try classificationLoop(smallConfig { $0.model.pretrained = file.path; $0.train.ema = true }, runDirectory: dir)
        let report = try #require(t.pretrainedReport)
        #expect(report.skipped == [.init(name: "body.8.weight", reason: "shape [3, 8] in file, [4, 8] in model"),
                                   .init(name: "body.8.bias", reason: "shape [3] in file, [4] in model")])
        let conv = try donor.model.stateDict()[0].tensor.toArray(Float.self)
        #expect(try t.model.stateDict()[0].tensor.toArray(Float.self) == conv)
        #expect(try t.ema!.shadow[0].tensor.toArray(Float.self) == conv)
        let log = try String(contentsOf: dir.appendingPathComponent("logs/train.log"), encoding: .utf8)
        #expect(log.contains("pretrained: loaded 14 tensors, skipped 2"))
    }

    @Test func learnsTheSyntheticTask() throws {
        let t = try classificationLoop(smallConfig { $0.maxEpochs = 6; $0.data.trainSamples = 128 }, runDirectory: nil)
        let metrics = try t.fit()
        #expect(try #require(metrics["val/acc"]) > 0.9)
    }

    @Test func divergenceFailsWhenConfigured() throws {
        let t = try classificationLoop(smallConfig { $0.optimizer.lr = 1e30; $0.train.failOnNonFinite = true; $0.maxEpochs = 2 }, runDirectory: nil)
        #expect(throws: TrainError.self) { try t.fit() }
        let skipping = try classificationLoop(smallConfig { $0.optimizer.lr = 1e30; $0.maxEpochs = 2 }, runDirectory: nil)
        try skipping.fit()
        #expect(skipping.skippedSteps > 0)
    }

    @Test func aTaskThatEvaluatesItsTrainCounterpartGetsATrainVsValReadingEachEvaluation() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = smallConfig { $0.maxEpochs = 2 }
        let loop = try TrainLoop(task: TrainCounterpartTask(config: config, gap: 0.25), config: config, runDirectory: dir)
        try loop.fit()
        let lines = try String(contentsOf: dir.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let metrics = try #require(record["metrics"] as? [String: Double])
            #expect(abs(try #require(metrics["fit/gap"]) - 0.25) < 1e-12)
            #expect(metrics["fit/verdict"] == 1)
        }
        let log = try String(contentsOf: dir.appendingPathComponent("logs/train.log"), encoding: .utf8)
        #expect(log.contains("fit at epoch 2: train/acc - val/acc = +25.0 pts, val/acc best "), "\(log)")
        #expect(log.contains(": overfitting (raise weight decay, add augmentation or label smoothing)"), "\(log)")
        // The synthetic task alone evaluates no train counterpart: no reading.
        let plain = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: plain) }
        try classificationLoop(smallConfig { $0.maxEpochs = 1 }, runDirectory: plain).fit()
        #expect(!(try String(contentsOf: plain.appendingPathComponent("metrics.jsonl"), encoding: .utf8)).contains("fit/"))
    }
}

/// The synthetic task with a clean train accuracy `gap` above its validation accuracy.
final class TrainCounterpartTask: TrainingTask {
    let base: SyntheticClassificationTask
    let gap: Double

    init(config: TrainConfig, gap: Double) {
        base = SyntheticClassificationTask(config: config)
        self.gap = gap
    }

    var trainingSampleCount: Int { base.trainingSampleCount }
    var defaultMonitor: Monitor { base.defaultMonitor }
    func makeModel() throws -> any Module { try base.makeModel() }
    func describe(model: any Module) -> String { base.describe(model: model) }
    func loss(of model: any Module, samples indices: [Int], epoch: Int) throws -> LossTerms {
        try base.loss(of: model, samples: indices, epoch: epoch)
    }
    func evaluate(_ model: any Module, epoch: Int) throws -> [String: Double] {
        var values = try base.evaluate(model, epoch: epoch)
        values["train/acc"] = values["val/acc"]! + gap
        return values
    }
}
