import Digest
import Domain
import Foundation
import MailTemplates
import OutgoingMail
import Statistics

/// The values the templates see. Text tables come aligned from here (their widths depend on the content), sentences
/// come whole (their grammar depends on the numbers); everything else is single values and lists.
struct ReportContext {
    let report: PeriodReport
    let labels: ReportLabels
    let attachments: [Attachment]

    /// Text lines stay within this width where the content allows.
    static let textWidth = 76
    /// The bar charts (areas, the total, reporting): bar width and height in pixels.
    static let large = (width: 11, height: 30)

    var dictionary: [String: Any] {
        var c = header
        c.merge(summary) { $1 }
        c["areas"] = report.areas.map(area)
        c.merge(safety) { $1 }
        c.merge(places) { $1 }
        c.merge(timing) { $1 }
        c.merge(reporting) { $1 }
        c.merge(process) { $1 }
        c.merge(insatser) { $1 }
        c.merge(caveats) { $1 }
        c.merge(files) { $1 }
        return c
    }

    // MARK: Header

    private var header: [String: Any] {
        let r = report, l = labels
        let partialWeeks = r.weeks.filter { r.partialWeeks.contains($0) }.map(l.weekShort)
        return [
            "title": l.title(r.period), "titleUpper": l.title(r.period).uppercased(), "short": l.short(r.period),
            "range": l.range(r.period.range), "counted": l.range(r.counted),
            "partial": r.partial, "generated": localTime(r.generatedAt),
            "areaNames": r.areas.map(\.area.name).joined(separator: ", "),
            "weekRange": l.weekRange(r.weeks), "weekCount": r.weeks.count, "firstWeek": l.weekShort(r.weeks.first!),
            "lastWeek": l.weekShort(r.weeks.last!), "hasPartialWeeks": !partialWeeks.isEmpty,
            "partialWeeks": Self.list(partialWeeks, sv: l.sv), "incidentCount": r.total.total,
            "incidentNoun": l.incidents(r.total.total), "minimumEvents": r.minimumEvents,
            "firstHalf": l.shortRange(r.halves.first), "secondHalf": r.halves.second.map(l.shortRange) ?? "",
            "hasHalves": r.halves.second != nil,
        ]
    }

    private func localTime(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = report.timeZone
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    // MARK: Summary and areas

    private var summary: [String: Any] {
        let l = labels, r = report
        let areaScale = r.areas.flatMap(\.summary.weekly).max() ?? 0
        var rows = r.areas.map { seriesRow(name: $0.area.name, $0.summary, chart: areaScale) }
        var total = seriesRow(name: l.total, r.total, chart: r.total.weekly.max() ?? 0)
        total["isTotal"] = true
        rows.append(total)

        var table = TextTable([.left, .right, .right, .left])
        table.maxWidth = 24
        table.add([
            l.sv ? "Område" : "Area", l.sv ? "händelser" : "incidents", l.sv ? "förändring" : "change", "trend \(l.weekRange(r.weeks))",
        ])
        for a in r.areas { table.add([a.area.name, "\(a.summary.total)", change(a.summary), Sparkline.render(a.summary.weekly)]) }
        table.add([l.total, "\(r.total.total)", change(r.total), Sparkline.render(r.total.weekly)])

        var weeks = TextTable([.left] + Array(repeating: .right, count: r.areas.count + 1))
        weeks.add([l.sv ? "Vecka" : "Week"] + r.areas.map(\.area.name) + [l.sv ? "Totalt" : "Total"])
        for (i, week) in r.weeks.enumerated() {
            let mark = r.partialWeeks.contains(week) ? "*" : ""
            weeks.add(["\(l.weekShort(week)) \(week.year)\(mark)"] + r.areas.map { "\($0.summary.weekly[i])" } + ["\(r.total.weekly[i])"])
        }
        return [
            "summary": rows, "summaryTable": table.render(indent: "  "), "weekTable": weeks.render(indent: "  "),
            "summarySentences": rows.map { $0["sentenceText"] as? String ?? "" }.joined(separator: "\n"),
        ]
    }

    private func area(_ a: AreaSummary) -> [String: Any] {
        let l = labels
        var c = seriesRow(name: a.area.name, a.summary, chart: nil)
        c["id"] = a.area.id
        c["heading"] = "\(a.area.name): \(a.summary.total) \(l.incidents(a.summary.total))"
        c["underline"] = String(repeating: "-", count: "\(a.area.name): \(a.summary.total) \(l.incidents(a.summary.total))".count)
        let rows = a.categories.map { cat -> [String: Any] in
            var row = seriesRow(name: cat.category.name, cat.summary, chart: nil)
            row["code"] = cat.category.code
            row["sentence"] =
                cat.summary.total >= report.minimumEvents ? sentence("\(a.area.name) – \(cat.category.name)", cat.summary) : ""
            return row
        }
        c["categories"] = rows
        c["hasCategories"] = !rows.isEmpty
        let sentences = rows.compactMap { $0["sentence"] as? String }.filter { !$0.isEmpty }
        c["categorySentences"] = sentences.map { ["text": $0] }
        c["categorySentenceText"] = sentences.map { Self.wrap($0) }.joined(separator: "\n")
        c["hasCategorySentences"] = !sentences.isEmpty
        var table = TextTable([.left, .right, .right, .left])
        table.maxWidth = 28
        table.add([l.sv ? "Kategori" : "Category", l.sv ? "antal" : "count", l.sv ? "förändring" : "change", "trend"])
        for cat in a.categories {
            table.add([cat.category.name, "\(cat.summary.total)", change(cat.summary), Sparkline.render(cat.summary.weekly)])
        }
        c["categoryTable"] = table.render(indent: "  ")
        return c
    }

    /// One series as a table row, with its change between the halves and its weekly counts as a sparkline; with a
    /// scale (the count drawn at full height, shared by the charts compared), also as a bar chart with the counts.
    /// Only the areas and the total get bars: a bar chart per category would take a six-month report of three areas
    /// past Gmail's 102 kB, and the sparkline shows the same shape in a few bytes.
    private func seriesRow(name: String, _ s: SeriesSummary, chart scale: Int?) -> [String: Any] {
        let text = sentence(name, s)
        var row: [String: Any] = [
            "name": name, "total": s.total, "noun": labels.incidents(s.total), "change": change(s), "interval": interval(s),
            "sentence": Self.keepingPercent(text), "sentenceText": Self.wrap(text),
            "sparkline": Sparkline.render(s.weekly), "isTotal": false,
        ]
        if let scale {
            let partial = report.weeks.map { report.partialWeeks.contains($0) }
            row["bars"] = BarChart.bars(s.weekly, partial: partial, width: Self.large.width, maxHeight: Self.large.height, scale: scale)
        }
        return row
    }

    /// The change's 95 % interval in whole percent (`−12…+40 %`), empty where the change is not shown.
    private func interval(_ s: SeriesSummary) -> String {
        guard let change = s.change, s.total >= report.minimumEvents, change.ratio != nil, let i = change.interval else { return "" }
        let upper = i.upper == .infinity ? "∞" : Self.signed(i.upper)
        return "\(Self.signed(i.lower))…\(upper)\(labels.sv ? "\u{A0}%" : "%")"
    }

    static func signed(_ ratio: Double) -> String {
        let percent = Int(((ratio - 1) * 100).rounded())
        return (percent > 0 ? "+" : percent < 0 ? "\u{2212}" : "±") + "\(abs(percent))"
    }

    /// The change between the halves in whole percent, `–` where there are too few incidents for one.
    private func change(_ s: SeriesSummary) -> String {
        guard let change = s.change, s.total >= report.minimumEvents, let ratio = change.ratio else { return "–" }
        if ratio == .infinity { return labels.sv ? "från 0" : "from 0" }
        return Self.signed(ratio) + (labels.sv ? "\u{A0}%" : "%")
    }

    private func sentence(_ name: String, _ s: SeriesSummary) -> String {
        guard let change = s.change else {
            return labels.sv ? "\(name): perioden är för kort för två halvor." : "\(name): the period is too short for two halves."
        }
        return HalvesSentence.text(change, series: name, minimumEvents: report.minimumEvents, language: labels.language)
    }

    /// A no-break space before every `%`, so that neither a browser nor `wrap` puts the sign on a line of its own.
    static func keepingPercent(_ text: String) -> String { text.replacingOccurrences(of: " %", with: "\u{A0}%") }

    /// Words to lines of `textWidth`, never breaking between a number and its `%` (plain spaces in the result).
    static func wrap(_ text: String, indent: String = "  ") -> String {
        TextWrap.wrap(keepingPercent(text), width: textWidth, indent: indent).replacingOccurrences(of: "\u{A0}%", with: " %")
    }

    /// "a, b och c" / "a, b and c".
    static func list(_ items: [String], sv: Bool) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (sv ? " och " : " and ") + items.last!
    }
}
