import Foundation

/// The safetensors file format: an 8-byte little-endian header length, a JSON header
/// (`{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}`)
/// padded with spaces to 8 bytes, then the raw little-endian tensor data.
public enum SafeTensors {
    /// The tensors of a file in file order, plus its string metadata.
    public struct Contents {
        public var tensors: [(name: String, tensor: Tensor)]
        public var metadata: [String: String]

        /// The tensor named `name`, if present.
        public subscript(name: String) -> Tensor? { tensors.first { $0.name == name }?.tensor }
    }

    /// The file's bytes for `tensors` (in the order given) and `metadata`.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        var blobs: [[UInt8]] = []
        var offset = 0
        for (name, tensor) in tensors {
            guard name != "__metadata__", header[name] == nil else {
                throw TorchError.safetensors(path: "(encoding)", reason: "duplicate or reserved tensor name '\(name)'")
            }
            let bytes = try tensor.rawBytes()
            header[name] = [
                "dtype": tensor.dtype.safetensorsName, "shape": tensor.shape,
                "data_offsets": [offset, offset + bytes.count],
            ] as [String: Any]
            offset += bytes.count
            blobs.append(bytes)
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        let padding = (8 - json.count % 8) % 8
        json.append(contentsOf: [UInt8](repeating: 0x20, count: padding))
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for blob in blobs { data.append(contentsOf: blob) }
        return data
    }

    /// Writes a safetensors file (not atomically; see `Checkpoint` for atomic writes).
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to url: URL) throws {
        let data = try encode(tensors, metadata: metadata)
        do { try data.write(to: url) } catch {
            throw TorchError.safetensors(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Reads a safetensors file.
    public static func read(_ url: URL) throws -> Contents {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            throw TorchError.safetensors(path: url.path, reason: "no such file; check the path")
        }
        if isDirectory.boolValue {
            let inside = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
                .filter { $0.hasSuffix(".ckpt") || $0.hasSuffix(".safetensors") }.sorted()
            let hint = inside.isEmpty ? "give the path of a checkpoint file"
                : "give one of the files in it (\(inside.prefix(3).map { url.appendingPathComponent($0).path }.joined(separator: ", ")))"
            throw TorchError.safetensors(path: url.path, reason: "it is a directory, not a file; \(hint)")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            let reason = FileManager.default.isReadableFile(atPath: url.path) ? error.localizedDescription : "permission denied"
            throw TorchError.safetensors(path: url.path, reason: "cannot read it (\(reason))")
        }
        return try decode(data, path: url.path)
    }

    /// Decodes a safetensors file's bytes; `path` names it in errors.
    public static func decode(_ data: Data, path: String) throws -> Contents {
        func fail(_ reason: String) -> TorchError { .safetensors(path: path, reason: reason) }
        guard data.count >= 8 else { throw fail("file is \(data.count) bytes, too short for a header") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw fail("header length \(headerLength) exceeds the file size \(data.count); the file is truncated or not safetensors")
        }
        let headerEnd = 8 + Int(headerLength)
        let headerData = data.subdata(in: 8..<headerEnd)
        guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        let metadata = header["__metadata__"] as? [String: String] ?? [:]
        var entries: [(name: String, begin: Int, end: Int, dtype: DType, shape: [Int])] = []
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtypeName = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw fail("entry '\(name)' lacks dtype, shape or data_offsets") }
            guard let dtype = DType(safetensorsName: dtypeName) else { throw fail("entry '\(name)' has unsupported dtype \(dtypeName)") }
            let expected = shape.reduce(1, *) * dtype.byteSize
            guard offsets[0] >= 0, offsets[1] - offsets[0] == expected, headerEnd + offsets[1] <= data.count else {
                throw fail("entry '\(name)' has data_offsets \(offsets) that do not fit shape \(shape) \(dtypeName) or the file size")
            }
            entries.append((name, offsets[0], offsets[1], dtype, shape))
        }
        entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
        let tensors: [(name: String, tensor: Tensor)] = try data.withUnsafeBytes { raw in
            try entries.map { entry in
                let slice = UnsafeRawBufferPointer(rebasing: raw[(headerEnd + entry.begin)..<(headerEnd + entry.end)])
                return (entry.name, try Tensor(bytes: slice, shape: entry.shape, dtype: entry.dtype))
            }
        }
        return Contents(tensors: tensors, metadata: metadata)
    }
}
