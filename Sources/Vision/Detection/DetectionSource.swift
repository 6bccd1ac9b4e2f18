import Foundation

/// Annotated images a detection run trains or evaluates on.
public protocol DetectionSource: Sendable {
    var count: Int { get }
    /// Sample `index`: the RGB image and its text instances.
    func load(_ index: Int) throws -> (image: Image, annotations: [TextInstance])
    /// A name for sample `index` (file names of visualizations).
    func name(_ index: Int) -> String
}

/// Samples held in memory (synthetic sets are generated once per run).
public struct InMemoryDetectionSource: DetectionSource {
    public let samples: [(image: Image, annotations: [TextInstance])]
    public let names: [String]

    public init(samples: [(image: Image, annotations: [TextInstance])], names: [String]) {
        precondition(samples.count == names.count, "one name per sample")
        self.samples = samples
        self.names = names
    }

    /// Samples `range` of the synthetic generator with `options`, rendered on `threads` threads
    /// (one generator, with its own fonts, per thread; samples depend only on seed and index).
    public init(synthetic options: SyntheticTextOptions, words: [String], fontURLs: [URL]?, range: Range<Int>,
                threads: Int = 1) throws {
        let indices = Array(range)
        let slots = SampleSlots<Result<(image: Image, annotations: [TextInstance]), Error>>(count: indices.count)
        let workers = Swift.max(1, Swift.min(threads, indices.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do {
                let generator = try SyntheticTextGenerator(options: options, words: words, fontURLs: fontURLs)
                for position in stride(from: worker, to: indices.count, by: workers) {
                    slots.set(position, Result { try generator.sample(indices[position]) })
                }
            } catch {
                for position in stride(from: worker, to: indices.count, by: workers) { slots.set(position, .failure(error)) }
            }
        }
        samples = try slots.values().map { try $0.get() }
        names = indices.map { "img_\($0)" }
    }

    public var count: Int { samples.count }
    public func load(_ index: Int) throws -> (image: Image, annotations: [TextInstance]) { samples[index] }
    public func name(_ index: Int) -> String { names[index] }
}

extension ICDARDataset: DetectionSource {
    public func name(_ index: Int) -> String { names[index] }
}

/// Results written by several threads into distinct slots.
final class SampleSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
