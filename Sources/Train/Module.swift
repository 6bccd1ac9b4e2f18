import Torch

/// A network part with named parameters, buffers and child modules, as PyTorch's `nn.Module`.
///
/// Names join with dots into state-dict names (`layer1.0.conv1.weight`), in PyTorch's order:
/// a module's own parameters, then its own buffers, then each child's in turn.
public protocol Module: AnyObject {
    /// This module's own trainable tensors, in registration order.
    var ownParameters: [(name: String, tensor: Tensor)] { get }
    /// This module's own non-trainable state (BN running statistics ...).
    var ownBuffers: [(name: String, tensor: Tensor)] { get }
    /// Direct sub-modules, in registration order.
    var children: [(name: String, module: any Module)] { get }
    /// Whether the module is in training mode (batch statistics, dropout) or eval mode.
    var isTraining: Bool { get set }
    /// Applies the module.
    func forward(_ x: Tensor) throws -> Tensor
}

extension Module {
    public var ownParameters: [(name: String, tensor: Tensor)] { [] }
    public var ownBuffers: [(name: String, tensor: Tensor)] { [] }
    public var children: [(name: String, module: any Module)] { [] }

    /// Applies the module (`model(x)`).
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try forward(x) }

    /// Every parameter with its dotted name.
    public func namedParameters(prefix: String = "") -> [(name: String, tensor: Tensor)] {
        var out = ownParameters.map { (prefix + $0.name, $0.tensor) }
        for (name, child) in children { out += child.namedParameters(prefix: prefix + name + ".") }
        return out
    }

    /// Every buffer with its dotted name.
    public func namedBuffers(prefix: String = "") -> [(name: String, tensor: Tensor)] {
        var out = ownBuffers.map { (prefix + $0.name, $0.tensor) }
        for (name, child) in children { out += child.namedBuffers(prefix: prefix + name + ".") }
        return out
    }

    /// All parameters.
    public var parameters: [Tensor] { namedParameters().map(\.tensor) }

    /// Parameters and buffers by dotted name, in PyTorch's `state_dict` order.
    public func stateDict(prefix: String = "") -> [(name: String, tensor: Tensor)] {
        var out = ownParameters.map { (prefix + $0.name, $0.tensor) } + ownBuffers.map { (prefix + $0.name, $0.tensor) }
        for (name, child) in children { out += child.stateDict(prefix: prefix + name + ".") }
        return out
    }

    /// Sets training or eval mode on this module and all its descendants.
    public func train(_ on: Bool = true) {
        isTraining = on
        for (_, child) in children { child.train(on) }
    }

    /// Sets eval mode on this module and all its descendants.
    public func eval() { train(false) }

    /// Drops every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// Copies values from `state` into this module's tensors (in place, so optimizers keep
    /// their references). Every name must be present with the same shape.
    public func loadStateDict(_ state: [String: Tensor]) throws {
        for (name, tensor) in stateDict() {
            guard let source = state[name] else { throw TrainError.stateDictMismatch("missing tensor '\(name)'") }
            guard source.shape == tensor.shape else {
                throw TrainError.stateDictMismatch("tensor '\(name)' has shape \(source.shape), the model expects \(tensor.shape)")
            }
            try tensor.copy_(source)
        }
    }
}

/// A new parameter tensor (float32, requiring gradients).
func parameter(_ shape: [Int]) throws -> Tensor {
    try Tensor.zeros(shape).requiringGrad()
}
