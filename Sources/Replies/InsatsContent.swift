import Domain
import Intake
import Reports

/// Template values for the answers to insats mail (keys in templates/README.md).
enum InsatsContent {
    /// `reference`, `registered` or `changed` (with `changedFields`), `fields` (label/value rows as the
    /// insats now reads), `baseline` (each `week`, `count`, and `atPlace` when the insats has a place),
    /// `baselineTotal`, `baselineRange`, `hasPlace`, `place`.
    static func acknowledgment(
        reference: String, decision: InsatsDecision, baseline: InsatsBaseline?, catalog: Catalog, language: Language
    ) -> [String: Any] {
        let sv = language == .swedish
        let i = decision.insats
        var rows: [(String, String)] = [
            ("Insats", i.title),
            ("Område", i.areas.map { catalog.area(id: $0)?.name ?? $0 }.joined(separator: ", ")),
        ]
        if let place = i.place { rows.append(("Plats", place)) }
        rows.append(
            (
                "Kategori",
                i.categories.isEmpty
                    ? (sv ? "alla kategorier" : "all categories")
                    : i.categories.map { code in catalog.category(code: code).map { "\($0.name) (\(code))" } ?? code }.joined(
                        separator: ", ")
            ))
        rows.append(("Start", i.start.iso))
        rows.append(("Slut", i.end?.iso ?? (sv ? "pågår tills vidare" : "ongoing")))
        rows.append(("Uppföljning", i.followUp.iso))
        if let responsible = i.responsible { rows.append(("Ansvarig", responsible)) }
        rows.append(("Status", sv ? i.status.rawValue : i.status.english))
        if let description = i.description { rows.append(("Beskrivning", description)) }
        var context: [String: Any] = [
            "reference": reference,
            "fields": ReplyContent.fieldRows(rows.map { (label: $0.0, value: $0.1) }),
        ]
        if decision.reference == nil {
            context["registered"] = true
        } else {
            context["changed"] = true
            context["changedFields"] = decision.changedFields.joined(separator: ", ")
        }
        if let baseline {
            let hasPlace = i.place != nil
            context["baseline"] = baseline.weeks.map { w -> [String: Any] in
                var row: [String: Any] = ["week": sv ? "v.\(w.week.week)" : "w\(w.week.week)", "count": w.count]
                if hasPlace { row["atPlace"] = w.atPlace }
                return row
            }
            context["baselineTotal"] = baseline.total
            context["baselineRange"] = "\(baseline.window.first.iso)–\(baseline.window.last.iso)"
            if hasPlace {
                context["hasPlace"] = true
                context["place"] = i.place ?? ""
                context["baselineTotalAtPlace"] = baseline.totalAtPlace
            }
        }
        return context
    }

    static func diagnostic(_ d: InsatsDiagnostic, number: Int, language: Language) -> [String: Any] {
        let sv = language == .swedish
        var parts: [String] = []
        if let field = d.field { parts.append(sv ? "fältet \(field)" : "field \(field)") }
        if let line = d.line { parts.append(sv ? "rad \(line)" : "line \(line)") }
        var dict: [String: Any] = ["number": number, "message": d.message(language).capitalisedFirst]
        if !parts.isEmpty { dict["location"] = parts.joined(separator: ", ").capitalisedFirst }
        if let expected = d.expected(language), !expected.isEmpty { dict["expected"] = expected }
        return dict
    }

    /// A filled-in insats mail; a change of the named insats when the mail was about one.
    static func example(_ catalog: Catalog, reference: String?, language: Language) -> String {
        if let reference {
            return "Insats: \(reference)\nStatus: genomförd\nSlut: 2018-11-30"
        }
        let area = catalog.areas.first?.name ?? "Råby"
        let category = catalog.category(code: "KLOT")?.name ?? catalog.categories.first?.name ?? "Klotter"
        return """
            Insats: Kvällsvandringar vid centrum
            Område: \(area)
            Plats: \(area) centrum
            Kategori: \(category)
            Start: 2018-10-01
            Slut: 2018-11-30
            Ansvarig: Mimer och fältgruppen
            Beskrivning: Två vuxna går runt centrum tisdag–lördag kl 19–23.
            """
    }

    static func sample(_ name: ReplyTemplateName, language: Language) -> [String: Any] {
        let catalog = Catalog(areas: [Area(id: "raby", name: "Råby")], categories: [Category(code: "KLOT", name: "Klotter")])
        let insats = Insats(
            title: "Kvällsvandringar", areas: ["raby"], place: "Råby centrum", categories: ["KLOT"],
            start: LocalDate(year: 2018, month: 10, day: 1), status: .planerad)
        switch name {
        case .insatsAck:
            return acknowledgment(
                reference: "INS-2018-0001",
                decision: InsatsDecision(reference: nil, basedOnVersion: nil, insats: insats, changedFields: []),
                baseline: InsatsBaseline(insats: insats, beforeWeeks: 8, rows: []), catalog: catalog, language: language)
        default:
            let error = InsatsDiagnostic(field: "Start", line: 3, swedish: "fältet Start saknas", english: "the field Start is missing")
            return [
                "errors": [diagnostic(error, number: 1, language: language)], "singleError": true, "errorCount": 1,
                "example": example(catalog, reference: nil, language: language),
            ]
        }
    }
}
