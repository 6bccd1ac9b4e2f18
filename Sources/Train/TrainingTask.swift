import Foundation
import Torch

/// A task as the one training loop (`TrainLoop`) sees it: the model, the loss of a micro-batch
/// of training samples, and the evaluation. Everything else (epochs, data order, accumulation,
/// clipping, non-finite steps, schedule, EMA, evaluation cadence, metrics, checkpoints and
/// resume) belongs to the loop, so a new task is one conformance in one file.
public protocol TrainingTask: AnyObject {
    /// Training samples per epoch (indices `0..<trainingSampleCount` are passed to `loss`).
    var trainingSampleCount: Int { get }
    /// The metric `best.ckpt` follows when `train.monitor` is not set.
    var defaultMonitor: Monitor { get }

    /// Called once by the loop, under the run's seeded generator and before anything else draws
    /// from it: builds what the task draws at random (generated data, if any) and returns the
    /// model with its initial weights.
    func makeModel() throws -> any Module

    /// One line for the run's log describing the model and data (parameters, sizes).
    func describe(model: any Module) -> String

    /// Called at the start of each training epoch with its micro-batches in the order `loss`
    /// will ask for them, so a task may prepare them ahead in the background (`data.num_workers`)
    /// while the model computes. Nothing by default.
    func willTrain(epoch: Int, batches: [[Int]])

    /// The loss of one training micro-batch: the samples at `indices`, in epoch `epoch`
    /// (0-based; tasks seed their augmentation with it). The model is in training mode; random
    /// draws come from the run's generator.
    func loss(of model: any Module, samples indices: [Int], epoch: Int) throws -> LossTerms

    /// Validation metrics (`val/...`) after `epoch` epochs (1-based). The model is in evaluation
    /// mode, with the EMA weights when EMA is on.
    func evaluate(_ model: any Module, epoch: Int) throws -> [String: Double]

    /// Metrics on data held out of training and validation (`test/...`), computed once after
    /// the last epoch with the final weights (the EMA weights when EMA is on); none by default.
    func finalEvaluation(_ model: any Module) throws -> [String: Double]
}

extension TrainingTask {
    public func willTrain(epoch: Int, batches: [[Int]]) {}

    public func finalEvaluation(_ model: any Module) throws -> [String: Double] { [:] }
}

/// A loss and its named parts (already weighted) as plain numbers, logged as `train/<part>`.
public struct LossTerms {
    public var total: Tensor
    public var parts: [String: Double]

    public init(total: Tensor, parts: [String: Double] = [:]) {
        self.total = total
        self.parts = parts
    }
}

/// The metric `best.ckpt` follows, and its direction.
public struct Monitor: Sendable, Equatable {
    public var metric: String
    public var maximize: Bool

    public init(metric: String, maximize: Bool) {
        self.metric = metric
        self.maximize = maximize
    }

    /// Whether `value` is better than `best` (none yet: any finite value is). A non-finite value
    /// never is, so a diverged evaluation cannot become the best checkpoint.
    public func improves(_ value: Double, on best: Double?) -> Bool {
        guard value.isFinite else { return false }
        guard let best else { return true }
        return maximize ? value > best : value < best
    }
}
