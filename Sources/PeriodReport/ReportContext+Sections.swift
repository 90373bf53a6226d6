import Digest
import Domain
import Foundation
import MailTemplates

extension ReportContext {
    // MARK: Perceived safety

    var safety: [String: Any] {
        let l = labels
        var table = TextTable([.left, .right, .right, .left])
        table.maxWidth = 24
        table.add([l.sv ? "Område" : "Area", l.sv ? "svar" : "answers", l.sv ? "medel" : "mean", "trend \(l.weekRange(report.weeks))"])
        let rows = report.safety.map { s -> [String: Any] in
            let mean = s.mean.map { l.decimal($0) } ?? "–"
            // Tenths of the 1–5 scale, so that the sparkline and the bars show the weekly mean; no answers is empty.
            let tenths = s.weeks.map { w in w.mean.map { Int(($0 * 10).rounded()) } ?? 0 }
            table.add([s.area.name, "\(s.answers)", mean, Sparkline.render(tenths)])
            return ["name": s.area.name, "answers": s.answers, "mean": mean, "sparkline": Sparkline.render(tenths)]
        }
        return ["hasSafety": !rows.isEmpty, "safety": rows, "safetyTable": table.render(indent: "  ")]
    }

    // MARK: Places

    var places: [String: Any] {
        let l = labels
        var table = TextTable([.left, .left, .right, .left])
        table.maxWidth = 30
        table.add([l.sv ? "Plats" : "Place", l.sv ? "Område" : "Area", l.sv ? "antal" : "count", l.sv ? "senast" : "latest"])
        let rows = report.places.map { h -> [String: Any] in
            table.add([h.place, h.area.name, "\(h.count)", l.date(h.lastDate)])
            return [
                "place": h.place, "area": h.area.name, "count": h.count, "first": l.date(h.firstDate), "last": l.date(h.lastDate),
                "categories": h.categories.prefix(3).map(\.name).joined(separator: ", "),
            ]
        }
        return ["hasPlaces": !rows.isEmpty, "places": rows, "placeTable": table.render(indent: "  "), "placeCount": rows.count]
    }

    // MARK: When things happen

    /// The parts of the day shown: `dag` (06–18, unspecified) and an unknown time only when reports gave them.
    var buckets: [TimeBucket] {
        TimeBucket.allCases.filter { ($0 != .dag && $0 != .unknown) || report.timing.total(bucket: $0) > 0 }
    }

    var timing: [String: Any] {
        let l = labels, tm = report.timing
        let buckets = self.buckets
        let top = max(1, buckets.flatMap { b in (0..<7).map { tm.count(weekday: $0, bucket: b) } }.max() ?? 0)
        var table = TextTable([.left] + Array(repeating: .right, count: buckets.count + 1))
        table.add([""] + buckets.map(l.bucketShort) + [l.sv ? "totalt" : "total"])
        var rows: [[String: Any]] = []
        for day in 0..<7 {
            let counts = buckets.map { tm.count(weekday: day, bucket: $0) }
            table.add([l.weekdays[day]] + counts.map(String.init) + ["\(tm.total(weekday: day))"])
            rows.append([
                "name": l.weekdays[day], "total": tm.total(weekday: day),
                "cells": counts.map { n -> [String: Any] in
                    let shade = Self.shade(n, of: top)
                    return ["count": n, "background": shade.background, "color": shade.text]
                },
            ])
        }
        let totals = buckets.map { tm.total(bucket: $0) }
        let legend = buckets.filter { $0 != .unknown }.map { "\(l.bucketShort($0)) \(l.hours($0))" }.joined(separator: ", ")
        table.add([l.sv ? "totalt" : "total"] + totals.map(String.init) + ["\(report.total.total)"])
        return [
            "timingTable": table.render(indent: "  "), "timingRows": rows,
            "buckets": buckets.map { ["name": l.bucketShort($0), "long": l.bucket($0), "hours": l.hours($0)] },
            "bucketTotals": totals.map { ["count": $0] }, "bucketLegend": legend,
            "bucketLegendText": TextWrap.wrap(legend + (l.sv ? "; ? = ingen tid angiven." : "; ? = no time given."), width: Self.textWidth),
        ]
    }

    /// Five shades of the report's blue, white text on the two darkest.
    static func shade(_ value: Int, of top: Int) -> (background: String, text: String) {
        guard value > 0 else { return ("#f6f7f9", "#8a939e") }
        let shades = ["#e3ecf7", "#c6d7ee", "#9fbbe1", "#6f97cd", "#3f6fae"]
        let level = min(4, (value * 5 - 1) / max(1, top))
        return (shades[level], level >= 3 ? "#ffffff" : "#1f2328")
    }
}
