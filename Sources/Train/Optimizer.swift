import Torch

/// A set of parameters sharing hyper-parameters (learning rate, weight decay), as PyTorch's
/// `param_groups`. `learningRate` is set by the schedule before each step.
public struct ParameterGroup {
    public var names: [String]
    public var parameters: [Tensor]
    public var learningRate: Double
    public var weightDecay: Double

    public init(names: [String], parameters: [Tensor], learningRate: Double, weightDecay: Double) {
        precondition(names.count == parameters.count, "one name per parameter")
        self.names = names; self.parameters = parameters
        self.learningRate = learningRate; self.weightDecay = weightDecay
    }

    /// Splits named parameters into a decayed group and an undecayed one. With
    /// `excludeBiasAndNorm`, biases and other one-dimensional tensors (normalisation weights)
    /// get no decay; `noDecayNames` adds names (substrings) that get none either.
    public static func split(_ named: [(name: String, tensor: Tensor)], learningRate: Double, weightDecay: Double,
                             excludeBiasAndNorm: Bool = true, noDecayNames: [String] = []) -> [ParameterGroup] {
        var decay = ParameterGroup(names: [], parameters: [], learningRate: learningRate, weightDecay: weightDecay)
        var plain = ParameterGroup(names: [], parameters: [], learningRate: learningRate, weightDecay: 0)
        for (name, tensor) in named {
            let exempt = (excludeBiasAndNorm && (tensor.rank <= 1 || name.hasSuffix(".bias") || name == "bias"))
                || noDecayNames.contains { name.contains($0) }
            if exempt || weightDecay == 0 {
                plain.names.append(name); plain.parameters.append(tensor)
            } else {
                decay.names.append(name); decay.parameters.append(tensor)
            }
        }
        return [decay, plain].filter { !$0.parameters.isEmpty }
    }
}

/// How weight decay enters an update: added to the gradient (L2, `coupled`) or applied to the
/// weights directly as `p *= 1 - lr·wd` (`decoupled`, as AdamW).
public enum WeightDecayMode: String, Sendable, Codable {
    case coupled, decoupled
}

/// An optimizer over parameter groups with per-parameter state. `step()` updates every
/// parameter that has a gradient; parameters without one are left alone (as PyTorch does).
public protocol Optimizer: AnyObject {
    var groups: [ParameterGroup] { get set }
    /// Per-parameter state tensors, keyed by slot name (`momentum_buffer`, `exp_avg` ...),
    /// indexed by (group, parameter).
    var state: [[[String: Tensor]]] { get set }
    /// Per-parameter update counts.
    var stepCounts: [[Int]] { get set }
    /// Updates the parameters from their gradients.
    func step() throws
}

extension Optimizer {
    /// Sets every group's learning rate.
    public func setLearningRate(_ lr: Double) {
        for g in groups.indices { groups[g].learningRate = lr }
    }

    /// Drops the gradients of all parameters.
    public func zeroGrad() {
        for group in groups { for p in group.parameters { p.zeroGrad() } }
    }

    /// Calls `update(group, index, parameter, gradient)` for each parameter that has a gradient,
    /// after counting the step; creates empty state on first use.
    func forEachParameter(_ update: (ParameterGroup, Int, Int, Tensor, Tensor) throws -> Void) throws {
        if state.count != groups.count {
            state = groups.map { [[String: Tensor]](repeating: [:], count: $0.parameters.count) }
            stepCounts = groups.map { [Int](repeating: 0, count: $0.parameters.count) }
        }
        for (g, group) in groups.enumerated() {
            for (i, p) in group.parameters.enumerated() {
                guard let gradient = try p.grad else { continue }
                stepCounts[g][i] += 1
                try update(group, g, i, p, gradient)
            }
        }
    }

    /// The state as named tensors (`<parameter name>.<slot>`) for checkpoints.
    public func stateTensors() -> [(name: String, tensor: Tensor)] {
        var out: [(name: String, tensor: Tensor)] = []
        for (g, group) in groups.enumerated() where g < state.count {
            for (i, name) in group.names.enumerated() {
                for slot in state[g][i].keys.sorted() { out.append(("\(name).\(slot)", state[g][i][slot]!)) }
            }
        }
        return out
    }

    /// Step counts by parameter name, for checkpoints.
    public func stepCountsByName() -> [String: Int] {
        var out: [String: Int] = [:]
        for (g, group) in groups.enumerated() where g < stepCounts.count {
            for (i, name) in group.names.enumerated() { out[name] = stepCounts[g][i] }
        }
        return out
    }

    /// Restores state saved with `stateTensors` and `stepCountsByName`; tensors are cloned and
    /// must have their parameter's shape.
    public func loadState(tensors: [String: Tensor], stepCounts counts: [String: Int]) throws {
        state = groups.map { [[String: Tensor]](repeating: [:], count: $0.parameters.count) }
        stepCounts = groups.map { [Int](repeating: 0, count: $0.parameters.count) }
        for (g, group) in groups.enumerated() {
            for (i, name) in group.names.enumerated() {
                stepCounts[g][i] = counts[name] ?? 0
                for (key, tensor) in tensors where key.hasPrefix(name + ".") {
                    let slot = String(key.dropFirst(name.count + 1))
                    guard !slot.contains(".") else { continue }
                    guard tensor.shape == group.parameters[i].shape else {
                        throw TrainError.stateDictMismatch(
                            "optimizer state '\(key)' has shape \(tensor.shape), the parameter has \(group.parameters[i].shape)")
                    }
                    state[g][i][slot] = try tensor.clone()
                }
            }
        }
    }
}
