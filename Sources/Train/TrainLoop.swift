import Diagnostics
import Foundation
import Torch

/// The one training loop: epochs of (optionally shuffled) micro-batches of a task's samples, with
/// gradient accumulation, clipping, non-finite-step skipping, the LR schedule, EMA, evaluation
/// every `trainer.eval_every` epochs and at the end, metrics.jsonl, logs/train.log, checkpoints
/// and exact resume at epoch boundaries. The task supplies the model, the loss of a micro-batch
/// and the evaluation (`TrainingTask`).
public final class TrainLoop<Task: TrainingTask> {
    public let task: Task
    public let config: TrainConfig
    public let model: any Module
    public let optimizer: any Optimizer
    public let schedule: any LRSchedule
    public let ema: ModelEMA?
    public let monitor: Monitor
    public let log: MetricsLog
    /// The run's random generator (task data and initial weights, data order), seeded with `seed`.
    public let generator: Generator
    /// Where `train_resume.ckpt` and `best.ckpt` go (nil: no checkpoints).
    public let checkpointDirectory: URL?
    /// Micro-batches per epoch and optimizer steps per epoch.
    public let batchesPerEpoch: Int, stepsPerEpoch: Int

    /// Optimizer steps taken (skipped ones included), epochs completed, steps skipped.
    public internal(set) var step = 0, epoch = 0, skippedSteps = 0
    public internal(set) var bestMetric: Double?
    /// The epoch `bestMetric` was reached at.
    public internal(set) var bestEpoch: Int?
    /// The run's resolved config as YAML, recorded in checkpoints.
    public var configText: String?
    /// Every micro-batch loss so far in this process, in order (for cross-checks and plots).
    public private(set) var lossHistory: [Double] = []
    /// The report of a pretrained load, when `model.pretrained` was set.
    public private(set) var pretrainedReport: PretrainedReport?

    /// Seeds the run's generator, lets the task build its model under it, then builds optimizer,
    /// schedule and EMA; loads pretrained weights (before the EMA starts from them) and resumes
    /// when `model.resume` asks (or, by default, when the run's own train_resume.ckpt exists).
    public init(task: Task, config: TrainConfig, runDirectory: URL?) throws {
        self.task = task
        self.config = config
        generator = try Generator(seed: config.seed)
        model = try generator.withCurrent { try task.makeModel() }
        monitor = config.monitor(default: task.defaultMonitor)
        let n = task.trainingSampleCount, b = config.data.batchSize, k = config.train.gradientAccumulationSteps
        guard n > 0 else { throw TrainError.config(key: "data", message: "the task has no training samples") }
        batchesPerEpoch = (n + b - 1) / b
        stepsPerEpoch = (batchesPerEpoch + k - 1) / k
        optimizer = config.makeOptimizer(for: model)
        schedule = config.makeSchedule(stepsPerEpoch: stepsPerEpoch)
        checkpointDirectory = config.checkpointDirectory(in: runDirectory)
        if let path = config.model.pretrained {
            pretrainedReport = try Pretrained.load(into: model, from: URL(fileURLWithPath: path), exclude: config.model.pretrainedExclude)
        }
        ema = config.train.ema
            ? try ModelEMA(model: model, schedule: config.emaSchedule, totalUpdates: stepsPerEpoch * config.maxEpochs) : nil
        let resumeFrom = try config.resumeCheckpoint(in: checkpointDirectory)
        if let resumeFrom {
            // Model, optimizer state, EMA and its counter, and the generator (which fixes the data
            // order of the epochs to come; tasks seed their augmentation with the epoch).
            let metadata = try Checkpoint.restore(from: resumeFrom, model: model, optimizer: optimizer, ema: ema, generator: generator)
            step = metadata.step
            epoch = metadata.epoch
            skippedSteps = metadata.skippedSteps
            bestMetric = metadata.bestMetric
            bestEpoch = metadata.bestEpoch
        }
        // Before the log opens: metrics.jsonl keeps only the lines of the steps this run's state
        // has (none when starting fresh), so a line written before an interrupted epoch's
        // checkpoint is not repeated when that epoch runs again.
        if let runDirectory { try MetricsLog.discardRecords(after: step, in: runDirectory) }
        log = try MetricsLog(runDirectory: runDirectory)
        if let pretrainedReport { log.info(pretrainedReport.summary) }
        if let resumeFrom { log.info("resumed from \(resumeFrom.path) at epoch \(epoch), step \(step)") }
        log.info(task.describe(model: model))
        log.info("global batch \(config.globalBatch) (batch \(b) x devices \(config.train.devices) x accumulation \(k)), "
            + "\(batchesPerEpoch) batches and \(stepsPerEpoch) optimizer steps per epoch, lr \(config.scaledLearningRate); "
            + "best.ckpt follows \(monitor.metric) (\(monitor.maximize ? "max" : "min"))")
    }

    /// Statistics of one training epoch. Loss means are over the micro-batches whose loss was
    /// finite (the others were logged and their steps skipped); NaN when none was.
    public struct EpochStats: Sendable {
        public var meanLoss: Double, parts: [String: Double], lastGradNorm: Double, learningRate: Double
        public var samplesPerSecond: Double, nonFiniteBatches: Int
    }

    /// Trains one epoch (drawing random numbers from the run's generator).
    public func trainEpoch() throws -> EpochStats {
        try generator.withCurrent { try trainEpochWithCurrentGenerator() }
    }

    private func trainEpochWithCurrentGenerator() throws -> EpochStats {
        model.train()
        let n = task.trainingSampleCount, b = config.data.batchSize, k = config.train.gradientAccumulationSteps
        let order = config.data.shuffle ? try Tensor.randperm(n).toArray(Int64.self).map(Int.init) : Array(0..<n)
        let parameters = model.parameters
        var lossSum = 0.0, finiteBatches = 0, partSums: [String: Double] = [:]
        var gradNorm = 0.0, lr = schedule.learningRate(at: step), groupLossIsFinite = true
        let start = Date()
        let batches = (0..<batchesPerEpoch).map { Array(order[($0 * b)..<Swift.min(n, ($0 + 1) * b)]) }
        task.willTrain(epoch: epoch, batches: batches)
        for batch in 0..<batchesPerEpoch {
            let groupStart = batch / k * k
            let groupSize = Swift.min(k, batchesPerEpoch - groupStart)
            let terms = try task.loss(of: model, samples: batches[batch], epoch: epoch)
            let value = try terms.total.item()
            if value.isFinite {
                lossSum += value
                finiteBatches += 1
                partSums.merge(terms.parts) { $0 + $1 }
            } else {
                if config.train.failOnNonFinite { throw TrainError.nonFinite(step: step, what: "the loss is \(value)") }
                let parts = terms.parts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                log.info("warning: loss is \(value) at step \(step)\(parts.isEmpty ? "" : " (\(parts))"); its step will be skipped")
                groupLossIsFinite = false
            }
            lossHistory.append(value)
            try (groupSize == 1 ? terms.total : terms.total / Double(groupSize)).backward()
            guard batch - groupStart == groupSize - 1 else { continue }

            let outcome = try OptimizerStep.take(
                at: step, parameters: parameters, model: model, optimizer: optimizer, schedule: schedule,
                clipping: config.train.clipping, ema: ema, failOnNonFinite: config.train.failOnNonFinite,
                lossIsFinite: groupLossIsFinite)
            lr = outcome.learningRate
            gradNorm = outcome.gradNorm
            if outcome.skipped {
                skippedSteps += 1
                log.info("warning: gradient norm is \(gradNorm) at step \(step); step skipped (\(skippedSteps) so far)")
            }
            groupLossIsFinite = true
            step += 1
        }
        let seconds = Date().timeIntervalSince(start)
        epoch += 1
        let finite = Double(Swift.max(1, finiteBatches))
        return EpochStats(meanLoss: finiteBatches > 0 ? lossSum / finite : .nan, parts: partSums.mapValues { $0 / finite },
                          lastGradNorm: gradNorm, learningRate: lr, samplesPerSecond: seconds > 0 ? Double(n) / seconds : 0,
                          nonFiniteBatches: batchesPerEpoch - finiteBatches)
    }

    /// The task's validation metrics, in evaluation mode and with the EMA weights when EMA is on.
    public func evaluate() throws -> [String: Double] {
        model.eval()
        defer { model.train() }
        if let ema { return try ema.withAveragedWeights(in: model) { try task.evaluate(model, epoch: epoch) } }
        return try task.evaluate(model, epoch: epoch)
    }

    /// The task's held-out metrics (`TrainingTask.finalEvaluation`) with the final weights, in
    /// evaluation mode, recorded in metrics.jsonl at the last step and in the log; empty when the
    /// task has none.
    @discardableResult
    public func finalEvaluation() throws -> [String: Double] {
        model.eval()
        defer { model.train() }
        let metrics = try ema.map { ema in try ema.withAveragedWeights(in: model) { try task.finalEvaluation(model) } }
            ?? task.finalEvaluation(model)
        guard !metrics.isEmpty else { return metrics }
        try log.record(step: step, epoch: epoch, metrics: metrics)
        log.info("final evaluation after epoch \(epoch) (final weights\(ema == nil ? "" : ", EMA")): "
            + metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.5g", $0.value))" }.joined(separator: " "))
        return metrics
    }

    /// Trains until `trainer.max_epochs` (or `untilEpoch`), evaluating every `trainer.eval_every`
    /// epochs and at the last, writing metrics and checkpoints. Returns the last epoch's metrics.
    ///
    /// Each epoch ends with its metrics line, then `best.ckpt` (if improved), then
    /// `train_resume.ckpt`. A kill anywhere in between leaves the previous train_resume.ckpt, and
    /// resuming from it drops the lines past its step before the epoch runs again, so every step
    /// is recorded once; a best.ckpt ahead of train_resume.ckpt is rewritten by the rerun.
    @discardableResult
    public func fit(untilEpoch: Int? = nil) throws -> [String: Double] {
        var last: [String: Double] = [:]
        while epoch < Swift.min(untilEpoch ?? config.maxEpochs, config.maxEpochs) {
            let epochStart = Date()
            let stats = try trainEpoch()
            var metrics: [String: Double] = [
                "train/loss": stats.meanLoss, "lr": stats.learningRate, "grad_norm": stats.lastGradNorm,
                "samples_per_s": stats.samplesPerSecond, "skipped_steps": Double(skippedSteps),
            ]
            for (name, value) in stats.parts { metrics["train/\(name)"] = value }
            let evaluated = epoch % Swift.max(1, config.evalEvery) == 0 || epoch == config.maxEpochs
            var improved = false
            var fit: FitDiagnosis?
            if evaluated {
                let values = try evaluate()
                metrics.merge(values) { $1 }
                guard let value = values[monitor.metric] else {
                    throw TrainError.config(key: "train.monitor", message: "'\(monitor.metric)' is not a metric this task evaluates ("
                        + values.keys.sorted().joined(separator: ", ") + "); set train.monitor to one of them")
                }
                improved = monitor.improves(value, on: bestMetric)
                if improved {
                    bestMetric = value
                    bestEpoch = epoch
                }
                // Only the task's evaluation counts (a clean train metric), never the running training loss.
                fit = diagnoseFit(values)
                if let fit {
                    metrics[FitDiagnosis.gapMetric] = fit.gap
                    metrics[FitDiagnosis.verdictMetric] = fit.verdict.code
                }
            }
            metrics["epoch_time_s"] = Date().timeIntervalSince(epochStart)
            try log.record(step: step, epoch: epoch, metrics: metrics)
            log.info("epoch \(epoch)/\(config.maxEpochs) step \(step): "
                + metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.5g", $0.value))" }.joined(separator: " "))
            if let fit { log.info(fitLine(fit)) }
            if let dir = checkpointDirectory {
                let checkpoint = try makeCheckpoint()
                if improved { try checkpoint.write(to: dir.appendingPathComponent("best.ckpt")) }
                try checkpoint.write(to: dir.appendingPathComponent("train_resume.ckpt"))
            }
            last = metrics
        }
        return last
    }
}

extension TrainLoop {
    /// Train vs val for the monitored metric, when the task evaluated its training counterpart
    /// (`val/top1` and the clean `train/top1`); nil otherwise.
    func diagnoseFit(_ values: [String: Double]) -> FitDiagnosis? {
        guard let trainMetric = FitDiagnosis.trainingMetric(of: monitor.metric),
              let train = values[trainMetric], let val = values[monitor.metric] else { return nil }
        return FitDiagnosis(train: train, val: val, higherIsBetter: monitor.maximize, thresholds: config.train.fitThresholds)
    }

    /// The log line of a diagnosis: the gap, where the monitored metric was best, the verdict and its advice.
    func fitLine(_ diagnosis: FitDiagnosis) -> String {
        let trainMetric = FitDiagnosis.trainingMetric(of: monitor.metric) ?? "train"
        var line = "fit at epoch \(epoch): \(trainMetric) - \(monitor.metric) = \(diagnosis.gapText)"
        if let bestMetric, let bestEpoch {
            line += ", \(monitor.metric) best \(String(format: "%.4f", bestMetric)) at epoch \(bestEpoch)"
        }
        return line + ": \(diagnosis.verdict.rawValue) (\(diagnosis.verdict.advice))"
    }
}
