import CTorch
import Foundation

/// An error from libtorch or from the Torch layer's own checks.
public enum TorchError: Error, LocalizedError, Equatable {
    /// libtorch rejected an operation; `message` is libtorch's own text.
    case libtorch(operation: String, message: String)
    /// A tensor's element type does not fit the requested Swift type.
    case dtypeMismatch(expected: DType, actual: DType)
    /// A safetensors file could not be read or written.
    case safetensors(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .libtorch(operation, message):
            return "libtorch error in \(operation): \(message)"
        case let .dtypeMismatch(expected, actual):
            return "Tensor has element type \(actual), expected \(expected); convert it with .to(.\(expected)) first."
        case let .safetensors(path, reason):
            return "Could not use safetensors file '\(path)': \(reason)"
        }
    }

    /// The error libtorch reported last on this thread, with its first line only.
    static func last(_ operation: String) -> TorchError {
        let text = ct_last_error().map { String(cString: $0) } ?? "unknown error"
        let firstLine = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
        return .libtorch(operation: operation, message: firstLine)
    }
}

/// Wraps a C result that owns a new tensor, or throws libtorch's error.
@inline(__always)
func check(_ pointer: OpaquePointer?, _ operation: @autoclosure () -> String) throws -> Tensor {
    guard let pointer else { throw TorchError.last(operation()) }
    return Tensor(owning: pointer)
}

/// Throws libtorch's error when a C status is not zero.
@inline(__always)
func check(_ status: Int32, _ operation: @autoclosure () -> String) throws {
    if status != 0 { throw TorchError.last(operation()) }
}
