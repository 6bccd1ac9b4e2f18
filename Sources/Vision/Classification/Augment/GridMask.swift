/// GridMask (Chen et al. 2020), as its authors' code draws it: with probability `probability`, a
/// unit size `d` uniform in `dMin..<dMax` and an offset in each direction uniform in `0..<d`
/// place a grid over a square of the image's diagonal, centred on the image; in every unit of
/// side `d` a band of `ceil(d * ratio)` rows and one of as many columns cross. `mode` 1 drops
/// the (d - l)-sided squares between the bands (the paper's figures: with `ratio` 0.5 a quarter of
/// the image); `mode` 0 drops the bands instead (three quarters). Dropped pixels get 0 in the
/// normalised image. Without `dMin`/`dMax`, PaddleClas's 96 and 224 px of a 224-px image
/// scaled to the image's shorter side. The authors' random rotation of the grid is not offered (their default,
/// `rotate=1`, never rotates).
///
/// PaddleClas's `GridMask` never fires (its probability starts at 0 and nothing raises it), and
/// reads its HWC array as CHW.
public struct GridMask: Sendable, Equatable {
    public var probability: Double
    public var dMin: Int?, dMax: Int?
    public var ratio: Double
    public var mode: Int

    public init(probability: Double = 0, dMin: Int? = nil, dMax: Int? = nil, ratio: Double = 0.5, mode: Int = 1) {
        self.probability = probability
        self.dMin = dMin
        self.dMax = dMax
        self.ratio = ratio
        self.mode = mode
    }

    public var isEnabled: Bool { probability > 0 }

    /// One draw: the unit size and the bands' offsets.
    public struct Parameters: Sendable, Equatable, Codable {
        public var d: Int, startY: Int, startX: Int
        public init(d: Int, startY: Int, startX: Int) { self.d = d; self.startY = startY; self.startX = startX }
    }

    /// The unit sizes drawn from (`low..<high`) on an image of `height` x `width`.
    public func units(height: Int, width: Int) -> Range<Int> {
        let side = Swift.min(height, width)
        let low = Swift.max(1, dMin ?? scaledFrom224(96, side: side))
        return low..<Swift.max(low + 1, dMax ?? scaledFrom224(224, side: side))
    }

    public func sample(height: Int, width: Int, using random: inout SeededRandom) -> Parameters? {
        guard isEnabled, random.chance(probability) else { return nil }
        let units = units(height: height, width: width)
        let d = random.int(units.lowerBound...(units.upperBound - 1))
        return Parameters(d: d, startY: random.int(0...(d - 1)), startX: random.int(0...(d - 1)))
    }

    /// Whether each row and each column of an image of `shape` lies on a band of the grid `p`
    /// draws (the grid's square, of the image's diagonal, centred on the image).
    func bands(_ p: Parameters, shape: ImageShape) -> (rows: [Bool], columns: [Bool]) {
        let side = Int(Double(shape.height * shape.height + shape.width * shape.width).squareRoot().rounded(.up))
        let band = Int((Double(p.d) * ratio).rounded(.up))
        func inBand(_ v: Int, _ start: Int) -> Bool { ((v - start) % p.d + p.d) % p.d < band }
        return ((0..<shape.height).map { inBand($0 + (side - shape.height) / 2, p.startY) },
                (0..<shape.width).map { inBand($0 + (side - shape.width) / 2, p.startX) })
    }

    public func apply(_ p: Parameters?, to image: UnsafeMutableBufferPointer<Float>, shape: ImageShape) {
        guard let p else { return }
        let (rows, columns) = bands(p, shape: shape)
        for y in 0..<shape.height {
            // Mode 0 drops the bands, mode 1 what lies between them.
            for x in 0..<shape.width where (rows[y] || columns[x]) != (mode == 1) {
                for c in 0..<shape.channels { image[c * shape.plane + y * shape.width + x] = 0 }
            }
        }
    }
}
