import Domain
import ReadModels

extension InsatsEffect {
    /// An insats with a place, halfway to its follow-up, for the templates' trial run: every section shows.
    static var sample: InsatsEffect { sample(lastClosedWeek: ISOWeek(year: 2018, week: 39)) }

    /// The same insats before its first week is closed: the templates' other branch.
    static var sampleNotMeasured: InsatsEffect { sample(lastClosedWeek: ISOWeek(year: 2018, week: 35)) }

    private static func sample(lastClosedWeek: ISOWeek) -> InsatsEffect {
        let areas = [Area(id: "raby", name: "Råby"), Area(id: "hammarby", name: "Hammarby")]
        let categories = [Category(code: "KLOT", name: "Klotter"), Category(code: "SKAD", name: "Skadegörelse")]
        let insats = Insats(
            title: "Kvällsvandringar i Råby centrum", areas: ["raby"], place: "Råby centrum", categories: ["KLOT"],
            start: LocalDate(year: 2018, month: 9, day: 5), responsible: "Fältgruppen", status: .pagar)
        let windows = InsatsWindows(insats: insats, lastClosedWeek: lastClosedWeek)
        // Two incidents a week in Råby before (every other one at the centre), one a week after; Hammarby steady.
        var rows: [InsatsEffectInput.IncidentRow] = []
        var day = windows.span.first
        var number = 1
        while day <= windows.span.last {
            let after = day >= insats.start
            if day.weekday == 2 || (!after && day.weekday == 5) {
                rows.append(
                    .init(
                        reference: IncidentReference.make(year: 2018, number: number), date: day, area: "raby", categories: ["KLOT"],
                        place: number.isMultiple(of: 2) ? "Råby centrum" : "Råbyvägen 12"))
                number += 1
            }
            if day.weekday == 3 {
                rows.append(
                    .init(
                        reference: IncidentReference.make(year: 2018, number: number), date: day, area: "hammarby", categories: ["KLOT"],
                        place: "Torget"))
                number += 1
            }
            day = day.adding(days: 1)
        }
        return build(
            insats: insats, reference: "INS-2018-0007", input: InsatsEffectInput(incidents: rows), areas: areas,
            categories: categories, windows: windows, minimumEvents: 10)
    }
}
