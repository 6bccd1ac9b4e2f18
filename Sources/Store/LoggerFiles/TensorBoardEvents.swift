import Foundation
import SwiftProtobuf

/// Scalars of TensorBoard event files: TFRecord records, each an `Event` protobuf whose
/// `summary` holds tagged values. A scalar is either a `simple_value` (PyTorch's
/// SummaryWriter, tensorboardX) or, as TensorFlow 2 writes it, a `tensor` of dtype float or
/// double and scalar shape whose metadata names the "scalars" plugin (TensorFlow writes that
/// metadata with a tag's first value only). Other summaries (images, histograms, text) are
/// not metrics and are passed over.
enum TensorBoardEvents {
    /// Reads the complete records of `bytes`, the file's content from byte `start` on. A torn
    /// last record is left for the next read, unless `runIsOver`: then the writer will not
    /// finish it, and it is reported.
    static func read(_ bytes: [UInt8], start: Int64, recordsBefore: Int, runIsOver: Bool = false) -> LoggerPoints {
        let framing = TFRecordFraming(bytes: bytes, start: start)
        var result = LoggerPoints()
        result.consumedBytes = framing.consumed
        result.consumedRecords = framing.records.count
        result.skipped = framing.corruptions.map { ($0.offset, "corrupt record at byte offset \($0.offset): \($0.reason)") }
        if runIsOver, !framing.stoppedAtCorruptLength, framing.consumed < bytes.count {
            let offset = start + Int64(framing.consumed)
            result.skipped.append((offset, "torn record at byte offset \(offset): the file ends inside it and the run is over; record skipped"))
        }
        for (index, record) in framing.records.enumerated() {
            let number = recordsBefore + index + 1
            let event: Tensorboard_Event
            do {
                event = try Tensorboard_Event(serializedBytes: Array(record.data))
            } catch {
                result.skipped.append((record.offset, "corrupt record at byte offset \(record.offset): not an Event protobuf; record skipped"))
                continue
            }
            guard case .summary(let summary)? = event.what else { continue }
            for value in summary.value {
                guard let scalar = scalar(value) else { continue }
                result.points.append(.init(record: number, name: value.tag, step: event.step, epoch: nil,
                                           value: scalar, time: event.wallTime))
            }
        }
        return result
    }

    /// The value's scalar, or nil when it is not a scalar summary.
    static func scalar(_ value: Tensorboard_Summary.Value) -> Double? {
        switch value.value {
        case .simpleValue(let number):
            return Double(number)
        case .tensor(let tensor):
            let plugin = value.metadata.pluginData.pluginName
            guard plugin == "scalars" || plugin.isEmpty, tensor.tensorShape.dim.allSatisfy({ $0.size == 1 }) else { return nil }
            return scalar(tensor)
        case nil:
            return nil
        }
    }

    private static func scalar(_ tensor: Tensorboard_TensorProto) -> Double? {
        let content = [UInt8](tensor.tensorContent)
        switch tensor.dtype {
        case .dtFloat:
            if let first = tensor.floatVal.first { return Double(first) }
            guard content.count == 4 else { return nil }
            return Double(Float(bitPattern: littleEndian(content)))
        case .dtDouble:
            if let first = tensor.doubleVal.first { return first }
            guard content.count == 8 else { return nil }
            return Double(bitPattern: littleEndian(content))
        default:
            return nil
        }
    }

    private static func littleEndian<T: FixedWidthInteger>(_ bytes: [UInt8]) -> T {
        bytes.reversed().reduce(T.zero) { $0 << 8 | T($1) }
    }
}
