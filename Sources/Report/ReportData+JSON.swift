import Foundation
import Store

extension ReportData {
    /// The data the page's script reads, as compact JSON. Curves go per metric as
    /// `[[steps], [epochs] or null, [values]]` per run (null where a run did not log it); a
    /// non-finite value is null in a curve (drawn as a gap) and "NaN", "inf" or "-inf" in a summary.
    public func json() -> String {
        var out = JSONText()
        out.raw("{\"title\":"); out.string(title)
        out.raw(",\"selection\":"); out.string(selection)
        out.raw(",\"generated\":"); out.number(generated.timeIntervalSince1970)
        out.raw(",\"live\":\(live),\"refresh\":\(refreshSeconds)")
        out.raw(",\"parameters\":"); out.strings(parameters)
        out.raw(",\"overridden\":"); out.strings(overridden)
        out.raw(",\"seedParameters\":"); out.strings(parameters.filter(AblationOptions.isSeedKey))
        out.raw(",\"metrics\":"); out.strings(metrics)
        out.raw(",\"minimized\":"); out.strings(metrics.filter(minimized.contains))
        out.raw(",\"primary\":"); if let primaryMetric { out.string(primaryMetric) } else { out.raw("null") }
        out.raw(",\"ablationCommand\":"); out.string(ablationCommand)
        out.raw(",\"runs\":[")
        for (index, run) in runs.enumerated() {
            if index > 0 { out.raw(",") }
            let record = run.record
            out.raw("{\"id\":\(record.id),\"job\":"); out.optional(record.jobNum)
            out.raw(",\"dir\":"); out.string(record.runDirectory)
            out.raw(",\"status\":"); out.string(record.status ?? "unknown")
            out.raw(",\"duration\":"); out.optional(record.duration)
            out.raw(",\"start\":"); out.optional(record.startTime)
            out.raw(",\"attempt\":"); out.optional(record.attempt)
            out.raw(",\"error\":"); if let error = record.error { out.string(error) } else { out.raw("null") }
            out.raw(",\"p\":[")
            for (position, value) in run.parameters.enumerated() {
                if position > 0 { out.raw(",") }
                if let value { out.string(value) } else { out.raw("null") }
            }
            out.raw("],\"m\":{")
            var first = true
            for name in metrics {
                guard let summary = run.summaries[name] else { continue }
                if !first { out.raw(",") }
                first = false
                out.string(name)
                out.raw(":[")
                out.summaryValue(summary.best); out.raw(",")
                out.summaryValue(summary.last); out.raw(",")
                out.summaryValue(summary.min); out.raw(",")
                out.summaryValue(summary.max); out.raw(",")
                out.optional(summary.bestStep); out.raw(",")
                out.optional(summary.bestEpoch); out.raw(",\(summary.count),\(summary.nonFinite)]")
            }
            out.raw("}}")
        }
        out.raw("],\"curves\":{")
        for (position, name) in metrics.enumerated() {
            if position > 0 { out.raw(",") }
            out.string(name)
            out.raw(":[")
            for (index, curve) in (curves[name] ?? []).enumerated() {
                if index > 0 { out.raw(",") }
                guard let curve else { out.raw("null"); continue }
                out.raw("[")
                out.integers(curve.steps)
                out.raw(",")
                if curve.epochs.allSatisfy({ $0 == nil }) { out.raw("null") } else { out.integers(curve.epochs) }
                out.raw(",[")
                for (at, value) in curve.values.enumerated() {
                    if at > 0 { out.raw(",") }
                    if value.isFinite { out.number(value) } else { out.raw("null") }
                }
                out.raw("]]")
            }
            out.raw("]")
        }
        out.raw("},\"ablation\":{")
        for (position, name) in metrics.enumerated() {
            if position > 0 { out.raw(",") }
            out.string(name)
            switch ablations[name] {
            case .success(let table)?:
                out.raw(":{\"html\":"); out.string(table.html())
                out.raw(",\"markdown\":"); out.string(table.markdown()); out.raw("}")
            case .failure(let error)?:
                out.raw(":{\"error\":"); out.string(error.errorDescription ?? "\(error)"); out.raw("}")
            case nil:
                out.raw(":null")
            }
        }
        out.raw("}}")
        return out.text
    }
}

/// A JSON text built by appending; numbers in the shortest form that reads back to the same double.
struct JSONText {
    private(set) var text = ""

    mutating func raw(_ part: String) { text += part }

    mutating func string(_ value: String) { text += ConfigText.quote(value) }

    mutating func strings(_ values: [String]) {
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            string(value)
        }
        text += "]"
    }

    mutating func number(_ value: Double) {
        if value == value.rounded(), abs(value) < 1e15 {
            text += String(Int64(value))
        } else {
            text += "\(value)"
        }
    }

    mutating func optional(_ value: Int?) { text += value.map(String.init) ?? "null" }

    mutating func optional(_ value: Double?) {
        if let value, value.isFinite { number(value) } else { text += "null" }
    }

    /// A summary value: null when absent, a string for a non-finite one.
    mutating func summaryValue(_ value: Double?) {
        guard let value else { text += "null"; return }
        if value.isNaN { text += "\"NaN\"" } else if value.isInfinite { text += value > 0 ? "\"inf\"" : "\"-inf\"" } else { number(value) }
    }

    mutating func integers(_ values: [Int?]) {
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            text += value.map(String.init) ?? "null"
        }
        text += "]"
    }
}
