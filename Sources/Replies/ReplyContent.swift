import Domain
import Foundation
import Reports

/// The values the reply templates render, as dictionaries (keys documented in templates/README.md).
/// Absent values are left out rather than set to nil or "", so `{{#key}}…{{/key}}` shows only what is there.
enum ReplyContent {
    // MARK: incidents

    /// One incident's fields as read, normalised and in the reporter's language.
    static func fields(_ incident: Incident, catalog: Catalog, language: Language) -> [(label: String, value: String)] {
        let sv = language == .swedish
        var rows: [(ReportField, String)] = []
        rows.append((.area, catalog.area(id: incident.area)?.name ?? incident.area))
        rows.append((.date, incident.date.iso))
        if let time = time(incident) { rows.append((.time, time)) }
        rows.append((.place, incident.place))
        if let placeType = incident.placeType { rows.append((.placeType, placeType)) }
        let categories = incident.categories.map { code in
            catalog.category(code: code).map { "\($0.name) (\($0.code))" } ?? code
        }
        rows.append((.category, categories.joined(separator: ", ")))
        rows.append((.description, incident.description))
        if let persons = persons(incident) { rows.append((.persons, persons)) }
        if let severity = incident.severity { rows.append((.severity, Self.severity(severity, sv: sv))) }
        if let police = incident.policeReported { rows.append((.policeReported, Self.police(police, sv: sv))) }
        if let action = incident.action { rows.append((.action, action)) }
        if let recurring = incident.recurring { rows.append((.recurring, recurring ? (sv ? "ja" : "yes") : (sv ? "nej" : "no"))) }
        if let lat = incident.lat, let lon = incident.lon { rows.append((.coordinates, "\(coordinate(lat)), \(coordinate(lon))")) }
        return rows.map { field, value in
            let label: String
            if sv {
                label = field.swedishName
            } else {
                label = field == .category && incident.categories.count > 1 ? "Categories" : field.englishName.capitalisedFirst
            }
            return (label, value)
        }
    }

    static func time(_ i: Incident) -> String? {
        if let from = i.timeFrom {
            if let to = i.timeTo { return "\(from)–\(to)" }
            return from
        }
        guard let part = i.timeOfDay else { return nil }
        let hours = part.hours
        return "\(part.swedish) (\(twoDigits(hours.lowerBound))–\(twoDigits(hours.upperBound)))"
    }

    static func persons(_ i: Incident) -> String? {
        switch (i.personsMin, i.personsMax) {
        case let (min?, max?) where min == max: return "\(min)"
        case let (min?, max?): return "\(min)–\(max)"
        case let (min?, nil): return "\(min)"
        case let (nil, max?): return "\(max)"
        default: return nil
        }
    }

    static func severity(_ value: Int, sv: Bool) -> String {
        switch value {
        case 1: return sv ? "1 (låg)" : "1 (low)"
        case 2: return sv ? "2 (medel)" : "2 (medium)"
        case 3: return sv ? "3 (hög)" : "3 (high)"
        default: return "\(value)"
        }
    }

    static func police(_ value: PoliceReported, sv: Bool) -> String {
        switch value {
        case .yes: return sv ? "ja" : "yes"
        case .no: return sv ? "nej" : "no"
        case .unknown: return sv ? "vet ej" : "don't know"
        }
    }

    static func coordinate(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Field rows for the templates: `label`, `paddedLabel` (label and colon, padded so the values
    /// line up), `value` (line breaks kept, for HTML) and `textValue` (continuation lines indented
    /// under the value, for a text line written `  {{paddedLabel}} {{textValue}}`).
    /// - Parameter width: the label column (longest label and its colon) shared by every incident of a mail.
    static func fieldRows(_ rows: [(label: String, value: String)], width: Int? = nil) -> [[String: Any]] {
        let width = width ?? labelWidth([rows])
        let indent = "\n" + String(repeating: " ", count: 2 + width + 1)
        return rows.map { row in
            let padded = row.label + ":" + String(repeating: " ", count: max(0, width - row.label.count - 1))
            return [
                "label": row.label, "paddedLabel": padded, "value": row.value,
                "textValue": row.value.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: indent),
            ]
        }
    }

    static func labelWidth(_ incidents: [[(label: String, value: String)]]) -> Int {
        (incidents.flatMap { $0.map { $0.label.count } }.max() ?? 0) + 1
    }

    // MARK: diagnostics

    /// An error or warning: `number`, `location` ("Händelse 2, fältet Datum, rad 4"),
    /// `message`, and when known `incident`, `field`, `line`, `expected`.
    static func diagnostic(_ d: Diagnostic, number: Int, language: Language, withIncident: Bool = true) -> [String: Any] {
        let sv = language == .swedish
        var parts: [String] = []
        if withIncident, let incident = d.incident { parts.append(sv ? "händelse \(incident)" : "incident \(incident)") }
        if let reference = d.reference { parts.append(reference) }
        if let field = d.field { parts.append(sv ? "fältet \(field)" : "field \(field)") }
        if let line = d.line { parts.append(sv ? "rad \(line)" : "line \(line)") }
        var dict: [String: Any] = ["number": number, "message": d.message(language).capitalisedFirst]
        if !parts.isEmpty { dict["location"] = parts.joined(separator: ", ").capitalisedFirst }
        if let incident = d.incident { dict["incident"] = incident }
        if let field = d.field { dict["field"] = field }
        if let line = d.line { dict["line"] = line }
        if let expected = d.expected(language) { dict["expected"] = expected }
        return dict
    }

    // MARK: guide

    static func guide(catalog: Catalog, language: Language, address: String, appended: Bool, correctionDays: Int = 30) -> [String: Any] {
        let codeWidth = (catalog.categories.map { $0.code.count }.max() ?? 0)
        let categories: [[String: Any]] = catalog.categories.map { c in
            var dict: [String: Any] = [
                "code": c.code, "name": c.name,
                "paddedCode": c.code + String(repeating: " ", count: max(0, codeWidth - c.code.count)),
            ]
            if !c.synonyms.isEmpty { dict["synonyms"] = c.synonyms.joined(separator: ", ") }
            return dict
        }
        let areas: [[String: Any]] = catalog.areas.map { a in
            var dict: [String: Any] = ["id": a.id, "name": a.name]
            if !a.aliases.isEmpty { dict["aliases"] = a.aliases.joined(separator: ", ") }
            return dict
        }
        return [
            "appended": appended,
            "address": address,
            "correctionDays": correctionDays,
            "example": ReportGuide.example(catalog, language: language),
            "fieldList": ReportGuide.fieldList(language: language),
            "fieldLines": ReportGuide.fieldList(language: language).split(separator: "\n").map { line -> [String: Any] in
                guard let colon = line.range(of: ": ") else { return ["name": String(line), "text": ""] }
                return ["name": String(line[..<colon.lowerBound]), "text": String(line[colon.upperBound...])]
            },
            "categories": categories,
            "areas": areas,
        ]
    }

    // MARK: samples for the start-up check

    static func sample(_ name: ReplyTemplateName, language: Language) -> [String: Any] {
        let catalog = Catalog(
            areas: [Area(id: "raby", name: "Råby")],
            categories: [Category(code: "KLOT", name: "Klotter", synonyms: ["graffiti"])])
        let incident = Incident(
            area: "raby", place: "Storgatan 12", date: LocalDate(year: 2018, month: 9, day: 3),
            categories: ["KLOT"], description: "Klotter", redacted: true)
        let warning = Diagnostic(incident: 1, field: "Datum", line: 3, kind: .dateOld(date: incident.date, days: 61))
        let error = Diagnostic(incident: 1, field: "Kategori", line: 4, kind: .missingField)
        var base: [String: Any] = [
            "organisation": "Exempel AB", "address": "est@example.org", "subject": "EST v.36",
            "firstContact": true, "week": "2018-W36", "weekNumber": 36, "year": 2018,
            "monday": "2018-09-03", "sunday": "2018-09-09",
        ]
        switch name {
        case .ack:
            base["incidents"] = [
                [
                    "number": 1, "reference": "EST-2018-000001",
                    "fields": fieldRows(fields(incident, catalog: catalog, language: language)),
                    "warnings": [diagnostic(warning, number: 1, language: language, withIncident: false)], "redacted": true,
                ] as [String: Any]
            ]
            base["count"] = 1
            base["single"] = true
            base["references"] = "EST-2018-000001"
            base["redacted"] = true
            base["hasWarnings"] = true
        case .rejection:
            base["errors"] = [diagnostic(error, number: 1, language: language)]
            base["errorCount"] = 1
            base["singleError"] = true
            base["example"] = ReportGuide.example(catalog, language: language)
        case .zero:
            break
        case .guide:
            base.merge(guide(catalog: catalog, language: language, address: "est@example.org", appended: false)) { $1 }
        case .reminder:
            base["example"] = ReportGuide.example(catalog, language: language)
        case .correction:
            base.merge(CorrectionContent.sample(language: language)) { $1 }
        case .insatsAck, .insatsRejection:
            base.merge(InsatsContent.sample(name, language: language)) { $1 }
        case .oversized:
            base["size"] = "24,6 MB"
            base["limit"] = "10,0 MB"
        case .alert:
            base["area"] = "Råby"
            base["series"] = "Klotter"
            base["observed"] = 7
            base["partial"] = true
            base["flags"] = [["method": "negativ binomial", "expected": "1,5", "threshold": "5", "statistic": "7"]]
            base["incidents"] = [
                [
                    "reference": "EST-2018-000001", "date": "2018-09-03", "place": "Storgatan 12",
                    "categories": "Klotter", "description": "Klotter",
                ]
            ]
        }
        return base
    }
}

extension String {
    var capitalisedFirst: String {
        guard let f = first else { return self }
        return f.uppercased() + dropFirst()
    }
}
