import Foundation
import Torch

/// What a pretrained load did: tensors copied, and the ones skipped with the reason.
public struct PretrainedReport: Sendable, Equatable {
    public var loaded: [String]
    /// (model tensor name, reason), e.g. ("fc.weight", "shape [10, 512] in file, [4, 512] in model").
    public var skipped: [Skipped]

    public struct Skipped: Sendable, Equatable {
        public var name: String
        public var reason: String
        public init(name: String, reason: String) { self.name = name; self.reason = reason }
    }

    /// One line per skipped tensor, for logs.
    public var summary: String {
        (["pretrained: loaded \(loaded.count) tensors, skipped \(skipped.count)"]
            + skipped.map { "  skipped \($0.name): \($0.reason)" }).joined(separator: "\n")
    }
}

/// Initialises a model from a safetensors file: tensors whose names and shapes match are
/// copied; the rest are skipped and reported. An Ablate checkpoint's `ema_net.*` (preferred)
/// or `net.*` tensors are used when present, else the file's names as they are.
public enum Pretrained {
    public static func load(into model: any Module, from url: URL, exclude: [String] = []) throws -> PretrainedReport {
        let contents: SafeTensors.Contents
        do { contents = try SafeTensors.read(url) } catch let error as TorchError {
            throw TrainError.checkpoint(path: url.path, reason: error.localizedDescription)
        }
        let prefix = contents.tensors.contains { $0.name.hasPrefix("ema_net.") } ? "ema_net."
            : contents.tensors.contains { $0.name.hasPrefix("net.") } ? "net." : ""
        var source: [String: Tensor] = [:]
        for (name, tensor) in contents.tensors where name.hasPrefix(prefix) { source[String(name.dropFirst(prefix.count))] = tensor }
        var report = PretrainedReport(loaded: [], skipped: [])
        for (name, tensor) in model.stateDict() {
            if let pattern = exclude.first(where: { fnmatch($0, name, 0) == 0 || name.hasPrefix($0 + ".") }) {
                report.skipped.append(.init(name: name, reason: "excluded by pattern '\(pattern)'"))
            } else if let value = source[name] {
                if value.shape == tensor.shape {
                    try tensor.copy_(value)
                    report.loaded.append(name)
                } else {
                    report.skipped.append(.init(name: name, reason: "shape \(value.shape) in file, \(tensor.shape) in model"))
                }
            } else {
                report.skipped.append(.init(name: name, reason: "not in file"))
            }
        }
        return report
    }
}
