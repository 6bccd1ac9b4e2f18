import Foundation
import Torch
import Train

/// The training loop for text detection: epochs of shuffled, augmented mini-batches through
/// the training core's optimizer, schedule, gradient accumulation, clipping, non-finite-step
/// skipping and EMA; evaluation (precision, recall, hmean) every `trainer.eval_every` epochs;
/// metrics.jsonl, logs/train.log and checkpoints with exact resume at epoch boundaries.
public final class DetectionTrainer {
    public let config: DetectionConfig
    public let model: any Module
    public let optimizer: any Optimizer
    public let schedule: any LRSchedule
    public let ema: ModelEMA?
    public let trainSet: any DetectionSource
    public let evaluator: DetectionValidation
    public let preparer: DetectionSamplePreparer
    public let log: MetricsLog
    /// The run's random generator (initialisation and data order), seeded with `seed`.
    public let generator: Generator
    public let runDirectory: URL?
    public let checkpointDirectory: URL?
    public let batchesPerEpoch: Int, stepsPerEpoch: Int

    public internal(set) var step = 0, epoch = 0, skippedSteps = 0
    public internal(set) var bestMetric: Double?
    /// The run's config as text, recorded in checkpoints.
    public var configText: String?
    /// Every micro-batch loss in this process, in order.
    public private(set) var lossHistory: [Double] = []

    /// Builds data, model, optimizer, schedule and EMA; resumes when `model.resume` asks.
    public init(config: DetectionConfig, runDirectory: URL?) throws {
        self.config = config
        self.runDirectory = runDirectory
        let t = config.train
        log = try MetricsLog(runDirectory: runDirectory)
        let started = Date()
        let data = try DetectionData(config.data)
        trainSet = data.train
        log.info("data: \(data.train.count) training and \(data.validation.count) validation images (\(config.data.source.rawValue)), "
            + "prepared in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        preparer = DetectionSamplePreparer(architecture: config.model.architecture, size: config.data.imageSize,
                                           augment: config.data.augment, dbLabels: config.model.labels,
                                           normalization: config.data.normalization)
        evaluator = try DetectionValidation(source: data.validation, model: config.model, size: config.data.imageSize,
                                            normalization: config.data.normalization)
        generator = try Generator(seed: t.seed)
        model = try generator.withCurrent { try config.model.makeModel() }
        batchesPerEpoch = (trainSet.count + config.data.batchSize - 1) / config.data.batchSize
        let k = t.train.gradientAccumulationSteps
        stepsPerEpoch = (batchesPerEpoch + k - 1) / k
        optimizer = t.makeOptimizer(for: model)
        schedule = t.makeSchedule(stepsPerEpoch: stepsPerEpoch)
        checkpointDirectory = t.train.checkpointDirectory.map { path in
            path.hasPrefix("/") || runDirectory == nil ? URL(fileURLWithPath: path) : runDirectory!.appendingPathComponent(path)
        } ?? runDirectory?.appendingPathComponent("checkpoints")
        if let path = t.model.pretrained {
            let report = try Pretrained.load(into: model, from: URL(fileURLWithPath: path), exclude: t.model.pretrainedExclude)
            log.info(report.summary)
        }
        ema = t.train.ema ? try ModelEMA(model: model, schedule: t.emaSchedule, totalUpdates: stepsPerEpoch * t.maxEpochs) : nil
        if let url = try t.resumeCheckpoint(in: checkpointDirectory) {
            try restore(from: url)
            log.info("resumed from \(url.path) at epoch \(epoch), step \(step)")
        }
        let parameterCount = model.parameters.reduce(0) { $0 + $1.count }
        log.info("\(config.model.architecture.rawValue) on \(config.model.encoder) x\(config.model.widthMultiplier): \(parameterCount) parameters; "
            + "global batch \(t.globalBatch), \(batchesPerEpoch) batches and \(stepsPerEpoch) optimizer steps per epoch, lr \(t.scaledLearningRate)")
    }

    /// Statistics of one training epoch.
    public struct EpochStats: Sendable {
        public var meanLoss: Double, parts: [String: Double], lastGradNorm: Double, learningRate: Double, samplesPerSecond: Double
    }

    /// The loss of one batch under the configured architecture.
    public func loss(_ batch: DetectionBatch) throws -> LossTerms {
        let output = try model(batch.images)
        if let targets = batch.db { return try config.model.dbLoss(output, targets) }
        return try config.model.craftLoss(output, batch.craft!)
    }

    /// Trains one epoch.
    public func trainEpoch() throws -> EpochStats {
        try generator.withCurrent { try trainEpochWithCurrentGenerator() }
    }

    private func trainEpochWithCurrentGenerator() throws -> EpochStats {
        model.train()
        let t = config.train, n = trainSet.count, b = config.data.batchSize, k = t.train.gradientAccumulationSteps
        let order = try Tensor.randperm(n).toArray(Int64.self).map(Int.init)
        let parameters = model.parameters
        var lossSum = 0.0, finiteBatches = 0, partSums: [String: Double] = [:], gradNorm = 0.0, lr = schedule.learningRate(at: step)
        let start = Date()
        for batchIndex in 0..<batchesPerEpoch {
            let groupStart = batchIndex / k * k
            let groupSize = Swift.min(k, batchesPerEpoch - groupStart)
            let indices = Array(order[(batchIndex * b)..<Swift.min(n, (batchIndex + 1) * b)])
            let samples = try preparer.prepare(indices, of: trainSet, seed: config.data.seed &+ t.seed, epoch: epoch,
                                               threads: config.data.numWorkers)
            let terms = try loss(preparer.batch(samples))
            let value = try terms.total.item()
            if !value.isFinite {
                if t.train.failOnNonFinite { throw TrainError.nonFinite(step: step, what: "the loss is \(value)") }
                let parts = terms.parts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                log.info("warning: loss is \(value) at step \(step) (\(parts)); its step will be skipped")
            }
            if value.isFinite {
                lossSum += value
                finiteBatches += 1
                partSums.merge(terms.parts) { $0 + $1 }
            }
            lossHistory.append(value)
            try (groupSize == 1 ? terms.total : terms.total / Double(groupSize)).backward()
            guard batchIndex - groupStart == groupSize - 1 else { continue }

            let outcome = try OptimizerStep.take(
                at: step, parameters: parameters, model: model, optimizer: optimizer, schedule: schedule,
                clipping: t.train.clipping, ema: ema, failOnNonFinite: t.train.failOnNonFinite, lossIsFinite: value.isFinite)
            lr = outcome.learningRate
            gradNorm = outcome.gradNorm
            if outcome.skipped {
                skippedSteps += 1
                log.info("warning: gradient norm is \(gradNorm) at step \(step); step skipped (\(skippedSteps) so far)")
            }
            step += 1
        }
        let seconds = Date().timeIntervalSince(start)
        epoch += 1
        // Means over the batches whose loss was finite (non-finite ones were skipped and logged).
        let batches = Double(Swift.max(1, finiteBatches))
        return EpochStats(meanLoss: finiteBatches > 0 ? lossSum / batches : .nan, parts: partSums.mapValues { $0 / batches },
                          lastGradNorm: gradNorm, learningRate: lr, samplesPerSecond: seconds > 0 ? Double(n) / seconds : 0)
    }

    /// Precision, recall and hmean on the validation set, with the EMA weights when EMA is on;
    /// saves visualizations when `eval.save_visualizations` is set.
    public func evaluate() throws -> [String: Double] {
        model.eval()
        defer { model.train() }
        let folder = config.eval.saveVisualizations
            ? runDirectory?.appendingPathComponent("visualizations/epoch_\(String(format: "%03d", epoch))") : nil
        func run() throws -> [String: Double] {
            let result = try evaluator.evaluate(model, visualizations: folder.map { ($0, config.eval.maxVisualizations) })
            return ["val/precision": result.precision, "val/recall": result.recall, "val/hmean": result.hmean]
        }
        if let ema { return try ema.withAveragedWeights(in: model, run) }
        return try run()
    }

    /// Trains until `trainer.max_epochs` (or `untilEpoch`), evaluating every `trainer.eval_every`
    /// epochs and at the end, writing metrics and checkpoints. Returns the last metrics.
    @discardableResult
    public func fit(untilEpoch: Int? = nil) throws -> [String: Double] {
        let t = config.train
        var last: [String: Double] = [:]
        while epoch < Swift.min(untilEpoch ?? t.maxEpochs, t.maxEpochs) {
            let epochStart = Date()
            let stats = try trainEpoch()
            var metrics: [String: Double] = [
                "train/loss": stats.meanLoss, "lr": stats.learningRate, "grad_norm": stats.lastGradNorm,
                "samples_per_s": stats.samplesPerSecond, "skipped_steps": Double(skippedSteps),
            ]
            for (name, value) in stats.parts { metrics["train/\(name)"] = value }
            let evaluated = epoch % Swift.max(1, t.evalEvery) == 0 || epoch == t.maxEpochs
            if evaluated { metrics.merge(try evaluate()) { $1 } }
            metrics["epoch_time_s"] = Date().timeIntervalSince(epochStart)
            try log.record(step: step, epoch: epoch, metrics: metrics)
            log.info("epoch \(epoch)/\(t.maxEpochs) step \(step): "
                + metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.5g", $0.value))" }.joined(separator: " "))
            if let dir = checkpointDirectory {
                var improved = false
                if evaluated, let value = metrics[config.monitor] {
                    improved = bestMetric.map { config.monitorMaximises ? value > $0 : value < $0 } ?? true
                    if improved { bestMetric = value }
                }
                let checkpoint = try makeCheckpoint()
                try checkpoint.write(to: dir.appendingPathComponent("train_resume.ckpt"))
                if improved { try checkpoint.write(to: dir.appendingPathComponent("best.ckpt")) }
            }
            last = metrics
        }
        return last
    }
}
