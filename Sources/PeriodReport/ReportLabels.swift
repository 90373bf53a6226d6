import Digest
import Domain
import Foundation

/// The words the renderer puts into tables, charts and short values; the prose is in the templates.
struct ReportLabels: Sendable {
    let language: Language

    var sv: Bool { language == .swedish }

    static let weekdaysSV = ["mån", "tis", "ons", "tor", "fre", "lör", "sön"]
    static let weekdaysEN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let monthsSV = [
        "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december",
    ]
    static let monthsEN = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    var weekdays: [String] { sv ? Self.weekdaysSV : Self.weekdaysEN }

    func month(_ m: Int) -> String { (sv ? Self.monthsSV : Self.monthsEN)[max(0, min(11, m - 1))] }

    func incidents(_ count: Int) -> String {
        sv ? (count == 1 ? "händelse" : "händelser") : (count == 1 ? "incident" : "incidents")
    }

    func weeks(_ count: Int) -> String { sv ? (count == 1 ? "vecka" : "veckor") : (count == 1 ? "week" : "weeks") }

    /// Written by hand, not by a locale's formatter, so that the text does not depend on the host's locale data.
    func decimal(_ value: Double, digits: Int = 1) -> String {
        let text = String(format: "%.\(digits)f", value)
        return sv ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// `78 %` with a no-break space, so that the sign stays with its number.
    func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))\(sv ? "\u{A0}%" : "%")" }

    func weekShort(_ week: ISOWeek) -> String { sv ? "v.\(week.week)" : "w\(week.week)" }

    /// `3 sep 2018`: a date in running text and tables.
    func date(_ d: LocalDate) -> String { "\(d.day) \(month(d.month).prefix(3)) \(d.year)" }

    /// `1 september 2018–28 februari 2019`, `1–30 september 2018`, `3 september–2 december 2018`.
    func range(_ r: DateRange) -> String {
        let a = r.first, b = r.last
        if a == b { return "\(a.day) \(month(a.month)) \(a.year)" }
        if a.year != b.year { return "\(a.day) \(month(a.month)) \(a.year)–\(b.day) \(month(b.month)) \(b.year)" }
        if a.month != b.month { return "\(a.day) \(month(a.month))–\(b.day) \(month(b.month)) \(b.year)" }
        return "\(a.day)–\(b.day) \(month(b.month)) \(b.year)"
    }

    /// `1 sep–30 nov`: a short range for table headers.
    func shortRange(_ r: DateRange) -> String {
        let a = r.first, b = r.last
        let year = a.year == b.year ? "" : " \(a.year)"
        return "\(a.day) \(month(a.month).prefix(3))\(year)–\(b.day) \(month(b.month).prefix(3))\(year.isEmpty ? "" : " \(b.year)")"
    }

    func weekRange(_ weeks: [ISOWeek]) -> String {
        guard let first = weeks.first, let last = weeks.last else { return "" }
        if first == last { return weekShort(first) }
        let prefix = sv ? "v." : "w"
        if first.year == last.year { return "\(prefix)\(first.week)–\(last.week)" }
        return "\(prefix)\(first.week) \(first.year)–\(prefix)\(last.week) \(last.year)"
    }

    /// What the report is called: `tertial 3 2018 (september–december)`, `pilotperioden`, `1 sep–15 okt 2018`.
    func title(_ period: ReportPeriod) -> String {
        switch period {
        case .tertial(let year, let n):
            let months = "\(month((n - 1) * 4 + 1))–\(month(n * 4))"
            return sv ? "tertial \(n) \(year) (\(months))" : "tertial \(n) \(year) (\(months))"
        case .quarter(let year, let n):
            let months = "\(month((n - 1) * 3 + 1))–\(month(n * 3))"
            return sv ? "kvartal \(n) \(year) (\(months))" : "quarter \(n) \(year) (\(months))"
        case .pilot: return sv ? "pilotperioden" : "the pilot"
        case .dates(let r): return range(r)
        }
    }

    /// The subject's short name: `T3 2018`, `Q4 2018`, `pilot`, `2018-09-01–2018-10-15`.
    func short(_ period: ReportPeriod) -> String {
        switch period {
        case .tertial(let year, let n): return "T\(n) \(year)"
        case .quarter(let year, let n): return "Q\(n) \(year)"
        case .pilot: return sv ? "pilotperioden" : "pilot"
        case .dates(let r): return "\(r.first.iso)–\(r.last.iso)"
        }
    }

    /// As the digest names them, but an unknown time says so in full (it stands alone in the CSV).
    func bucket(_ b: TimeBucket) -> String { b == .unknown ? (sv ? "okänd tid" : "time unknown") : b.name(language) }

    /// The short column heads of the weekday × part-of-day table.
    func bucketShort(_ b: TimeBucket) -> String {
        switch b {
        case .natt: return sv ? "natt" : "night"
        case .morgon: return sv ? "morg" : "morn"
        case .formiddag: return sv ? "fm" : "l.m."
        case .eftermiddag: return sv ? "em" : "aftn"
        case .kvall: return sv ? "kväll" : "eve"
        case .dag: return sv ? "dag" : "day"
        case .unknown: return "?"
        }
    }

    func hours(_ b: TimeBucket) -> String {
        guard let part = b.partOfDay else { return "" }
        func two(_ h: Int) -> String { h < 10 ? "0\(h)" : "\(h)" }
        return "\(two(part.hours.lowerBound))–\(two(part.hours.upperBound))"
    }

    func policeReported(_ p: PoliceReported) -> String {
        switch p {
        case .yes: return sv ? "ja" : "yes"
        case .no: return sv ? "nej" : "no"
        case .unknown: return sv ? "vet ej" : "unknown"
        }
    }

    func state(_ s: IncidentState) -> String {
        switch s {
        case .active: return sv ? "aktiv" : "active"
        case .corrected: return sv ? "rättad" : "corrected"
        case .withdrawn: return sv ? "återkallad" : "withdrawn"
        }
    }

    func status(_ s: InsatsStatus) -> String { sv ? s.rawValue : s.english }

    var total: String { sv ? "Alla områden" : "All areas" }
}

/// Free text on one line, for table cells.
enum TextLines {
    static func single(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }
}
