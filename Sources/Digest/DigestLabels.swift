import Domain
import Foundation
import Statistics

/// The words the renderer puts into aligned text tables and short values; the prose is in the templates.
struct DigestLabels: Sendable {
    let language: Language

    var sv: Bool { language == .swedish }

    /// "händelse" or "händelser" (incident/incidents) to go with a count.
    func incidents(_ count: Int) -> String {
        sv ? (count == 1 ? "händelse" : "händelser") : (count == 1 ? "incident" : "incidents")
    }

    /// The singular or plural of the digest's language, to go with a count.
    func plural(_ count: Int, sv swedish: (String, String), en english: (String, String)) -> String {
        let (one, many) = sv ? swedish : english
        return count == 1 ? one : many
    }

    func number(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return sv ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    func weekShort(_ week: ISOWeek) -> String { sv ? "v.\(week.week)" : "w\(week.week)" }

    func weekRange(_ weeks: [ISOWeek]) -> String {
        guard let first = weeks.first, let last = weeks.last else { return "" }
        if first == last { return weekShort(first) }
        let prefix = sv ? "v." : "w"
        if first.year == last.year { return "\(prefix)\(first.week)–\(last.week)" }
        return "\(prefix)\(first.week) \(first.year)–\(prefix)\(last.week) \(last.year)"
    }

    static let weekdaysSV = ["mån", "tis", "ons", "tor", "fre", "lör", "sön"]
    static let weekdaysEN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let monthsSV = [
        "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
        "oktober", "november", "december",
    ]
    static let monthsEN = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    var weekdays: [String] { sv ? Self.weekdaysSV : Self.weekdaysEN }

    func month(_ m: Int) -> String { (sv ? Self.monthsSV : Self.monthsEN)[max(0, min(11, m - 1))] }

    /// `3–9 september 2018`, `27 augusti–2 september 2018`, `31 december 2018–6 januari 2019`.
    func period(_ week: ISOWeek) -> String {
        let a = week.monday, b = week.sunday
        if a.year != b.year { return "\(a.day) \(month(a.month)) \(a.year)–\(b.day) \(month(b.month)) \(b.year)" }
        if a.month != b.month { return "\(a.day) \(month(a.month))–\(b.day) \(month(b.month)) \(b.year)" }
        return "\(a.day)–\(b.day) \(month(b.month)) \(b.year)"
    }

    /// `tis 4/9` (sv), `Tue 4 Sep` (en).
    func shortDate(_ date: LocalDate) -> String {
        let day = weekdays[date.weekday - 1]
        return sv ? "\(day) \(date.day)/\(date.month)" : "\(day) \(date.day) \(month(date.month).prefix(3))"
    }

    func bucket(_ b: TimeBucket) -> String { b.name(language) }

    func hours(_ b: TimeBucket) -> String {
        guard let part = b.partOfDay else { return "" }
        func two(_ h: Int) -> String { h < 10 ? "0\(h)" : "\(h)" }
        return "\(two(part.hours.lowerBound))–\(two(part.hours.upperBound))"
    }

    func time(_ incident: DigestIncident) -> String {
        if let from = incident.timeFrom {
            if let to = incident.timeTo { return "\(from)–\(to)" }
            return from
        }
        if let part = incident.partOfDay { return sv ? part.swedish : bucket(TimeBucket(timeFrom: nil, partOfDay: part)) }
        return ""
    }

    func status(_ r: OrganisationReporting) -> String {
        switch r.status {
        case .reported:
            if sv { return r.incidents == 1 ? "rapporterat, 1 händelse" : "rapporterat, \(r.incidents) händelser" }
            return r.incidents == 1 ? "reported, 1 incident" : "reported, \(r.incidents) incidents"
        case .zeroReport:
            return sv ? "nollrapport (inga händelser)" : "zero report (nothing happened)"
        case .missing:
            guard let n = r.weeksMissing else { return sv ? "ej rapporterat – aldrig rapporterat" : "not reported – never has" }
            if n <= 1 { return sv ? "ej rapporterat" : "not reported" }
            return sv ? "ej rapporterat – \(n) veckor i rad" : "not reported – \(n) weeks in a row"
        }
    }

    func rejected(_ n: Int) -> String {
        guard n > 0 else { return "" }
        if sv { return n == 1 ? "1 avvisad rapport" : "\(n) avvisade rapporter" }
        return n == 1 ? "1 rejected report" : "\(n) rejected reports"
    }

    func method(_ m: SpikeMethod) -> String {
        switch m {
        case .bayes: return sv ? "Bayes (negativ binomial)" : "Bayes (negative binomial)"
        case .cusum: return "CUSUM"
        }
    }

    /// Held-reply reasons (HoldReason) and quarantine reasons in words; unknown ones as they are.
    func reason(_ code: String) -> String {
        let words: [String: (String, String)] = [
            "recipient-cap": ("takgräns per mottagare och timme", "per-recipient hourly cap"),
            "hourly-cap": ("takgräns för alla svar per timme", "overall hourly cap"),
            "rejection-already-sent-today": ("avvisning redan skickad i dag", "rejection already sent today"),
            "bad-from": ("saknad eller ogiltig avsändare (From)", "missing or invalid sender (From)"),
            "authentication-failed": ("avsändaren kunde inte verifieras", "sender authentication failed"),
            "oversized": ("för stort mejl", "message too large"),
            "crashed-parser": ("fick gatewayen att krascha två gånger, sparat oläst", "crashed the gateway twice, kept unread"),
            "mime-too-deep": ("för djupt nästlad MIME", "MIME nested too deeply"),
            "mime-too-many-parts": ("för många MIME-delar", "too many MIME parts"),
        ]
        guard let pair = words[code] else { return code.isEmpty ? "–" : code }
        return sv ? pair.0 : pair.1
    }

    /// A mean Trygghet rating with one decimal, or that the week had no answers.
    func safetyMean(_ mean: Double?) -> String { mean.map(number) ?? noAnswers }

    var noAnswers: String { sv ? "inga svar" : "no answers" }
    var answersHeader: String { sv ? "svar" : "answers" }
    var total: String { sv ? "Totalt" : "Total" }
    var areaHeader: String { sv ? "Område" : "Area" }
    var categoryHeader: String { sv ? "Kategori" : "Category" }
    var meanHeader: String { sv ? "snitt" : "mean" }
    var trendHeader: String { "trend" }
    var placeHeader: String { sv ? "Plats" : "Place" }
    var countHeader: String { sv ? "antal" : "count" }
    var latestHeader: String { sv ? "senast" : "latest" }
    var partHeader: String { sv ? "Tid på dygnet" : "Part of day" }
    var organisationHeader: String { sv ? "Organisation" : "Organisation" }
    var longHeader: String { sv ? "8 v." : "8 wks" }
    func longHeader(_ weeks: Int) -> String { sv ? "\(weeks) v." : "\(weeks) wks" }
}

extension TimeBucket {
    /// The part of the day as the digest and the period report name it.
    public func name(_ language: Language) -> String {
        let sv = language == .swedish
        switch self {
        case .natt: return sv ? "natt" : "night"
        case .morgon: return sv ? "morgon" : "morning"
        case .formiddag: return sv ? "förmiddag" : "late morning"
        case .eftermiddag: return sv ? "eftermiddag" : "afternoon"
        case .kvall: return sv ? "kväll" : "evening"
        case .dag: return sv ? "dag (ospec.)" : "day (unspec.)"
        case .unknown: return sv ? "okänd" : "unknown"
        }
    }
}
