import Domain
import Foundation
import Insatser
import ReadModels

/// The pilot's three areas and a few categories, and rows spread over date ranges, for building effects by hand.
enum Fixtures {
    static let raby = Area(id: "raby", name: "Råby")
    static let hammarby = Area(id: "hammarby", name: "Hammarby")
    static let backby = Area(id: "backby", name: "Bäckby/Skälby")
    static let areas = [raby, hammarby, backby]
    static let categories = [
        Category(code: "KLOT", name: "Klotter"), Category(code: "SKAD", name: "Skadegörelse"), Category(code: "NARK", name: "Narkotika"),
    ]
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates").path

    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    static func days(_ first: String, _ last: String) -> DateRange { DateRange(first: date(first), last: date(last))! }

    /// An insats in Råby against graffiti, from Monday 3 September 2018 (week 36); follow-up 29 October (Start + 8
    /// weeks), so with week 44 closed both windows are 8 whole weeks: 9 July – 2 September and 3 September – 28 October.
    static func insats(
        start: String = "2018-09-03", end: String? = nil, followUp: String? = nil, place: String? = nil, categories: [String] = ["KLOT"],
        areas: [String] = ["raby"], status: InsatsStatus = .pagar
    ) -> Insats {
        Insats(
            title: "Kvällsvandringar", areas: areas, place: place, categories: categories, start: date(start), end: end.map(date),
            followUp: followUp.map(date), status: status)
    }

    static let closed = ISOWeek(year: 2018, week: 44)

    static func effect(_ insats: Insats, _ rows: Rows, lastClosedWeek: ISOWeek = closed, minimumEvents: Int = 10) -> InsatsEffect {
        InsatsEffect.build(
            insats: insats, reference: "INS-2018-0007", input: InsatsEffectInput(incidents: rows.rows), areas: areas,
            categories: categories, windows: InsatsWindows(insats: insats, lastClosedWeek: lastClosedWeek),
            minimumEvents: minimumEvents)
    }
}

/// Incident rows with unique references, `count` of them spread evenly over a range of days.
struct Rows {
    private(set) var rows: [InsatsEffectInput.IncidentRow] = []

    mutating func add(
        _ count: Int, area: String = "raby", in range: DateRange, categories: [String] = ["KLOT"], place: String = "Torget"
    ) {
        for i in 0..<count {
            rows.append(
                InsatsEffectInput.IncidentRow(
                    reference: IncidentReference.make(year: 2018, number: rows.count + 1),
                    date: range.first.adding(days: i * range.days / count), area: area, categories: categories, place: place))
        }
    }

    /// Eight weeks before and after the default insats's start.
    static let before = Fixtures.days("2018-07-09", "2018-09-02")
    static let after = Fixtures.days("2018-09-03", "2018-10-28")

    /// `target` incidents before and after in Råby, `comparison` before and after in each of the other two areas.
    static func counts(target: (Int, Int), comparison: (Int, Int)) -> Rows {
        var rows = Rows()
        rows.add(target.0, in: before)
        rows.add(target.1, in: after)
        for area in ["hammarby", "backby"] {
            rows.add(comparison.0, area: area, in: before)
            rows.add(comparison.1, area: area, in: after)
        }
        return rows
    }
}
