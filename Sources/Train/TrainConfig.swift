import Config
import Diagnostics
import Foundation

/// The training settings of a run, decoded from the composed config. Sections `optimizer`,
/// `scheduler` and `train` belong to the training core and are read strictly (an unknown key
/// is an error); `trainer`, `data` and `model` are shared with other parts (the launcher, the
/// vision tasks), so only the keys below are read from them.
public struct TrainConfig: Sendable, Equatable {
    public struct OptimizerSettings: Sendable, Equatable {
        public var name = "sgd"
        public var lr = 0.01
        public var momentum = 0.9, dampening = 0.0, nesterov = false
        public var weightDecay = 0.0
        public var weightDecayMode: WeightDecayMode = .coupled
        public var beta1 = 0.9, beta2 = 0.999, eps = 1e-8
        public var alpha = 0.99, centered = false, rho = 0.9
        public var noDecayBiasAndNorm = true
        public var noDecayNames: [String] = []
        public var lrScalingBaseBatch: Int?
    }

    public struct SchedulerSettings: Sendable, Equatable {
        public var name = "constant"
        public var byEpoch = false
        public var warmupEpochs = 0.0, warmupStartLR = 0.0
        public var etaMin = 0.0, power = 1.0, endLR = 0.0, gamma = 0.1
        public var boundaries: [Double] = [], values: [Double] = []
    }

    public struct TrainSettings: Sendable, Equatable {
        public var gradientAccumulationSteps = 1
        public var clipping: GradientClipping?
        public var failOnNonFinite = false
        public var ema = false, emaDecay = 0.9999, emaDecayType = "exp", emaBeta = 15.0
        public var labelSmoothing = 0.0
        public var checkpointDirectory: String?
        /// nil: the task's own (`TrainingTask.defaultMonitor`).
        public var monitor: String?
        /// "max" or "min"; nil: the task's direction for its own monitor, else "min" for a
        /// metric named like a loss (ending in "loss") and "max" for any other.
        public var monitorMode: String?
        public var devices = 1
        /// Where train vs val reads as overfitting or underfitting (`train.overfit_gap`, `train.underfit_gap`).
        public var fitThresholds = FitDiagnosis.Thresholds()
    }

    public struct DataSettings: Sendable, Equatable {
        public var batchSize = 16
        public var trainSamples = 256, valSamples = 64
        public var numClasses = 4, imageSize = 16, channels = 3
        public var shuffle = true
    }

    public struct ModelSettings: Sendable, Equatable {
        public var architecture = "small_cnn"
        public var width = 8
        public var widthMultiplier = 0.25
        /// ResNet's stem: ImageNet's or the small-image one (`ResNet.Stem`).
        public var stem: ResNet.Stem = .imagenet
        public var pretrained: String?
        public var pretrainedExclude: [String] = []
        /// nil: see `resumeIfPresent`; "" : resume from the run's own train_resume.ckpt; else a path.
        public var resume: String?
        /// With `resume` nil (`model.resume: null`, the default): continue from the run's own
        /// train_resume.ckpt when it exists. A run directory is entered again only by `--resume`
        /// or a Slurm requeue, so this is a relaunched job. `model.resume=false` clears it.
        public var resumeIfPresent = true
    }

    public var seed: UInt64 = 42
    public var maxEpochs = 10
    public var evalEvery = 1
    public var threads: Int?
    public var optimizer = OptimizerSettings()
    public var scheduler = SchedulerSettings()
    public var train = TrainSettings()
    public var data = DataSettings()
    public var model = ModelSettings()

    public init() {}

    /// Decodes the settings from a composed config tree.
    public init(_ root: ConfigValue) throws {
        if case let .dict(d) = root, let s = d["seed"] {
            switch s {
            case let .int(i) where i >= 0: seed = UInt64(i)
            case .null: break
            default: throw TrainError.config(key: "seed", message: "expected a non-negative integer")
            }
        }
        var t = try ConfigSection(root, "trainer")
        maxEpochs = try t.int("max_epochs", maxEpochs)
        evalEvery = try t.int("eval_every", evalEvery)
        threads = try t.optionalInt("threads")
        train.devices = try t.int("devices", 1)
        try t.finish()

        var o = try ConfigSection(root, "optimizer")
        optimizer.name = try o.choice("name", "sgd", ["sgd", "adam", "adamw", "rmsprop", "adadelta"])
        optimizer.lr = try o.double("lr", optimizer.lr)
        optimizer.momentum = try o.double("momentum", optimizer.name == "sgd" ? 0.9 : 0)
        optimizer.dampening = try o.double("dampening", 0)
        optimizer.nesterov = try o.bool("nesterov", false)
        optimizer.weightDecay = try o.double("weight_decay", 0)
        let mode = try o.choice("weight_decay_mode", optimizer.name == "adamw" ? "decoupled" : "coupled", ["coupled", "decoupled"])
        optimizer.weightDecayMode = WeightDecayMode(rawValue: mode)!
        let betas = try o.doubles("betas")
        if !betas.isEmpty {
            guard betas.count == 2 else { throw TrainError.config(key: "optimizer.betas", message: "expected two numbers [beta1, beta2]") }
            optimizer.beta1 = betas[0]; optimizer.beta2 = betas[1]
        }
        optimizer.eps = try o.double("eps", optimizer.name == "adadelta" ? 1e-6 : 1e-8)
        optimizer.alpha = try o.double("alpha", 0.99)
        optimizer.centered = try o.bool("centered", false)
        optimizer.rho = try o.double("rho", 0.9)
        optimizer.noDecayBiasAndNorm = try o.bool("no_decay_bias_and_norm", true)
        optimizer.noDecayNames = try o.strings("no_decay_names")
        optimizer.lrScalingBaseBatch = try o.optionalInt("lr_scaling_base_batch")
        if try o.bool("amsgrad", false) {
            throw TrainError.config(key: "optimizer.amsgrad", message: "AMSGrad is not available; set it to false")
        }
        try o.finish()
        if optimizer.nesterov && (optimizer.momentum <= 0 || optimizer.dampening != 0) {
            throw TrainError.config(key: "optimizer.nesterov", message: "Nesterov momentum needs optimizer.momentum > 0 and optimizer.dampening=0")
        }

        var s = try ConfigSection(root, "scheduler")
        scheduler.name = try s.choice("name", "constant", ["constant", "piecewise", "cosine", "polynomial", "exponential"])
        scheduler.byEpoch = try s.bool("by_epoch", false)
        scheduler.warmupEpochs = try s.double("warmup_epochs", 0)
        scheduler.warmupStartLR = try s.double("warmup_start_lr", 0)
        scheduler.etaMin = try s.double("eta_min", 0)
        scheduler.power = try s.double("power", scheduler.name == "polynomial" ? 0.9 : 1)
        scheduler.endLR = try s.double("end_lr", 0)
        scheduler.gamma = try s.double("gamma", scheduler.name == "exponential" ? 0.95 : 0.1)
        scheduler.boundaries = try s.doubles("boundaries")
        scheduler.values = try s.doubles("values")
        try s.finish()
        if scheduler.name == "piecewise" && !scheduler.values.isEmpty && scheduler.values.count != scheduler.boundaries.count + 1 {
            throw TrainError.config(key: "scheduler.values", message: "needs one value more than scheduler.boundaries (\(scheduler.boundaries.count) boundaries, \(scheduler.values.count) values)")
        }

        var r = try ConfigSection(root, "train")
        train.gradientAccumulationSteps = try r.int("gradient_accumulation_steps", 1)
        guard train.gradientAccumulationSteps >= 1 else {
            throw TrainError.config(key: "train.gradient_accumulation_steps", message: "must be at least 1")
        }
        let clipKind: String
        switch try r.raw("clip_grad") {
        case nil, .bool(false)?: clipKind = "none"
        case .bool(true)?: clipKind = "norm"
        case let .string(k)? where ["norm", "value", "none"].contains(k): clipKind = k
        case _?: throw TrainError.config(key: "train.clip_grad", message: "expected norm, value, none, true or false")
        }
        let clipNorm = try r.double("clip_norm", 1.0)
        let clipValue = try r.double("clip_value", 1.0)
        train.clipping = clipKind == "norm" ? .norm(maxNorm: clipNorm) : clipKind == "value" ? .value(clipValue) : nil
        train.failOnNonFinite = try r.choice("nonfinite", "skip", ["skip", "fail"]) == "fail"
        train.ema = try r.bool("ema", false)
        train.emaDecay = try r.double("ema_decay", 0.9999)
        train.emaDecayType = try r.choice("ema_decay_type", "exp", ["constant", "threshold", "exp"])
        train.emaBeta = try r.double("ema_beta", 15)
        train.labelSmoothing = try r.double("label_smoothing", 0)
        guard (0..<1).contains(train.labelSmoothing) else {
            throw TrainError.config(key: "train.label_smoothing", message: "must be in [0, 1)")
        }
        train.checkpointDirectory = try r.string("ckpt_save_dir", nil)
        train.monitor = try r.string("monitor", nil)
        if let mode = try r.string("monitor_mode", nil) {
            guard ["max", "min"].contains(mode) else {
                throw TrainError.config(key: "train.monitor_mode", message: "'\(mode)' is not one of max, min")
            }
            train.monitorMode = mode
        }
        train.fitThresholds.overfit = try r.double("overfit_gap", train.fitThresholds.overfit)
        train.fitThresholds.underfit = try r.double("underfit_gap", train.fitThresholds.underfit)
        guard train.fitThresholds.overfit >= 0, train.fitThresholds.underfit >= 0 else {
            throw TrainError.config(key: "train.overfit_gap", message: "train.overfit_gap and train.underfit_gap must be at least 0 (gaps in accuracy units: 0.05 is 5 points)")
        }
        try r.finish()

        var d = try ConfigSection(root, "data")
        data.batchSize = try d.int("batch_size", data.batchSize)
        data.trainSamples = try d.int("train_samples", data.trainSamples)
        data.valSamples = try d.int("val_samples", data.valSamples)
        data.numClasses = try d.int("num_classes", data.numClasses)
        data.imageSize = try d.int("image_size", data.imageSize)
        data.channels = try d.int("channels", data.channels)
        data.shuffle = try d.bool("shuffle", true)
        for (key, value) in [("data.batch_size", data.batchSize), ("data.train_samples", data.trainSamples),
                             ("data.val_samples", data.valSamples), ("data.num_classes", data.numClasses),
                             ("data.image_size", data.imageSize), ("data.channels", data.channels)] where value < 1 {
            throw TrainError.config(key: key, message: "must be at least 1, got \(value)")
        }
        guard maxEpochs >= 0, evalEvery >= 1 else {
            throw TrainError.config(key: maxEpochs < 0 ? "trainer.max_epochs" : "trainer.eval_every",
                                    message: maxEpochs < 0 ? "must not be negative" : "must be at least 1")
        }

        var m = try ConfigSection(root, "model")
        model.architecture = try m.string("architecture", model.architecture) ?? model.architecture
        model.width = try m.int("width", model.width)
        model.widthMultiplier = try m.double("width_multiplier", model.widthMultiplier)
        let stem = try m.choice("stem", model.stem.rawValue, ResNet.Stem.allCases.map(\.rawValue))
        model.stem = ResNet.Stem(rawValue: stem)!
        switch try m.raw("pretrained") {
        case nil, .bool(false)?: model.pretrained = nil
        case let .string(path)?: model.pretrained = path
        case _?: throw TrainError.config(key: "model.pretrained", message: "expected false or a weights file path")
        }
        model.pretrainedExclude = try m.strings("pretrained_exclude")
        switch try m.raw("resume") {
        case nil: model.resume = nil
        case .bool(false)?: model.resume = nil; model.resumeIfPresent = false
        case .bool(true)?: model.resume = ""
        case let .string(path)?: model.resume = path
        case _?: throw TrainError.config(key: "model.resume", message: "expected true, false or a checkpoint path")
        }
    }

    /// Samples per optimizer step: batch size × devices × accumulation steps.
    public var globalBatch: Int { data.batchSize * train.devices * train.gradientAccumulationSteps }
}

extension TrainConfig {
    /// The metric best.ckpt follows: `train.monitor` and `train.monitor_mode` where set (see
    /// `TrainSettings.monitorMode`), else the task's own.
    public func monitor(default taskMonitor: Monitor) -> Monitor {
        let metric = train.monitor ?? taskMonitor.metric
        let maximize = train.monitorMode.map { $0 == "max" }
            ?? (metric == taskMonitor.metric ? taskMonitor.maximize : !metric.hasSuffix("loss"))
        return Monitor(metric: metric, maximize: maximize)
    }

    /// Where checkpoints go: `train.ckpt_save_dir` (relative to the run directory unless
    /// absolute), else `<run dir>/checkpoints`; nil without a run directory and a setting.
    public func checkpointDirectory(in runDirectory: URL?) -> URL? {
        guard let path = train.checkpointDirectory else { return runDirectory?.appendingPathComponent("checkpoints") }
        if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        return runDirectory?.appendingPathComponent(path) ?? URL(fileURLWithPath: path)
    }

    /// The checkpoint a run starts from, if any: a given path; the run's own
    /// `train_resume.ckpt` for `model.resume=true`; for `model.resume: null`, that file when it
    /// exists (a relaunched job continues where it stopped); nothing for `false`.
    public func resumeCheckpoint(in checkpointDirectory: URL?) throws -> URL? {
        let own = checkpointDirectory?.appendingPathComponent("train_resume.ckpt")
        switch model.resume {
        case nil:
            guard model.resumeIfPresent, let own, FileManager.default.fileExists(atPath: own.path) else { return nil }
            return own
        case ""?:
            guard let own else {
                throw TrainError.config(key: "model.resume", message: "no run directory to resume in; give a checkpoint path")
            }
            return own
        case let path?:
            return URL(fileURLWithPath: path)
        }
    }
}
