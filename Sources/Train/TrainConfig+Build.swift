import Torch

extension TrainConfig {
    /// The peak learning rate after the linear scaling rule (`optimizer.lr_scaling_base_batch`).
    public var scaledLearningRate: Double {
        linearlyScaledLearningRate(optimizer.lr, globalBatch: globalBatch, baseBatch: optimizer.lrScalingBaseBatch)
    }

    /// The configured optimizer over the model's parameters, split into decayed and
    /// undecayed groups.
    public func makeOptimizer(for model: any Module) -> any Optimizer {
        let o = optimizer
        let groups = ParameterGroup.split(model.namedParameters(), learningRate: scaledLearningRate, weightDecay: o.weightDecay,
                                          excludeBiasAndNorm: o.noDecayBiasAndNorm, noDecayNames: o.noDecayNames)
        switch o.name {
        case "adam", "adamw":
            return Adam(groups, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecayMode: o.weightDecayMode)
        case "rmsprop":
            return RMSProp(groups, alpha: o.alpha, eps: o.eps, momentum: o.momentum, centered: o.centered,
                           weightDecayMode: o.weightDecayMode)
        case "adadelta":
            return AdaDelta(groups, rho: o.rho, eps: o.eps, weightDecayMode: o.weightDecayMode)
        default:
            return SGD(groups, momentum: o.momentum, dampening: o.dampening, nesterov: o.nesterov,
                       weightDecayMode: o.weightDecayMode)
        }
    }

    /// The configured schedule, for `stepsPerEpoch` optimizer steps per epoch. Decay lengths
    /// run over the epochs after warmup.
    public func makeSchedule(stepsPerEpoch: Int) -> any LRSchedule {
        let s = scheduler, lr = scaledLearningRate
        let clock = ScheduleClock(stepsPerEpoch: stepsPerEpoch, byEpoch: s.byEpoch)
        let warmup = Swift.min(s.warmupEpochs, Double(maxEpochs))
        let decayEpochs = Double(maxEpochs) - warmup
        let decay: any LRSchedule
        switch s.name {
        case "piecewise":
            decay = s.values.isEmpty
                ? PiecewiseSchedule(boundariesInEpochs: s.boundaries, lr: lr, gamma: s.gamma, clock: clock)
                : PiecewiseSchedule(boundariesInEpochs: s.boundaries, values: s.values, clock: clock)
        case "cosine": decay = CosineSchedule(lr: lr, etaMin: s.etaMin, epochs: decayEpochs, clock: clock)
        case "polynomial": decay = PolynomialSchedule(lr: lr, endLR: s.endLR, power: s.power, epochs: decayEpochs, clock: clock)
        case "exponential": decay = ExponentialSchedule(lr: lr, gamma: s.gamma, clock: clock)
        default: decay = ConstantSchedule(lr: lr)
        }
        guard warmup > 0 else { return decay }
        return WarmupSchedule(after: decay, warmupEpochs: warmup, startLR: s.warmupStartLR, peakLR: lr, clock: clock)
    }

    /// The configured EMA decay schedule.
    public var emaSchedule: any EMADecaySchedule {
        switch train.emaDecayType {
        case "constant": return ConstantEMADecay(decay: train.emaDecay)
        case "threshold": return ThresholdEMADecay(decay: train.emaDecay)
        default: return ExponentialEMADecay(decay: train.emaDecay, beta: train.emaBeta)
        }
    }

    /// The configured classification model.
    public func makeModel() throws -> any Module {
        switch model.architecture {
        case "resnet18":
            return try ResNet.resnet18(widthMultiplier: model.widthMultiplier, inChannels: data.channels, numClasses: data.numClasses,
                                       stem: model.stem)
        case "resnet50":
            return try ResNet.resnet50(widthMultiplier: model.widthMultiplier, inChannels: data.channels, numClasses: data.numClasses,
                                       stem: model.stem)
        case "mobilenet_v2":
            return try MobileNetV2(widthMultiplier: model.widthMultiplier, inChannels: data.channels, numClasses: data.numClasses,
                                   stem: model.stem)
        case "small_cnn": return try SmallConvNet(channels: data.channels, width: model.width, classes: data.numClasses)
        case "linear":
            return Sequential([Flatten(), try Linear(data.channels * data.imageSize * data.imageSize, data.numClasses)])
        default:
            throw TrainError.config(key: "model.architecture",
                                    message: "'\(model.architecture)' is not a classifier the training core knows: small_cnn, linear, resnet18, resnet50, mobilenet_v2")
        }
    }
}
