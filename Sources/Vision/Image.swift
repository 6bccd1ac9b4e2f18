import CVision
import Foundation

/// An 8-bit image, row-major height x width x channels (1 gray, 3 RGB).
public struct Image: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var channels: Int
    public var pixels: [UInt8]

    /// An image filled with one colour (`fill` has `channels` values, or one value for all).
    public init(width: Int, height: Int, channels: Int = 3, fill: [UInt8] = [0]) {
        precondition(width > 0 && height > 0 && (channels == 1 || channels == 3), "bad image shape")
        self.width = width
        self.height = height
        self.channels = channels
        let colour = fill.count == channels ? fill : Array(repeating: fill.first ?? 0, count: channels)
        var px = [UInt8](repeating: 0, count: width * height * channels)
        if colour.contains(where: { $0 != 0 }) {
            for i in 0..<(width * height) { for k in 0..<channels { px[i * channels + k] = colour[k] } }
        }
        pixels = px
    }

    /// Wraps existing pixels (count must be width * height * channels).
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * channels, "pixel count does not match the shape")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The value at (x, y), channel k.
    public subscript(x: Int, y: Int, k: Int) -> UInt8 {
        get { pixels[(y * width + x) * channels + k] }
        set { pixels[(y * width + x) * channels + k] = newValue }
    }

    /// Decodes a JPEG or PNG file into RGB (or gray with `gray: true`) through OpenCV.
    public static func read(_ url: URL, gray: Bool = false) throws -> Image {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw VisionError.imageIO(path: url.path, reason: "no such readable file; check the path")
        }
        var h: Int32 = 0, w: Int32 = 0, c: Int32 = 0
        guard let buffer = cv_image_read(url.path, gray ? 1 : 3, &h, &w, &c) else {
            throw VisionError.imageIO(path: url.path, reason: nativeMessage())
        }
        defer { cv_free(buffer) }
        let count = Int(h) * Int(w) * Int(c)
        let px = Array(UnsafeBufferPointer(start: buffer, count: count))
        return Image(width: Int(w), height: Int(h), channels: Int(c), pixels: px)
    }

    /// Encodes by the extension (.png lossless, .jpg) through OpenCV.
    public func write(to url: URL) throws {
        let rc = pixels.withUnsafeBufferPointer {
            cv_image_write(url.path, $0.baseAddress, Int32(height), Int32(width), Int32(channels))
        }
        if rc != 0 { throw VisionError.imageIO(path: url.path, reason: nativeMessage()) }
    }

    /// Resized copy (bilinear, or area when shrinking with `area: true`).
    public func resized(width newWidth: Int, height newHeight: Int, area: Bool = false) throws -> Image {
        var out = Image(width: newWidth, height: newHeight, channels: channels)
        try pixels.withUnsafeBufferPointer { src in
            try out.pixels.withUnsafeMutableBufferPointer { dst in
                try check(cv_image_resize(src.baseAddress, Int32(height), Int32(width), Int32(channels),
                                          dst.baseAddress, Int32(newHeight), Int32(newWidth), area ? 2 : 1))
            }
        }
        return out
    }

    /// dst(p) = self(M⁻¹ p) for the affine map M, bilinear, `border` outside.
    public func warpedAffine(_ m: AffineTransform, width newWidth: Int, height newHeight: Int,
                             border: [UInt8] = [0, 0, 0]) throws -> Image {
        var out = Image(width: newWidth, height: newHeight, channels: channels)
        let matrix = [m.a, m.b, m.tx, m.c, m.d, m.ty]
        let fill = Array((border + [0, 0, 0]).prefix(max(channels, 3)))
        try pixels.withUnsafeBufferPointer { src in
            try out.pixels.withUnsafeMutableBufferPointer { dst in
                try check(cv_image_warp_affine(src.baseAddress, Int32(height), Int32(width), Int32(channels),
                                               matrix, dst.baseAddress, Int32(newHeight), Int32(newWidth), fill))
            }
        }
        return out
    }

    /// Calls body with the mutable pixel buffer and the shape, for the native drawing calls.
    mutating func withNative(_ body: (UnsafeMutablePointer<UInt8>, Int32, Int32, Int32) -> Int32) throws {
        let (h, w, c) = (Int32(height), Int32(width), Int32(channels))
        try pixels.withUnsafeMutableBufferPointer { try check(body($0.baseAddress!, h, w, c)) }
    }
}

/// A single-channel float map (probability, threshold, mask), row-major height x width.
public struct FloatMap: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var values: [Float]

    public init(width: Int, height: Int, fill: Float = 0) {
        self.width = width
        self.height = height
        values = [Float](repeating: fill, count: width * height)
    }

    public init(width: Int, height: Int, values: [Float]) {
        precondition(values.count == width * height, "value count does not match the shape")
        self.width = width
        self.height = height
        self.values = values
    }

    public subscript(x: Int, y: Int) -> Float {
        get { values[y * width + x] }
        set { values[y * width + x] = newValue }
    }
}
