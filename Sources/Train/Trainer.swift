import Foundation
import Torch

/// The training loop for classification: epochs of shuffled mini-batches with gradient
/// accumulation, clipping, non-finite-step skipping, LR schedule, EMA, evaluation, metrics,
/// checkpoints and exact resume.
public final class Trainer {
    public let config: TrainConfig
    public let model: any Module
    public let optimizer: any Optimizer
    public let schedule: any LRSchedule
    public let ema: ModelEMA?
    public let trainData: SyntheticClassification
    public let valData: SyntheticClassification
    public let log: MetricsLog
    /// The run's own random generator (initialisation, data, shuffling), seeded with `seed`.
    public let generator: Generator
    /// Where `train_resume.ckpt` and `best.ckpt` go (nil: no checkpoints).
    public let checkpointDirectory: URL?
    /// Micro-batches per epoch and optimizer steps per epoch.
    public let batchesPerEpoch: Int, stepsPerEpoch: Int

    /// Optimizer steps taken (including skipped ones), epochs completed, steps skipped.
    public internal(set) var step = 0, epoch = 0, skippedSteps = 0
    public internal(set) var bestMetric: Double?
    /// The run's config as text, recorded in checkpoints.
    public var configText: String?
    /// Every micro-batch loss so far in this process, in order (for cross-checks and plots).
    public private(set) var lossHistory: [Double] = []
    /// The report of a pretrained load, when `model.pretrained` was set.
    public private(set) var pretrainedReport: PretrainedReport?

    /// Builds data, model, optimizer, schedule and EMA from the config, seeding first, so the
    /// same config always starts from the same state.
    public init(config: TrainConfig, runDirectory: URL?) throws {
        self.config = config
        let d = config.data
        generator = try Generator(seed: config.seed)
        (trainData, valData, model) = try generator.withCurrent {
            (try SyntheticClassification(samples: d.trainSamples, classes: d.numClasses, channels: d.channels, size: d.imageSize),
             try SyntheticClassification(samples: d.valSamples, classes: d.numClasses, channels: d.channels, size: d.imageSize),
             try config.makeModel())
        }
        batchesPerEpoch = (d.trainSamples + d.batchSize - 1) / d.batchSize
        let k = config.train.gradientAccumulationSteps
        stepsPerEpoch = (batchesPerEpoch + k - 1) / k
        optimizer = config.makeOptimizer(for: model)
        schedule = config.makeSchedule(stepsPerEpoch: stepsPerEpoch)
        let log = try MetricsLog(runDirectory: runDirectory)
        self.log = log
        checkpointDirectory = config.train.checkpointDirectory.map { URL(fileURLWithPath: $0) }
            ?? runDirectory?.appendingPathComponent("checkpoints")
        // Pretrained weights first, so the EMA starts from them.
        var report: PretrainedReport?
        if let path = config.model.pretrained {
            report = try Pretrained.load(into: model, from: URL(fileURLWithPath: path), exclude: config.model.pretrainedExclude)
            log.info(report!.summary)
        }
        ema = config.train.ema
            ? try ModelEMA(model: model, schedule: config.emaSchedule, totalUpdates: stepsPerEpoch * config.maxEpochs) : nil
        pretrainedReport = report
        if let url = try config.resumeCheckpoint(in: checkpointDirectory) {
            try restore(from: url)
            log.info("resumed from \(url.path) at epoch \(epoch), step \(step)")
        }
        log.info("global batch \(config.globalBatch) (batch \(d.batchSize) x devices \(config.train.devices) x accumulation \(k)), "
            + "\(batchesPerEpoch) batches and \(stepsPerEpoch) optimizer steps per epoch, lr \(config.scaledLearningRate)")
    }

    /// Statistics of one training epoch.
    public struct EpochStats: Sendable {
        public var meanLoss: Double, lastGradNorm: Double, learningRate: Double, samplesPerSecond: Double
    }

    /// Trains one epoch (drawing random numbers from the run's generator).
    public func trainEpoch() throws -> EpochStats {
        try generator.withCurrent { try trainEpochWithCurrentGenerator() }
    }

    private func trainEpochWithCurrentGenerator() throws -> EpochStats {
        model.train()
        let n = trainData.count, b = config.data.batchSize, k = config.train.gradientAccumulationSteps
        let order = config.data.shuffle ? try Tensor.randperm(n) : try Tensor.arange(0, Double(n), dtype: .int64)
        let parameters = model.parameters
        var lossSum = 0.0, gradNorm = 0.0, lr = schedule.learningRate(at: step)
        let start = Date()
        for batch in 0..<batchesPerEpoch {
            let groupStart = batch / k * k
            let groupSize = Swift.min(k, batchesPerEpoch - groupStart)
            let indices = try order.slice(dim: 0, start: batch * b, end: Swift.min(n, (batch + 1) * b))
            let (x, y) = try trainData.batch(indices)
            let loss = try model(x).crossEntropy(y, labelSmoothing: config.train.labelSmoothing)
            let value = try loss.item()
            if !value.isFinite {
                if config.train.failOnNonFinite { throw TrainError.nonFinite(step: step, what: "the loss is \(value)") }
                log.info("warning: loss is \(value) at step \(step); its step will be skipped")
            }
            lossSum += value
            lossHistory.append(value)
            try (groupSize == 1 ? loss : loss / Double(groupSize)).backward()
            guard batch - groupStart == groupSize - 1 else { continue }

            let outcome = try OptimizerStep.take(
                at: step, parameters: parameters, model: model, optimizer: optimizer, schedule: schedule,
                clipping: config.train.clipping, ema: ema, failOnNonFinite: config.train.failOnNonFinite)
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
        return EpochStats(meanLoss: lossSum / Double(batchesPerEpoch), lastGradNorm: gradNorm, learningRate: lr,
                          samplesPerSecond: seconds > 0 ? Double(n) / seconds : 0)
    }

    /// Loss and accuracy on the validation data, with the EMA weights when EMA is on.
    public func evaluate() throws -> [String: Double] {
        model.eval()
        defer { model.train() }
        func run() throws -> [String: Double] {
            try withNoGrad {
                var lossSum = 0.0, correct = 0.0
                let n = valData.count, b = config.data.batchSize
                for start in stride(from: 0, to: n, by: b) {
                    let indices = try Tensor.arange(Double(start), Double(Swift.min(n, start + b)), dtype: .int64)
                    let (x, y) = try valData.batch(indices)
                    let logits = try model(x)
                    lossSum += try logits.crossEntropy(y, reduction: .sum).item()
                    correct += try logits.argmax(dim: 1).eq(y).to(.float32).sum().item()
                }
                return ["val/loss": lossSum / Double(n), "val/acc": correct / Double(n)]
            }
        }
        if let ema { return try ema.withAveragedWeights(in: model, run) }
        return try run()
    }

    /// Trains until `trainer.max_epochs` (or `untilEpoch`), evaluating every
    /// `trainer.eval_every` epochs, writing metrics and checkpoints. Returns the last metrics.
    @discardableResult
    public func fit(untilEpoch: Int? = nil) throws -> [String: Double] {
        var last: [String: Double] = [:]
        while epoch < Swift.min(untilEpoch ?? config.maxEpochs, config.maxEpochs) {
            let stats = try trainEpoch()
            var metrics: [String: Double] = [
                "train/loss": stats.meanLoss, "lr": stats.learningRate, "grad_norm": stats.lastGradNorm,
                "samples_per_s": stats.samplesPerSecond, "skipped_steps": Double(skippedSteps),
            ]
            let evaluated = epoch % Swift.max(1, config.evalEvery) == 0 || epoch == config.maxEpochs
            if evaluated { metrics.merge(try evaluate()) { $1 } }
            try log.record(step: step, epoch: epoch, metrics: metrics)
            log.info("epoch \(epoch)/\(config.maxEpochs) step \(step): "
                + metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.5g", $0.value))" }.joined(separator: " "))
            if let dir = checkpointDirectory {
                var improved = false
                if evaluated, let value = metrics[config.train.monitor] {
                    improved = bestMetric.map { config.train.monitorMode == "max" ? value > $0 : value < $0 } ?? true
                    if improved { bestMetric = value }
                }
                let checkpoint = try makeCheckpoint(configText: configText)
                try checkpoint.write(to: dir.appendingPathComponent("train_resume.ckpt"))
                if improved { try checkpoint.write(to: dir.appendingPathComponent("best.ckpt")) }
            }
            last = metrics
        }
        return last
    }
}
