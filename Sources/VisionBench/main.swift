import Foundation
import Vision

// The Swift side of `scripts/bench vision-labels`: DBNet label generation (shrink map, masks,
// threshold map) per second on synthetic scenes, with the scenes written as JSON for the Python
// reference to time on the same polygons.
// usage: VisionBench SCENES_JSON [COUNT] [SIZE] [REPEATS]
let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write(Data("usage: VisionBench SCENES_JSON [COUNT] [SIZE] [REPEATS]\n".utf8))
    exit(2)
}
let count = args.count > 2 ? Int(args[2]) ?? 32 : 32
let size = args.count > 3 ? Int(args[3]) ?? 640 : 640
let repeats = args.count > 4 ? Int(args[4]) ?? 5 : 5

var options = SyntheticTextOptions()
options.width = size
options.height = size
options.seed = 1
options.wordsPerImage = 8...16
options.fontSizes = 16...80
let generator = try SyntheticTextGenerator(options: options)
// Integer coordinates, so both sides see identical polygons.
let generationStart = Date()
let samples = try (0..<count).map { try generator.sample($0) }
let generationRate = Double(count) / Date().timeIntervalSince(generationStart)
let scenes: [[TextInstance]] = samples.map { sample in
    sample.annotations.map {
        TextInstance(polygon: Polygon($0.polygon.points.map { Point($0.x.rounded(), $0.y.rounded()) }), text: $0.text, ignore: $0.ignore)
    }
}
let payload = scenes.map { scene -> [String: Any] in
    ["width": size, "height": size, "polygons": scene.map { $0.polygon.points.map { [$0.x, $0.y] } }, "ignore": scene.map(\.ignore)]
}
try JSONSerialization.data(withJSONObject: payload).write(to: URL(fileURLWithPath: args[1]))

let maker = DBLabelMaker()
var rates: [Double] = []
for _ in 0..<repeats {
    let start = Date()
    for scene in scenes { _ = try maker.make(width: size, height: size, instances: scene) }
    rates.append(Double(count) / Date().timeIntervalSince(start))
}
let polygons = scenes.map(\.count).reduce(0, +)
print("{\"samples_per_s\": \(rates.sorted()[rates.count / 2]), \"polygons\": \(polygons), \"synthetic_per_s\": \(generationRate)}")
