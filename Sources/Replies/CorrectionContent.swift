import Domain
import Reports

/// Template values for corrections, withdrawals and likely duplicates (keys in templates/README.md).
enum CorrectionContent {
    /// `changes`: one entry per incident changed, with `reference`, `withdrawn` or `corrected` (with
    /// `changedFields` and the incident's `fields` as it now reads) or `unchanged`.
    static func changes(_ changes: [IncidentChange], catalog: Catalog, language: Language) -> [String: Any] {
        let fields = changes.map { ReplyContent.fields($0.after, catalog: catalog, language: language) }
        let width = ReplyContent.labelWidth(fields)
        let rows: [[String: Any]] = changes.enumerated().map { index, change in
            var row: [String: Any] = ["reference": change.reference]
            switch change.kind {
            case .withdraw:
                row["withdrawn"] = true
            case .correct(_, let changed) where changed.isEmpty:
                row["unchanged"] = true
                row["fields"] = ReplyContent.fieldRows(fields[index], width: width)
            case .correct(_, let changed):
                row["corrected"] = true
                row["changedFields"] = changed.joined(separator: ", ")
                row["fields"] = ReplyContent.fieldRows(fields[index], width: width)
            }
            return row
        }
        var context: [String: Any] = ["changes": rows, "count": changes.count]
        let withdrawn = changes.filter { $0.kind == .withdraw }.count
        if withdrawn > 0 { context["withdrawnCount"] = withdrawn }
        if changes.count - withdrawn > 0 { context["correctedCount"] = changes.count - withdrawn }
        if changes.contains(where: { $0.after.redacted && !$0.before.redacted }) { context["redacted"] = true }
        return context
    }

    /// `duplicates`: for each new incident that looks like an earlier one, `reference` (the new one),
    /// `earlier`, and `withdrawLine`, the exact line to send if it is the same event.
    static func duplicateHints(references: [String], earlier: [String?]) -> [String: Any] {
        let hints: [[String: Any]] = zip(references, earlier).compactMap { reference, earlier in
            guard let earlier else { return nil }
            return ["reference": reference, "earlier": earlier, "withdrawLine": "Återkalla \(reference)"]
        }
        return hints.isEmpty ? [:] : ["duplicates": hints, "hasDuplicates": true]
    }

    /// A filled-in correction and withdrawal with the mail's own reference where it named one.
    static func example(_ report: ParsedReport, catalog: Catalog, language: Language) -> String {
        let reference = report.errors.compactMap(\.reference).first ?? "EST-2018-000123"
        let area = catalog.areas.dropFirst().first?.name ?? catalog.areas.first?.name ?? "Hammarby"
        let sv = language == .swedish
        return """
            Rätta \(reference)
            Område: \(area)
            Datum: 2018-09-03

            \(sv ? "eller, för att stryka händelsen helt:" : "or, to withdraw the incident altogether:")

            Återkalla \(reference)
            """
    }

    static func sample(language: Language) -> [String: Any] {
        let catalog = Catalog(areas: [Area(id: "raby", name: "Råby")], categories: [Category(code: "KLOT", name: "Klotter")])
        let before = Incident(
            area: "raby", place: "Storgatan 12", date: LocalDate(year: 2018, month: 9, day: 3), categories: ["KLOT"], description: "Klotter"
        )
        var after = before
        after.place = "Storgatan 14"
        return changes(
            [
                IncidentChange(
                    reference: "EST-2018-000001", basedOnVersion: 1, kind: .correct(after, changedFields: ["Plats"]), before: before),
                IncidentChange(reference: "EST-2018-000002", basedOnVersion: 1, kind: .withdraw, before: before),
            ], catalog: catalog, language: language)
    }
}
