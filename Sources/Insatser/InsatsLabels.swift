import Domain
import Statistics

/// The short words the insats texts are put together from, Swedish or English; the prose is in the templates and,
/// for the change itself, in `ChangeSentence`. Dates are ISO (2018-09-03), the form Swedish readers use too.
struct InsatsLabels: Sendable {
    let language: Language

    var sv: Bool { language == .swedish }
    var numbers: SentenceNumbers { SentenceNumbers(language: language) }

    func weekShort(_ week: ISOWeek) -> String { sv ? "v.\(week.week)" : "w\(week.week)" }

    /// "Råby", "Råby och Bäckby", "Råby, Hammarby och Bäckby".
    func list(_ names: [String]) -> String {
        guard let last = names.last, names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + (sv ? " och " : " and ") + last
    }

    /// How the place series reads in a sentence: "Råby vid Råby centrum".
    func atPlace(areas: String, place: String) -> String { "\(areas) \(sv ? "vid" : "at") \(place)" }

    func categories(_ categories: [Category]) -> String {
        categories.isEmpty ? (sv ? "alla kategorier" : "all categories") : categories.map(\.name).joined(separator: ", ")
    }

    func status(_ status: InsatsStatus) -> String { sv ? status.rawValue : status.english }

    func range(_ days: DateRange) -> String { "\(days.first.iso) – \(days.last.iso)" }

    func weeks(_ value: Double) -> String {
        "\(numbers.weeks(value)) \(sv ? (value == 1 ? "vecka" : "veckor") : (value == 1 ? "week" : "weeks"))"
    }

    func days(_ value: Int) -> String { "\(value) \(sv ? (value == 1 ? "dag" : "dagar") : (value == 1 ? "day" : "days"))" }

    func incidents(_ count: Int) -> String {
        "\(count) \(sv ? (count == 1 ? "händelse" : "händelser") : (count == 1 ? "incident" : "incidents"))"
    }

    /// "3,1 per vecka" / "3.1 a week".
    func rate(_ value: Double) -> String { "\(numbers.rate(value)) \(sv ? "per vecka" : "a week")" }

    func cut(_ cut: InsatsWindows.Cut) -> String {
        switch cut {
        case .end: return sv ? "till insatsens slut" : "to the insats's end"
        case .followUp: return sv ? "till dagen före uppföljningen" : "to the day before the follow-up"
        case .lastClosedWeek: return sv ? "till och med senast avslutade vecka" : "through the last closed week"
        }
    }

    /// What stands in place of the after window before its first week is closed.
    func notMeasured(begins: LocalDate) -> String {
        sv
            ? "Ingen mätning efter start ännu: mätningen börjar när första veckan är slut (söndag \(begins.iso))."
            : "No measurement after the start yet: measuring begins when the first week is over (Sunday \(begins.iso))."
    }

    /// A rate ratio as the change in percent; "inga före" when there was nothing to compare with.
    func change(_ ratio: Double?) -> String {
        guard let ratio else { return "–" }
        return ratio == .infinity ? (sv ? "inga före" : "none before") : numbers.percent(ratio: ratio)
    }

    /// The interval of a rate ratio in percent, "−78 % till −12 %", open above when no incidents came before.
    func interval(_ interval: ConfidenceInterval?) -> String {
        guard let interval else { return "–" }
        let low = numbers.percent(ratio: interval.lower)
        if interval.upper == .infinity { return sv ? "\(low) eller mer" : "\(low) or more" }
        return "\(low) \(sv ? "till" : "to") \(numbers.percent(ratio: interval.upper))"
    }
}
