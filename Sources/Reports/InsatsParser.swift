import Domain
import Foundation

/// Reads an insats mail (working-group.md §2) after the same quote, signature and closing-line
/// stripping as reports. Pure, linear in the body, never throws: every problem is a diagnostic.
public enum InsatsParser {
    /// Whether the readable body holds an `Insats:` line: what makes a member's mail an insats command.
    public static func hasInsatsLine(_ text: String) -> Bool {
        let body = BodyLines(Text.normaliseBody(text))
        let selection = Stripping.select(body, range: 0..<body.lines.count)
        return selection.range.contains { InsatsField.match(body.lines[$0].trimmed)?.0 == .insats }
    }

    /// - Parameters:
    ///   - reference: the date relative dates are read against (the mail's date, local).
    ///   - answering: the insats the mail answers the gateway's mail about, when it does.
    public static func parse(_ text: String, reference: LocalDate, catalog: Catalog, answering: String? = nil) -> InsatsMail {
        var reader = InsatsReader(index: CatalogIndex.shared(for: catalog), reference: reference)
        return reader.read(text, answering: answering)
    }
}

struct InsatsReader {
    let index: CatalogIndex
    let reference: LocalDate
    var errors: [InsatsDiagnostic] = []
    var warnings: [InsatsDiagnostic] = []
    /// Enough for every field and its mistakes; a hostile mail gets no more.
    static let maxDiagnostics = 20

    mutating func error(_ f: InsatsField, _ line: Int, _ sv: String, _ en: String, expected: (String, String)? = nil) {
        guard errors.count < Self.maxDiagnostics else { return }
        errors.append(
            InsatsDiagnostic(
                field: f.swedishName, line: line, swedish: sv, english: en, expectedSwedish: expected?.0, expectedEnglish: expected?.1))
    }

    mutating func read(_ text: String, answering: String?) -> InsatsMail {
        let body = BodyLines(Text.normaliseBody(text))
        let selection = Stripping.select(body, range: 0..<body.lines.count)
        var raw: [InsatsField: (value: String, line: Int)] = [:]
        var current: InsatsField? = nil
        for i in selection.range {
            let t = body.lines[i].trimmed
            if t.isEmpty { continue }
            if let (field, value) = InsatsField.match(t) {
                if raw[field] != nil {
                    warnings.append(
                        InsatsDiagnostic(
                            field: field.swedishName, line: i + 1, swedish: "\(field.swedishName) står två gånger; den första användes",
                            english: "\(field.swedishName) appears twice; the first one was used"))
                    current = nil
                    continue
                }
                raw[field] = (String(value), i + 1)
                current = field
            } else if let f = current, f == .description || f == .place, raw[f]!.value.utf8.count < 5_000 {
                // Free text continues on the next lines, as in reports.
                raw[f]!.value += (raw[f]!.value.isEmpty ? "" : "\n") + t
            }
        }

        var fields = InsatsFields()
        fields.given = InsatsField.allCases.filter { raw[$0] != nil }
        var action = InsatsMail.Action.register
        if let (value, line) = raw[.insats] {
            if let ref = InsatsReference.normalise(value) {
                action = .change(reference: ref)
            } else if value.uppercased().hasPrefix("INS-") {
                error(
                    .insats, line, "kunde inte läsa referensnumret \"\(value)\"", "could not read the reference \"\(value)\"",
                    expected: ("ett referensnummer som INS-2018-0007", "a reference like INS-2018-0007"))
            } else if value.isEmpty {
                error(.insats, line, "fältet Insats är tomt", "the field Insats is empty", expected: Self.expected(.insats))
            } else {
                fields.title = String(value.prefix(200))
            }
        } else if answering != nil {
            action = .change(reference: nil)
        }

        if let (value, line) = raw[.area] {
            var areas: [String] = []
            for part in value.split(whereSeparator: { $0 == "," || $0 == ";" }).map({ Text.trim(Substring($0)) }) where !part.isEmpty {
                switch index.lookupArea(part) {
                case .found(let a): if !areas.contains(a.id) { areas.append(a.id) }
                case .unknown(let suggestions):
                    let hint = suggestions.isEmpty ? "" : " — menade du \(suggestions.joined(separator: " eller "))?"
                    let hintEN = suggestions.isEmpty ? "" : " — did you mean \(suggestions.joined(separator: " or "))?"
                    error(
                        .area, line, "okänt område \"\(part)\"\(hint)", "unknown area \"\(part)\"\(hintEN)", expected: Self.expected(.area))
                }
            }
            if areas.isEmpty && errors.isEmpty { error(.area, line, "fältet Område är tomt", "the field Område is empty") }
            fields.areas = areas
        }
        if let (value, _) = raw[.place], !value.isEmpty { fields.place = Redaction.redact(String(value.prefix(500))).text }
        if let (value, line) = raw[.category], !value.isEmpty {
            let m = index.matchCategories(Substring(value), maxUnknown: 5)
            for u in m.unknown {
                let names = u.suggestions.map { "\($0.name) (\($0.code))" }
                error(
                    .category, line,
                    "okänd kategori \"\(u.value)\"" + (names.isEmpty ? "" : " — menade du \(names.joined(separator: " eller "))?"),
                    "unknown category \"\(u.value)\"" + (names.isEmpty ? "" : " — did you mean \(names.joined(separator: " or "))?"),
                    expected: Self.expected(.category))
            }
            fields.categories = m.codes
        }
        fields.start = date(.start, raw)
        fields.end = date(.end, raw)
        fields.followUp = date(.followUp, raw)
        if let (value, _) = raw[.responsible], !value.isEmpty { fields.responsible = String(value.prefix(200)) }
        if let (value, line) = raw[.status], !value.isEmpty {
            if let status = Self.status(value) {
                fields.status = status
            } else {
                error(.status, line, "okänd status \"\(value)\"", "unknown status \"\(value)\"", expected: Self.expected(.status))
            }
        }
        var redacted = false
        if let (value, _) = raw[.description], !value.isEmpty {
            let r = Redaction.redact(String(value.prefix(5_000)))
            fields.description = r.text
            redacted = r.redacted
        }

        if case .register = action {
            for f in [InsatsField.insats, .area, .start] where raw[f] == nil || (f == .insats && fields.title == nil && errors.isEmpty) {
                error(
                    f, raw[f]?.line ?? 1, "fältet \(f.swedishName) saknas", "the field \(f.swedishName) is missing",
                    expected: Self.expected(f))
            }
        } else if fields.given.filter({ $0 != .insats }).isEmpty {
            error(
                .insats, raw[.insats]?.line ?? 1, "inga fält att ändra", "no fields to change",
                expected: ("t.ex. Status: genomförd eller Slut: 2018-11-30", "e.g. Status: genomförd or Slut: 2018-11-30"))
        }
        if let start = fields.start, let end = fields.end, end < start, let line = raw[.end]?.line {
            error(
                .end, line, "slutdatumet \(end.iso) ligger före start \(start.iso)", "the end \(end.iso) is before the start \(start.iso)")
        }
        return InsatsMail(action: action, fields: fields, errors: errors, warnings: warnings, redacted: redacted)
    }

    private mutating func date(_ f: InsatsField, _ raw: [InsatsField: (value: String, line: Int)]) -> LocalDate? {
        guard let (value, line) = raw[f], !value.isEmpty else { return nil }
        guard value.utf8.count <= ReportLimits.maxStructuredBytes, let read = DateReading.read(Substring(value), reference: reference),
            read.remainder == nil
        else {
            error(f, line, "kunde inte läsa datumet \"\(value)\"", "could not read the date \"\(value)\"", expected: Self.expected(f))
            return nil
        }
        // Dates of insatser are often ahead: a date without a year written more than half a year
        // back ("1/10" in September) means the coming one, not last year's.
        var date = read.date
        if reference.days(since: date) > 183, !value.contains(String(date.year)) {
            date = LocalDate(year: date.year + 1, month: date.month, day: date.month == 2 ? min(date.day, 28) : date.day)
        }
        return date
    }

    static func status(_ value: String) -> InsatsStatus? {
        var f = Text.fold(Substring(value))
        while let l = f.last, l == "." || l == "!" { f.removeLast() }
        switch f {
        case "planerad", "planerat", "planned": return .planerad
        case "pagar", "pagaende", "paborjad", "startad", "ongoing": return .pagar
        case "genomford", "genomfort", "klar", "avslutad", "completed", "done": return .genomford
        case "avbruten", "avbrutet", "installd", "cancelled", "canceled": return .avbruten
        default: return nil
        }
    }

    static func expected(_ f: InsatsField) -> (String, String) {
        switch f {
        case .insats:
            return ("en kort rubrik, eller ett referensnummer som INS-2018-0007", "a short title, or a reference like INS-2018-0007")
        case .area: return ("ett eller flera områden, t.ex. Råby eller Råby, Hammarby", "one or more areas, e.g. Råby or Råby, Hammarby")
        case .category: return ("en eller flera kategorier, t.ex. Klotter, SKAD", "one or more categories, e.g. Klotter, SKAD")
        case .start, .end, .followUp: return ("ett datum som 2018-10-01, 1/10 eller idag", "a date like 2018-10-01, 1/10 or idag")
        case .status: return ("planerad, pågår, genomförd eller avbruten", "planerad, pågår, genomförd or avbruten")
        default: return ("", "")
        }
    }
}
