import Foundation

/// One chart without the page, for papers and READMEs: a metric's curves over the selected runs
/// (or each seed group's mean ± std band), by step or epoch, smoothed as the page smooths them.
public struct PlotSVG: Sendable {
    public enum XAxis: String, Sendable { case step, epoch }

    public var metric: String
    public var x: XAxis
    public var smoothing: Double
    public var groupSeeds: Bool
    public var width: Int
    public var height: Int

    public init(metric: String, x: XAxis = .step, smoothing: Double = 0, groupSeeds: Bool = false,
                width: Int = 720, height: Int = 420) {
        self.metric = metric
        self.x = x
        self.smoothing = smoothing
        self.groupSeeds = groupSeeds
        self.width = width
        self.height = height
    }

    struct Series {
        var label: String
        var xs: [Double]
        var ys: [Double?]
        var band: (lo: [Double], hi: [Double])?
    }

    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    static func color(_ index: Int) -> String {
        if index < palette.count { return palette[index] }
        let hue = (Double(index) * 137.508).truncatingRemainder(dividingBy: 360)
        return "hsl(\(Int(hue)),55%,48%)"
    }

    /// The series drawn: one per run that logged the metric, or one per seed group.
    func series(_ data: ReportData) throws -> [Series] {
        guard let curves = data.curves[metric] else { throw ReportError.unknownMetric(name: metric, known: data.metrics) }
        var runs: [Series] = []
        var groups: [(key: String, members: [Series])] = []
        let seedKeys = Set(data.parameters.filter(AblationOptions.isSeedKey))
        for (index, run) in data.runs.enumerated() {
            guard let curve = curves[index] else { continue }
            var xs: [Double] = [], ys: [Double] = []
            for position in curve.values.indices {
                let at: Int? = x == .epoch ? curve.epochs[position] : (curve.steps[position] ?? position)
                guard let at else { continue }
                xs.append(Double(at))
                ys.append(curve.values[position])
            }
            let smoothed = Smoothing.timeWeightedEMA(x: xs, y: ys, parameter: smoothing)
            let parts = zip(data.parameters, run.parameters).compactMap { key, value in
                value.map { "\(key.split(separator: ".").last ?? "")=\($0)" }
            }
            let label = parts.isEmpty ? run.record.runDirectory : parts.joined(separator: ", ")
            let series = Series(label: label, xs: xs, ys: smoothed, band: nil)
            runs.append(series)
            let key = zip(data.parameters, run.parameters).filter { !seedKeys.contains($0.0) }
                .map { "\($0.0.split(separator: ".").last ?? "")=\($0.1 ?? "")" }.joined(separator: ", ")
            if let at = groups.firstIndex(where: { $0.key == key }) { groups[at].members.append(series) } else { groups.append((key, [series])) }
        }
        guard groupSeeds else { return runs }
        return groups.map { group in
            var byX: [Double: [Double]] = [:]
            for member in group.members {
                for (at, value) in zip(member.xs, member.ys) { if let value { byX[at, default: []].append(value) } }
            }
            let xs = byX.keys.sorted()
            var mean: [Double?] = [], lo: [Double] = [], hi: [Double] = []
            for at in xs {
                let values = byX[at]!
                let m = values.reduce(0, +) / Double(values.count)
                let sd = values.count > 1 ? (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot() : 0
                mean.append(m); lo.append(m - sd); hi.append(m + sd)
            }
            let name = group.key.isEmpty ? "all runs" : group.key
            return Series(label: "\(name) (n=\(group.members.count))", xs: xs, ys: mean,
                          band: group.members.count > 1 ? (lo, hi) : nil)
        }
    }

    public func svg(_ data: ReportData) throws -> String {
        let series = try series(data)
        var xlo = Double.infinity, xhi = -Double.infinity, ylo = Double.infinity, yhi = -Double.infinity
        for item in series {
            for (at, value) in zip(item.xs, item.ys) {
                guard let value else { continue }
                xlo = min(xlo, at); xhi = max(xhi, at); ylo = min(ylo, value); yhi = max(yhi, value)
            }
            if let band = item.band { ylo = min(ylo, band.lo.min() ?? ylo); yhi = max(yhi, band.hi.max() ?? yhi) }
        }
        guard xlo.isFinite else { throw ReportError.noRunsMatch(filters: "with values of \(metric) to plot", runsInStore: data.runs.count) }
        let legendRows = series.count <= 12 ? series.count : 0
        let margin = (left: 64.0, right: 16.0, top: 14.0, bottom: 44.0 + Double(legendRows) * 16)
        let plotWidth = Double(width) - margin.left - margin.right
        let plotHeight = Double(height) - margin.top - margin.bottom
        guard plotWidth > 40, plotHeight > 40 else {
            throw ReportError.badSetting(option: "--size", value: "\(width)x\(height)", expected: "room for the plot and its legend (e.g. 720x420)")
        }
        let xt = Ticks(xlo, xhi, count: max(2, Int(plotWidth / 90)))
        let yt = Ticks(ylo, yhi, count: max(2, Int(plotHeight / 50)))
        func X(_ v: Double) -> Double { margin.left + (v - xt.lo) / (xt.hi - xt.lo) * plotWidth }
        func Y(_ v: Double) -> Double { margin.top + plotHeight - (v - yt.lo) / (yt.hi - yt.lo) * plotHeight }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
        out += "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n<g stroke=\"#eceff3\">\n"
        for tick in yt.ticks { out += "<line x1=\"\(f(margin.left))\" x2=\"\(f(margin.left + plotWidth))\" y1=\"\(f(Y(tick)))\" y2=\"\(f(Y(tick)))\"/>\n" }
        out += "</g>\n<g fill=\"#444\">\n"
        for tick in yt.ticks { out += "<text x=\"\(f(margin.left - 6))\" y=\"\(f(Y(tick) + 4))\" text-anchor=\"end\">\(Ticks.label(tick))</text>\n" }
        for tick in xt.ticks {
            out += "<text x=\"\(f(X(tick)))\" y=\"\(f(margin.top + plotHeight + 16))\" text-anchor=\"middle\">\(Ticks.label(tick))</text>\n"
        }
        out += "</g>\n<rect x=\"\(f(margin.left))\" y=\"\(f(margin.top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#b8c0ca\"/>\n"
        out += "<text x=\"\(f(margin.left + plotWidth / 2))\" y=\"\(f(margin.top + plotHeight + 34))\" text-anchor=\"middle\" font-size=\"12\">\(x.rawValue)</text>\n"
        let yLabel = HTML.escape(metric + (smoothing > 0 ? " (smoothed \(smoothing))" : ""))
        let middle = f(margin.top + plotHeight / 2)
        out += "<text x=\"14\" y=\"\(middle)\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 14 \(middle))\">\(yLabel)</text>\n"
        for (index, item) in series.enumerated() {
            let colour = Self.color(index)
            if let band = item.band {
                var d = ""
                for position in item.xs.indices {
                    d += (position == 0 ? "M" : "L") + f(X(item.xs[position])) + "," + f(Y(band.hi[position]))
                }
                for position in item.xs.indices.reversed() { d += "L" + f(X(item.xs[position])) + "," + f(Y(band.lo[position])) }
                out += "<path d=\"\(d)Z\" fill=\"\(colour)\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
            }
            var d = "", pen = false
            for (at, value) in zip(item.xs, item.ys) {
                guard let value else { pen = false; continue }
                d += (pen ? "L" : "M") + f(X(at)) + "," + f(Y(value))
                pen = true
            }
            let strokeWidth = series.count > 100 ? "1" : "1.6"
            out += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(strokeWidth)\" stroke-linejoin=\"round\"><title>\(HTML.escape(item.label))</title></path>\n"
        }
        for (index, item) in series.prefix(legendRows).enumerated() {
            let y = margin.top + plotHeight + 50 + Double(index) * 16
            out += "<rect x=\"\(f(margin.left))\" y=\"\(f(y - 9))\" width=\"10\" height=\"10\" fill=\"\(Self.color(index))\"/>"
            out += "<text x=\"\(f(margin.left + 16))\" y=\"\(f(y))\" fill=\"#222\">\(HTML.escape(item.label))</text>\n"
        }
        return out + "</svg>\n"
    }
}

/// Round tick values covering a range.
struct Ticks {
    var lo: Double
    var hi: Double
    var ticks: [Double]

    init(_ low: Double, _ high: Double, count: Int) {
        var lo = low, hi = high
        if !(hi > lo) { let pad = abs(lo) * 0.1 == 0 ? 1 : abs(lo) * 0.1; lo -= pad; hi += pad }
        let raw = (hi - lo) / Double(count)
        let power = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw } ?? raw
        var ticks: [Double] = []
        var value = (lo / step).rounded(.up) * step
        while value <= hi + step * 1e-9 {
            ticks.append(Double(String(format: "%.12g", value)) ?? value)
            value += step
        }
        self.lo = lo
        self.hi = hi
        self.ticks = ticks
    }

    static func label(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude != 0, magnitude >= 1e5 || magnitude < 1e-3 { return String(format: "%.1e", value) }
        return String(format: "%g", value)
    }
}
