import Domain
import MailTemplates
import Statistics

/// The values the `insats-*` templates see. The sentences come from `ChangeSentence`; text tables, the text chart
/// and wrapped sentences come finished from here (their layout depends on the content), everything else is single
/// values and lists for the templates to lay out.
struct InsatsEffectContext {
    let effect: InsatsEffect
    let labels: InsatsLabels

    /// Text lines stay within this width where the content allows.
    static let textWidth = 76

    var dictionary: [String: Any] {
        let e = effect, l = labels, insats = e.insats, windows = e.windows
        let areaNames = e.areaPhrase(l.language)
        let title = "\(e.reference) \(insats.title)"
        var c: [String: Any] = [
            "reference": e.reference, "title": insats.title, "heading": title,
            "underline": String(repeating: "=", count: min(title.count, Self.textWidth)),
            "areaNames": areaNames, "hasPlace": insats.place != nil, "place": insats.place ?? "",
            "categoryNames": l.categories(e.categories), "status": l.status(insats.status),
            "start": insats.start.iso, "hasEnd": insats.end != nil, "end": insats.end?.iso ?? "", "followUp": insats.followUp.iso,
            "hasResponsible": insats.responsible != nil, "responsible": insats.responsible ?? "",
            "comparisonNames": e.comparisonAreas.isEmpty ? "–" : l.list(e.comparisonAreas.map(\.name)),
            "beforeRange": l.range(windows.before), "beforeWeeks": l.weeks(windows.beforeWeeks),
            "measured": windows.after != nil, "afterRange": windows.after.map(l.range) ?? "",
            "afterWeeks": l.weeks(windows.afterWeeks), "afterCut": windows.cut.map(l.cut) ?? "",
            "minimumEvents": effect.minimumEvents,
            "tooSmall": e.targetChange?.isTooSmall ?? false,
        ]
        let sentence = e.sentence(language: l.language) ?? e.notMeasured(language: l.language)
        let placeSentence = e.placeSentence(language: l.language)
        c["sentence"] = sentence
        c["sentenceText"] = wrap(sentence)
        c["hasPlaceSentence"] = placeSentence != nil
        c["placeSentence"] = placeSentence ?? ""
        c["placeSentenceText"] = placeSentence.map(wrap) ?? ""
        c.merge(figures(areaNames: areaNames)) { $1 }
        c.merge(chart) { $1 }
        c.merge(incidents) { $1 }
        return c
    }

    private func wrap(_ text: String) -> String { TextWrap.wrap(text, width: Self.textWidth) }

    // MARK: Figures

    private func figures(areaNames: String) -> [String: Any] {
        let l = labels, e = effect
        var rows = [figureRow(areaNames, e.target, e.targetChange?.target)]
        if let place = e.place, let name = e.insats.place { rows.append(figureRow(name, place, e.placeChange?.target)) }
        rows.append(figureRow(l.sv ? "Jämförelse" : "Comparison", e.comparison, e.targetChange?.comparison))
        var table = TextTable([.left, .right, .right, .right, .right, .right, .left])
        table.maxWidth = 22
        table.add([
            l.sv ? "Serie" : "Series", l.sv ? "före" : "before", "/v", l.sv ? "efter" : "after", "/v",
            l.sv ? "förändring" : "change", l.sv ? "intervall" : "interval",
        ])
        for row in rows {
            table.add(["name", "before", "beforeRate", "after", "afterRate", "change", "interval"].map { row[$0] as! String })
        }
        return ["figures": rows, "figuresTable": table.render(indent: "  "), "intervalLevel": l.numbers.level(alpha: 0.05)]
    }

    /// One series' counts, rates and change; the comparison's change comes with the target's `InsatsChange`.
    private func figureRow(_ name: String, _ series: InsatsSeries, _ ratio: RateRatio?) -> [String: Any] {
        let l = labels
        let measured = effect.windows.after != nil
        return [
            "name": name, "before": "\(series.before)", "beforeRate": l.numbers.rate(series.beforeRate),
            "after": measured ? "\(series.after)" : "–", "afterRate": series.afterRate.map(l.numbers.rate) ?? "–",
            "change": l.change(ratio?.ratio), "interval": l.interval(ratio?.interval),
        ]
    }

    // MARK: Chart

    private var chart: [String: Any] {
        let chart = InsatsChart(weekly: effect.target.weekly, labels: labels, start: effect.insats.start.iso)
        let before = chart.bars(.before), after = chart.bars(.after)
        return [
            "chartText": chart.text, "beforeBars": before, "afterBars": after, "hasAfterBars": !after.isEmpty,
            "beforeColumns": before.count, "afterColumns": after.count,
            "hasPartialWeeks": effect.target.weekly.contains { !$0.isWholeWeek },
        ]
    }

    // MARK: Incidents

    private var incidents: [String: Any] {
        let l = labels, e = effect
        let rows = e.afterIncidents.map { incident -> [String: Any] in
            let row = incident.row
            let area = e.targetAreas.first { $0.id == row.area }?.name ?? row.area
            let categories = incident.categoryNames.joined(separator: ", ")
            let mark = incident.atPlace ? (l.sv ? " (på platsen)" : " (at the place)") : ""
            let text = TextWrap.wrap(
                "\(row.reference)  \(row.date.iso)  \(area) · \(row.place) – \(categories)\(mark)", width: Self.textWidth,
                indent: "  ")
            return [
                "reference": row.reference, "date": row.date.iso, "area": area, "place": row.place, "categories": categories,
                "atPlace": incident.atPlace, "text": text,
            ]
        }
        return ["incidents": rows, "hasIncidents": !rows.isEmpty, "incidentCount": rows.count]
    }
}
