import Foundation

/// Procedural backgrounds for synthetic scene text: gradients, noise, stripes and clutter
/// (lines, circles, polygons) in random colours.
enum SyntheticBackground {
    static func draw(width: Int, height: Int, rng: inout SeededRandom) throws -> Image {
        var image = Image(width: width, height: height, channels: 3)
        let base = randomColour(&rng)
        let other = rng.chance(0.5) ? shifted(base, by: 60, &rng) : randomColour(&rng)
        try image.drawGradient(from: base, to: other, angle: rng.uniform(0, 2 * .pi))
        let (w, h) = (Double(width), Double(height))
        if rng.chance(0.3) { // stripes, like shelves, bricks or blinds
            let step = rng.uniform(12, 60), c = shifted(base, by: 40, &rng), vertical = rng.chance(0.5)
            var t = rng.uniform(0, step)
            while t < (vertical ? w : h) {
                try image.drawLine(vertical ? Point(t, 0) : Point(0, t), vertical ? Point(t, h) : Point(w, t), colour: c, thickness: rng.int(1...4))
                t += step
            }
        }
        let area = w * h / (320 * 320)
        for _ in 0..<Int(Double(rng.int(3...12)) * area + 0.5) {
            let c = rng.chance(0.6) ? shifted(base, by: 80, &rng) : randomColour(&rng)
            let centre = Point(rng.uniform(0, w), rng.uniform(0, h))
            switch rng.int(0...2) {
            case 0:
                try image.drawLine(centre, Point(rng.uniform(0, w), rng.uniform(0, h)), colour: c, thickness: rng.int(1...5))
            case 1:
                try image.drawCircle(center: centre, radius: rng.uniform(4, w / 5), colour: c, thickness: rng.chance(0.5) ? nil : rng.int(1...4))
            default:
                let r = rng.uniform(6, w / 4), n = rng.int(3...6)
                let polygon = Polygon((0..<n).map { i in
                    let a = Double(i) / Double(n) * 2 * .pi + rng.uniform(-0.3, 0.3), d = r * rng.uniform(0.5, 1)
                    return Point(centre.x + d * cos(a), centre.y + d * sin(a))
                })
                try image.drawPolygon(polygon, colour: c, thickness: rng.chance(0.6) ? nil : rng.int(1...3))
            }
        }
        if rng.chance(0.5) { try image.blur(sigma: rng.uniform(0.5, 2.5)) }
        try image.addNoise(seed: rng.next(), amplitude: rng.uniform(2, 20))
        return image
    }

    static func randomColour(_ rng: inout SeededRandom) -> [UInt8] {
        [UInt8(rng.int(0...255)), UInt8(rng.int(0...255)), UInt8(rng.int(0...255))]
    }

    static func shifted(_ c: [UInt8], by amount: Int, _ rng: inout SeededRandom) -> [UInt8] {
        c.map { UInt8(max(0, min(255, Int($0) + rng.int(-amount...amount)))) }
    }
}
