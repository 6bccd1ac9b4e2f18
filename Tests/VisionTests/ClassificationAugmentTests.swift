import Config
import Foundation
import Testing
import TestSupport
import Torch
import Train
@testable import Vision

/// The classification augmentations: each operation's application checked pixel for pixel
/// against torchvision (or, for GridMask, its authors' mask construction) on Ablate's recorded
/// draws; the draws themselves checked statistically against torchvision's `get_params`,
/// PaddleClas's crop draw and numpy's beta; Mixup/CutMix soft targets against torch's cross
/// entropy with probabilities and label smoothing.
@Suite("Classification augmentation")
struct ClassificationAugmentTests {
    static func image(_ shape: ImageShape, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        return (0..<shape.count).map { _ in UInt8(random.int(0...255)) }
    }

    static func floats(_ shape: ImageShape, count: Int = 1, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        return (0..<(shape.count * count)).map { _ in Float(random.uniform(-2, 2)) }
    }

    static func reference(cases: [[String: Any]] = [], stats: [[String: Any]] = []) throws -> (outputs: [[Double]], stats: [[String: Any]]) {
        let input = try JSONSerialization.data(withJSONObject: ["cases": cases, "stats": stats])
        let out = try ReferencePython.run("augment_reference.py", input: input)
        let answer = try #require(try JSONSerialization.jsonObject(with: out) as? [String: Any])
        let outputs = try #require(answer["outputs"] as? [[Double]])
        let statistics = try #require(answer["stats"] as? [[String: Any]])
        return (outputs, statistics)
    }

    static let quantiles = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]

    /// numpy's default ("linear") quantiles.
    static func quantiles(_ values: [Double]) -> [Double] {
        let sorted = values.sorted()
        return quantiles.map { q in
            let position = q * Double(sorted.count - 1), low = Int(position)
            let high = Swift.min(low + 1, sorted.count - 1)
            return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
        }
    }

    static func expectClose(_ ours: [Double], _ theirs: Any?, tolerance: Double, _ what: String) throws {
        let reference = try #require(theirs as? [Double], "\(what): no reference quantiles")
        try #require(reference.count == ours.count, "\(what): \(reference.count) reference quantiles")
        for (q, (a, b)) in zip(quantiles, zip(ours, reference)) {
            #expect(abs(a - b) <= tolerance, "\(what) quantile \(q): Ablate \(a), reference \(b)")
        }
    }

    // MARK: Applying recorded draws, against torchvision

    @Test("random resized crop and flip: Ablate's crops resized as torchvision's resized_crop (bilinear) within one level",
          .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func resizedCropPixels() throws {
        var cases: [[String: Any]] = [], ours: [[UInt8]] = []
        var random = SeededRandom(seed: 3)
        for (k, shape) in [ImageShape(channels: 1, height: 28, width: 28), ImageShape(channels: 3, height: 20, width: 32),
                           ImageShape(channels: 3, height: 32, width: 24)].enumerated() {
            for semantics in RandomResizedCrop.Semantics.allCases {
                var augment = ClassificationAugment()
                augment.crop = .resized
                augment.resizedCrop.semantics = semantics
                for i in 0..<8 {
                    let source = Self.image(shape, seed: UInt64(100 * k + i))
                    let draw = augment.sample(shape, using: &random)
                    var output = [UInt8](repeating: 0, count: shape.count)
                    source.withUnsafeBufferPointer { s in
                        output.withUnsafeMutableBufferPointer { augment.applyToBytes(draw, source: s, shape: shape, output: $0) }
                    }
                    let box = try #require(draw.resized)
                    ours.append(output)
                    cases.append(["op": "resized_crop", "shape": [shape.channels, shape.height, shape.width], "image": source.map(Int.init),
                                  "box": [box.top, box.left, box.height, box.width], "flip": draw.flip])
                }
            }
        }
        let reference = try Self.reference(cases: cases).outputs
        try #require(reference.count == cases.count && reference.map(\.count) == ours.map(\.count), "the reference answered every case in full")
        for (i, (mine, theirs)) in zip(ours, reference).enumerated() {
            let worst = zip(mine, theirs).map { abs(Double($0) - $1) }.max() ?? 0
            let box = String(describing: cases[i]["box"] ?? "")
            #expect(worst <= 1, "case \(i) (\(box)): differs by \(worst) levels")
        }
    }

    @Test("Cutout, Random Erasing (zero and random fill) and Hide-and-Seek erase exactly what torchvision's erase does with their boxes",
          .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func erasingPixels() throws {
        let shape = ImageShape(channels: 3, height: 28, width: 24)
        var augment = ClassificationAugment()
        augment.cropFlip = CropFlip(padding: 0, flipProbability: 0)
        augment.cutout = Cutout(probability: 1, length: 10, holes: 2)
        augment.erasing = RandomErasing(probability: 1)
        augment.hideAndSeek = HideAndSeek(probability: 1, gridSizes: [4, 7, 8])
        var random = SeededRandom(seed: 9)
        var cases: [[String: Any]] = [], ours: [[Float]] = []
        for i in 0..<24 {
            augment.erasing.fill = i % 2 == 0 ? .zero : .random
            let draw = augment.sample(shape, using: &random)
            // Ablate's order: Cutout's holes, the erased box, the hidden squares; each box's fill
            // values (empty: zeros) for the reference to fill in the same order.
            var boxes = draw.cutout.map { ($0, [Float]()) }
            if let e = draw.erasing { boxes.append((e.box, e.values?.flatMap { $0 } ?? [])) }
            boxes += draw.hidden.map { ($0, [Float]()) }
            var image = Self.floats(shape, seed: UInt64(i))
            let input = image
            image.withUnsafeMutableBufferPointer { augment.applyErasing(draw, to: $0, shape: shape) }
            ours.append(image)
            cases.append(["op": "erase", "shape": [shape.channels, shape.height, shape.width], "image": input.map(Double.init),
                          "boxes": boxes.map { [$0.0.top, $0.0.left, $0.0.height, $0.0.width] },
                          "values": boxes.map { $0.1.map(Double.init) }])
        }
        let reference = try Self.reference(cases: cases).outputs
        try #require(reference.count == cases.count && reference.map(\.count) == ours.map(\.count), "the reference answered every case in full")
        for (i, (mine, theirs)) in zip(ours, reference).enumerated() {
            let worst = zip(mine, theirs).map { abs(Double($0) - $1) }.max() ?? 0
            #expect(worst < 1e-6, "case \(i): differs by \(worst)")
        }
    }

    @Test("GridMask drops what its authors' mask drops, in both modes and on non-square images",
          .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func gridMaskPixels() throws {
        var random = SeededRandom(seed: 21)
        var cases: [[String: Any]] = [], ours: [[Float]] = []
        for (i, shape) in [ImageShape(channels: 1, height: 28, width: 28), ImageShape(channels: 3, height: 24, width: 36)].enumerated() {
            for mode in [0, 1] {
                for ratio in [0.3, 0.5, 0.6] {
                    let grid = GridMask(probability: 1, dMin: 5, dMax: 20, ratio: ratio, mode: mode)
                    let p = try #require(grid.sample(height: shape.height, width: shape.width, using: &random))
                    var image = Self.floats(shape, seed: UInt64(cases.count))
                    let input = image
                    image.withUnsafeMutableBufferPointer { grid.apply(p, to: $0, shape: shape) }
                    ours.append(image)
                    cases.append(["op": "gridmask", "shape": [shape.channels, shape.height, shape.width], "image": input.map(Double.init),
                                  "d": p.d, "start_y": p.startY, "start_x": p.startX, "ratio": ratio, "mode": mode, "case": i])
                }
            }
        }
        let reference = try Self.reference(cases: cases).outputs
        try #require(reference.count == cases.count && reference.map(\.count) == ours.map(\.count), "the reference answered every case in full")
        for (i, (mine, theirs)) in zip(ours, reference).enumerated() {
            let differing = zip(mine, theirs).filter { abs(Double($0) - $1) > 1e-6 }.count
            #expect(differing == 0, "case \(i): \(differing) pixels differ")
        }
    }

    @Test("Mixup and CutMix mix images as tensor indexing does; their soft-target loss equals torch's cross entropy with probabilities and label smoothing",
          .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func batchOperations() throws {
        let shape = ImageShape(channels: 2, height: 12, width: 10), n = 6, classes = 5
        var random = SeededRandom(seed: 5)
        var cases: [[String: Any]] = [], ours: [[Double]] = []
        let labels = (0..<n).map { _ in random.int(0...(classes - 1)) }
        for (i, smoothing) in [0.0, 0.1, 0.0, 0.2].enumerated() {
            let draw: ClassificationAugment.BatchDraw = i % 2 == 0
                ? .mixup(Mixup(alpha: 0.4).sample(batch: n, using: &random))
                : .cutmix(CutMix(alpha: 1).sample(batch: n, height: shape.height, width: shape.width, using: &random))
            var images = Self.floats(shape, count: n, seed: UInt64(i))
            let input = images
            ClassificationAugment.apply(draw, to: &images, shape: shape)
            ours.append(images.map(Double.init))
            var c: [String: Any] = ["shape": [shape.channels, shape.height, shape.width], "images": input.map(Double.init),
                                    "perm": draw.permutation, "lambda": draw.lambda]
            switch draw {
            case .mixup: c["op"] = "mixup"
            case let .cutmix(p):
                c["op"] = "cutmix"
                c["box"] = [p.box.top, p.box.left, p.box.height, p.box.width]
                #expect(abs(p.lambda - (1 - Double(p.box.area) / Double(shape.plane))) < 1e-12)
            }
            cases.append(c)
            // The loss on soft targets.
            let logits = (0..<(n * classes)).map { _ in Float(random.uniform(-3, 3)) }
            let targets = mixedTargets(labels: labels, classes: classes, lambda: draw.lambda, permutation: draw.permutation,
                                       smoothing: smoothing)
            for row in 0..<n { #expect(abs(targets[(row * classes)..<((row + 1) * classes)].reduce(0, +) - 1) < 1e-6) }
            let loss = try Tensor(logits, shape: [n, classes]).crossEntropy(probabilities: try Tensor(targets, shape: [n, classes]))
            ours.append([try loss.item()])
            cases.append(["op": "soft_loss", "n": n, "k": classes, "logits": logits.map(Double.init), "labels": labels,
                          "perm": draw.permutation, "lambda": draw.lambda, "smoothing": smoothing])
        }
        let reference = try Self.reference(cases: cases).outputs
        try #require(reference.count == cases.count && reference.map(\.count) == ours.map(\.count), "the reference answered every case in full")
        for (i, (mine, theirs)) in zip(ours, reference).enumerated() {
            let worst = zip(mine, theirs).map { abs($0 - $1) }.max() ?? 0
            let op = String(describing: cases[i]["op"] ?? "")
            #expect(worst < 1e-5, "case \(i) (\(op)): differs by \(worst)")
        }
    }

    // MARK: The draws, statistically

    @Test("crop draws follow torchvision's RandomResizedCrop.get_params and PaddleClas's single draw (area and log-aspect quantiles)",
          .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func cropDraws() throws {
        let n = 20_000, side = 224
        var specs: [[String: Any]] = [], ours: [(area: [Double], aspect: [Double])] = []
        for (semantics, scale) in [(RandomResizedCrop.Semantics.torchvision, 0.08...1.0), (.torchvision, 0.2...1.0),
                                   (.paddleclas, 0.08...1.0), (.paddleclas, 0.2...1.0)] {
            let crop = RandomResizedCrop(scale: scale, semantics: semantics)
            var random = SeededRandom(seed: 77)
            var area: [Double] = [], aspect: [Double] = []
            for _ in 0..<n {
                let box = crop.sample(height: side, width: side, using: &random)
                #expect(box.top >= 0 && box.left >= 0 && box.top + box.height <= side && box.left + box.width <= side)
                area.append(Double(box.area) / Double(side * side))
                aspect.append(log(Double(box.width) / Double(box.height)))
            }
            ours.append((Self.quantiles(area), Self.quantiles(aspect)))
            specs.append(["kind": "resized_crop", "semantics": semantics.rawValue, "scale": [scale.lowerBound, scale.upperBound],
                          "ratio": [3.0 / 4, 4.0 / 3], "height": side, "width": side, "n": n, "seed": 1])
        }
        let stats = try Self.reference(stats: specs).stats
        try #require(stats.count == specs.count)
        for (i, (mine, theirs)) in zip(ours, stats).enumerated() {
            let name = "crop \(String(describing: specs[i]["semantics"] ?? "")) \(String(describing: specs[i]["scale"] ?? ""))"
            try Self.expectClose(mine.area, theirs["area"], tolerance: 0.015, name + " area")
            try Self.expectClose(mine.aspect, theirs["log_aspect"], tolerance: 0.02, name + " log aspect")
        }
    }

    @Test("Random Erasing's boxes follow torchvision's get_params; Mixup/CutMix weights follow numpy's beta",
          .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func erasingAndBetaDraws() throws {
        let n = 20_000, shape = ImageShape(channels: 1, height: 224, width: 224)
        let erasing = RandomErasing(probability: 1)
        var random = SeededRandom(seed: 31)
        var area: [Double] = [], aspect: [Double] = []
        for _ in 0..<n {
            guard let p = erasing.sample(shape, using: &random) else { continue }
            area.append(Double(p.box.area) / Double(shape.plane))
            aspect.append(log(Double(p.box.height) / Double(p.box.width)))
        }
        var betas: [[Double]] = []
        for alpha in [0.2, 1.0] {
            var r = SeededRandom(seed: 41)
            betas.append(Self.quantiles((0..<n).map { _ in r.beta(alpha, alpha) }))
        }
        let stats = try Self.reference(stats: [
            ["kind": "erasing", "scale": [0.02, 1.0 / 3], "ratio": [0.3, 3.3], "height": 224, "width": 224, "n": n, "seed": 2],
            ["kind": "beta", "alpha": 0.2, "n": n, "seed": 3], ["kind": "beta", "alpha": 1.0, "n": n, "seed": 3],
        ]).stats
        try #require(stats.count == 3)
        try Self.expectClose(Self.quantiles(area), stats[0]["area"], tolerance: 0.01, "erasing area")
        try Self.expectClose(Self.quantiles(aspect), stats[0]["log_aspect"], tolerance: 0.04, "erasing log aspect")
        let found = try #require(stats[0]["found"] as? Double)
        #expect(abs(Double(area.count) / Double(n) - found) < 0.01, "boxes found: Ablate \(area.count) of \(n), torchvision \(found)")
        try Self.expectClose(betas[0], stats[1]["beta"], tolerance: 0.02, "beta(0.2, 0.2)")
        try Self.expectClose(betas[1], stats[2]["beta"], tolerance: 0.02, "beta(1, 1)")
    }

    @Test("each operation fires at its probability; an operation that is off draws nothing, so it leaves the others' draws unchanged")
    func rates() {
        let shape = ImageShape(channels: 1, height: 28, width: 28), n = 10_000
        var augment = ClassificationAugment()
        augment.cutout.probability = 0.3
        augment.erasing.probability = 0.5
        augment.hideAndSeek = HideAndSeek(probability: 0.4, gridSizes: [7], hide: 0.5)
        augment.gridMask.probability = 0.8
        var random = SeededRandom(seed: 1)
        var counts = [0, 0, 0, 0], hiddenCells = 0
        for _ in 0..<n {
            let d = augment.sample(shape, using: &random)
            if !d.cutout.isEmpty { counts[0] += 1 }
            if d.erasing != nil { counts[1] += 1 }
            if !d.hidden.isEmpty { counts[2] += 1 }
            if d.grid != nil { counts[3] += 1 }
            hiddenCells += d.hidden.count
        }
        // Binomial standard deviations are at most 50 here; erasing finds a box in nearly every try at 28 px.
        #expect(abs(counts[0] - 3000) < 200 && abs(counts[3] - 8000) < 200, "\(counts)")
        #expect(abs(counts[1] - 5000) < 250, "\(counts)")
        // Hide-and-Seek fires at 0.4 and hides half of its 16 squares: 0.4 x 8 = 3.2 per image
        // (an image that fires but hides nothing is not counted as fired).
        #expect(abs(Double(hiddenCells) / Double(n) - 3.2) < 0.1, "\(hiddenCells)")
        // Off operations draw nothing: the crop draws are the baseline's.
        var base = SeededRandom(seed: 4), off = SeededRandom(seed: 4)
        let baseline = ClassificationAugment()
        for _ in 0..<100 {
            #expect(baseline.sample(shape, using: &base).padded == CropFlip(padding: 4, flipProbability: 0.5).sample(using: &off))
        }
    }

    @Test("data.augment is read strictly: a typo, a probability above 1 or a reversed range is a one-line error naming the key",
          arguments: [
              ("cutout: {p: 0.5, lenght: 3}", "data.augment.cutout.lenght"),
              ("random_erasing: {p: 1.5}", "data.augment.random_erasing.p"),
              ("resized_crop: {scale: [0.9, 0.1]}", "data.augment.resized_crop.scale"),
              ("crop: sideways", "data.augment.crop"),
              ("grid_mask: {d_min: 30, d_max: 20}", "data.augment.grid_mask.d_min"),
              ("mixup: {alpha: -1}", "data.augment.mixup.alpha"),
              ("hide_and_seek: {grid_sizes: [2.5]}", "data.augment.hide_and_seek.grid_sizes"),
              ("rand_augment: {enabled: true, magnitude: 40}", "data.augment.rand_augment.magnitude"),
              ("auto_augment: {policy: cifar10}", "data.augment.auto_augment.policy"),
          ])
    func strictConfig(yaml: String, key: String) throws {
        var config = try fashionMNISTConfig()
        config.merge(try ConfigValue(yaml: "data:\n  augment:\n    " + yaml + "\n"))
        do {
            _ = try ClassificationConfig(config)
            Issue.record("accepted \(yaml)")
        } catch let error as TrainError {
            #expect("\(error)".contains(key), "\(error)")
        }
    }

    static func everythingConfig(_ root: URL, workers: Int) throws -> ConfigValue {
        try ImageFolderTests.folderConfig(root, test: false, extra: """
            seed: 2
            data:
              num_workers: \(workers)
              augment:
                crop: resized
                resized_crop: {scale: [0.5, 1.0]}
                auto_augment: {p: 0.5}
                rand_augment: {enabled: true, magnitude_std: 0.5, p: 0.5}
                cutout: {p: 0.3, length: 4}
                random_erasing: {p: 0.3, fill: random}
                hide_and_seek: {p: 0.3, grid_sizes: [0, 4]}
                grid_mask: {p: 0.3, d_min: 6, d_max: 12}
                mixup: {alpha: 0.2}
                cutmix: {alpha: 0.2}
            train:
              label_smoothing: 0.1
            """)
    }

    @Test("training with every augmentation on learns; data.num_workers prepares the same batches ahead, so results are bit-identical")
    func trainsWithEverything() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try ImageFolderTests.writeSet(root.appendingPathComponent("train"), perClass: 48, seed: 20)
        try ImageFolderTests.writeSet(root.appendingPathComponent("val"), perClass: 16, seed: 21)
        var metrics: [[String: Double]] = []
        for workers in [0, 2] {
            let dir = root.appendingPathComponent("run\(workers)")
            let summary = try ClassificationTask.run(runDirectory: dir, config: try Self.everythingConfig(root, workers: workers))
            // Timings aside, every metric.
            metrics.append(summary.metrics.filter { !["samples_per_s", "epoch_time_s"].contains($0.key) })
            let log = try String(contentsOf: dir.appendingPathComponent("logs/train.log"), encoding: .utf8)
            #expect(log.contains("random resized crop") && log.contains("mixup alpha 0.2") && log.contains("gridmask p 0.3")
                    && log.contains("autoaugment") && log.contains("randaugment 2 layers"), "\(log)")
            #expect(log.contains("2 workers prepare training batches ahead") == (workers == 2))
        }
        #expect(metrics[0]["val/top1"]! > 0.6, "\(metrics[0])")
        #expect(metrics[0] == metrics[1], "with workers: \(metrics[1]); without: \(metrics[0])")
    }

    @Test("the prefetcher hands batches back in the epoch's order, abandons a restarted epoch, and declines batches out of order")
    func prefetcherOrder() {
        let prefetcher = BatchPrefetcher<[Int]>(workers: 3, window: 2) { indices, seed in
            usleep(UInt32((indices.first ?? 0) % 3) * 1000)
            return indices.map { $0 + Int(seed) }
        }
        let batches = (0..<20).map { [$0 * 2, $0 * 2 + 1] }
        prefetcher.start(batches: batches, seed: 100)
        for batch in batches.prefix(5) { #expect(prefetcher.take(batch) == batch.map { $0 + 100 }) }
        // A new epoch before the last one ended.
        prefetcher.start(batches: batches.reversed(), seed: 7)
        #expect(prefetcher.take([0, 1]) == nil, "not the next batch of the new epoch")
        for batch in batches.reversed() { #expect(prefetcher.take(batch) == batch.map { $0 + 7 }) }
        #expect(prefetcher.take([0, 1]) == nil, "the epoch is over")
    }

    // MARK: AutoAugment and RandAugment

    @Test("each AutoAugment/RandAugment operation matches torchvision's _apply_op: colour within one level, resampling nearly everywhere",
          .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func operationPixels() throws {
        var cases: [[String: Any]] = [], ours: [[UInt8]] = [], operations: [PixelOperation] = []
        for (k, shape) in [ImageShape(channels: 1, height: 28, width: 28), ImageShape(channels: 3, height: 20, width: 26)].enumerated() {
            for (o, operation) in PixelOperation.allCases.enumerated() {
                for (j, level) in [2.0, 9.0, 17.0, 30.0].enumerated() {
                    var magnitude = operation.magnitude(level: level, bins: 31, shape: shape) ?? 0
                    if operation.isSigned && j % 2 == 1 { magnitude = -magnitude }
                    // A smooth image with some structure, so geometry and histograms matter.
                    var random = SeededRandom(seed: UInt64(1000 * k + 10 * o + j))
                    let source: [UInt8] = (0..<shape.count).map { i in
                        let x = i % shape.width, y = (i / shape.width) % shape.height
                        return UInt8(Swift.min(255, 40 + 6 * x + 3 * y + random.int(0...30)))
                    }
                    var image = source
                    operation.apply(magnitude, to: &image, shape: shape)
                    ours.append(image)
                    operations.append(operation)
                    cases.append(["op": "operations", "shape": [shape.channels, shape.height, shape.width], "image": source.map(Int.init),
                                  "steps": [[operation.rawValue, magnitude]]])
                }
            }
        }
        let reference = try Self.reference(cases: cases).outputs
        try #require(reference.count == cases.count && reference.map(\.count) == ours.map(\.count), "the reference answered every case in full")
        for (i, (mine, theirs)) in zip(ours, reference).enumerated() {
            let differences = zip(mine, theirs).map { abs(Double($0) - $1) }
            let steps = String(describing: cases[i]["steps"] ?? "")
            switch operations[i] {
            case .shearX, .shearY, .translateX, .translateY, .rotate:
                // Nearest neighbour: a source coordinate within float rounding of a half pixel may
                // round the other way in torch's single-precision grid; at most 1% of pixels.
                let moved = differences.filter { $0 > 0 }.count
                #expect(moved * 100 <= mine.count, "\(steps): \(moved) of \(mine.count) pixels differ")
            default:
                #expect((differences.max() ?? 0) <= 1, "\(steps): differs by \(differences.max() ?? 0) levels")
            }
        }
    }

    /// Relative frequency of each "operation:magnitude" over `n` draws.
    static func frequencies(_ draw: (inout SeededRandom) -> [AutoAugment.Step], n: Int) -> [String: Double] {
        var random = SeededRandom(seed: 99)
        var counts: [String: Int] = [:]
        for _ in 0..<n {
            for step in draw(&random) {
                let magnitude = (step.magnitude * 1000).rounded(.toNearestOrEven) / 1000
                counts["\(step.operation.rawValue):\(magnitude == 0 ? 0.0 : magnitude)", default: 0] += 1
            }
        }
        return counts.mapValues { Double($0) / Double(n) }
    }

    @Test("AutoAugment's ImageNet policy and RandAugment apply each operation at each magnitude as often as torchvision's do",
          .enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func operationDraws() throws {
        let n = 20_000, shape = ImageShape(channels: 3, height: 28, width: 28)
        let auto = AutoAugment(probability: 1), rand = RandAugment(enabled: true, layers: 2, magnitude: 9, bins: 31)
        let ours = [Self.frequencies({ auto.sample(shape, using: &$0) }, n: n), Self.frequencies({ rand.sample(shape, using: &$0) }, n: n)]
        let stats = try Self.reference(stats: [
            ["kind": "autoaugment", "height": 28, "width": 28, "n": n, "seed": 4],
            ["kind": "randaugment", "layers": 2, "magnitude": 9, "bins": 31, "height": 28, "width": 28, "n": n, "seed": 5],
        ]).stats
        try #require(stats.count == 2)
        for (name, (mine, theirs)) in zip(["AutoAugment", "RandAugment"], zip(ours, stats)) {
            let counts = try #require(theirs["counts"] as? [String: Int])
            let reference = counts.mapValues { Double($0) / Double(n) }
            #expect(Set(mine.keys) == Set(reference.keys), "\(name): operations \(Set(mine.keys).symmetricDifference(reference.keys))")
            for key in Set(mine.keys).union(reference.keys) {
                let a = mine[key] ?? 0, b = reference[key] ?? 0
                // Two independent estimates: five standard deviations of their difference.
                let sigma = (2 * Swift.max(a, b) * (1 - Swift.min(1, Swift.max(a, b))) / Double(n)).squareRoot()
                #expect(abs(a - b) <= 5 * sigma + 0.002, "\(name) \(key): Ablate \(a), torchvision \(b)")
            }
        }
    }

    @Test("RandAugment's magnitude noise (timm's magnitude_std) spreads magnitudes around the bin, clipped to the bins; p skips operations")
    func magnitudeNoise() {
        let shape = ImageShape(channels: 1, height: 28, width: 28)
        let noisy = RandAugment(enabled: true, layers: 1, magnitude: 9, bins: 31, magnitudeStd: 3, probability: 0.5)
        var random = SeededRandom(seed: 8)
        var rotations: [Double] = [], applied = 0
        let n = 20_000
        for _ in 0..<n {
            let steps = noisy.sample(shape, using: &random)
            applied += steps.count
            if let step = steps.first, step.operation == .rotate { rotations.append(abs(step.magnitude)) }
        }
        #expect(abs(Double(applied) / Double(n) - 0.5) < 0.02, "\(applied)")
        // Rotation magnitude 30 * level / 30: the level's mean 9 and standard deviation 3.
        let mean = rotations.reduce(0, +) / Double(rotations.count)
        let sd = (rotations.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rotations.count)).squareRoot()
        #expect(abs(mean - 9) < 0.3 && abs(sd - 3) < 0.3, "mean \(mean), sd \(sd) of \(rotations.count)")
        #expect(rotations.allSatisfy { $0 >= 0 && $0 <= 30 })
    }

    @Test("size defaults are PaddleClas's 224-px values scaled to the image's shorter side", arguments: [
        (224, 112, [0, 16, 32, 44, 56], 96..<224), (28, 14, [0, 2, 4, 6, 7], 12..<28), (32, 16, [0, 2, 5, 6, 8], 14..<32),
    ])
    func scaledDefaults(side: Int, length: Int, sizes: [Int], units: Range<Int>) {
        #expect(Cutout(probability: 1).side(height: side, width: side + 10) == length)
        #expect(HideAndSeek(probability: 1).sizes(height: side + 3, width: side) == sizes)
        #expect(GridMask(probability: 1).units(height: side, width: side) == units)
        // Given values are kept as they are.
        #expect(Cutout(probability: 1, length: 5).side(height: side, width: side) == 5)
        #expect(GridMask(probability: 1, dMin: 3, dMax: 9).units(height: side, width: side) == 3..<9)
    }
}
