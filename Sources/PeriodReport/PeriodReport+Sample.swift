import Domain
import Foundation
import ReadModels

extension PeriodReport {
    /// A small report with every section filled, for the templates' trial run.
    static var sample: PeriodReport {
        let utc = TimeZone(identifier: "UTC")!
        let period = ReportPeriod.tertial(year: 2018, number: 3)
        let area = Area(id: "raby", name: "Råby")
        let organisation = Organisation(id: "mimer", name: "Bostads AB Mimer")
        let day = LocalDate(year: 2018, month: 9, day: 4)
        let rows = (0..<12).map { i in
            PeriodIncidentRow(
                reference: "EST-2018-0000\(10 + i)", area: "raby", place: "Råbyvägen 12", date: day.adding(days: 7 * i),
                timeFrom: "21:30", categories: ["KLOT"], description: "Klotter i trapphuset.", organisation: "mimer",
                receivedAt: day.adding(days: 7 * i + 1).start(in: utc))
        }
        let input = PeriodReportInput(
            incidents: rows, withdrawn: 1,
            reports: rows.map {
                PeriodReportRow(organisation: "mimer", week: $0.date.isoWeek, accepted: true, zeroReport: false, receivedAt: $0.receivedAt)
            },
            rejectionErrors: [RejectionErrorRow(field: "Kategori", text: "okänd kategori \"klottring\"", count: 1)],
            firstIncidentDate: day,
            safety: [WeeklySafety(area: "raby", week: day.isoWeek, answers: 2, scoreTotal: 7)],
            insatser: [
                InsatsRow(
                    reference: "INS-2018-0001", title: "Kvällsvandringar", areas: ["raby"], status: .pagar, start: day, end: nil,
                    figures: "före 12, efter 6", sentence: "I Råby minskade antalet händelser.")
            ])
        let options = PeriodReportOptions(
            timeZone: utc, areas: [area], categories: [Category(code: "KLOT", name: "Klotter")], organisations: [organisation])
        return PeriodReportBuilder.build(
            input, period: period, options: options, now: LocalDate(year: 2019, month: 1, day: 7).start(in: utc))
    }
}
