import Torch

/// The optimizer step at the end of an accumulation group, as every trainer takes it: the
/// scheduled learning rate, clipping (or just the global norm, for the log), a skipped step when
/// the gradient norm or the loss is not finite (or a failure, if configured), zeroed gradients,
/// and the EMA update. The caller counts steps and skips.
public enum OptimizerStep {
    public struct Outcome: Sendable {
        public let learningRate: Double
        /// The gradient norm before clipping.
        public let gradNorm: Double
        public let skipped: Bool
    }

    public static func take(at step: Int, parameters: [Tensor], model: any Module, optimizer: any Optimizer,
                            schedule: any LRSchedule, clipping: GradientClipping?, ema: ModelEMA?,
                            failOnNonFinite: Bool, lossIsFinite: Bool = true) throws -> Outcome {
        let learningRate = schedule.learningRate(at: step)
        optimizer.setLearningRate(learningRate)
        let gradNorm: Double
        if let clipping {
            gradNorm = try clipping.apply(to: parameters)
        } else {
            gradNorm = try GradientClipping.globalNorm(parameters)?.item() ?? 0
        }
        let skipped = !(gradNorm.isFinite && lossIsFinite)
        if skipped {
            if failOnNonFinite { throw TrainError.nonFinite(step: step, what: "the gradient norm is \(gradNorm)") }
        } else {
            try optimizer.step()
        }
        optimizer.zeroGrad()
        try ema?.update(from: model)
        return Outcome(learningRate: learningRate, gradNorm: gradNorm, skipped: skipped)
    }
}
