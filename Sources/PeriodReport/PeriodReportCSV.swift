import Digest
import Domain
import OutgoingMail

/// The period's incidents and weekly series as CSV files for the working group's own spreadsheets, in the
/// report's language: one row per incident, and one row per week and area with a column per category.
public enum PeriodReportCSV {
    public static let contentType = "text/csv; charset=utf-8"

    public static func attachments(_ report: PeriodReport, language: Language) -> [Attachment] {
        let sv = language == .swedish
        let key = report.period.key.replacingOccurrences(of: "..", with: "_")
        return [
            Attachment(
                filename: "est-\(sv ? "händelser" : "incidents")-\(key).csv", contentType: contentType,
                data: incidents(report, language: language)),
            Attachment(
                filename: "est-\(sv ? "veckor" : "weekly")-\(key).csv", contentType: contentType,
                data: weekly(report, language: language)),
        ]
    }

    public static func incidents(_ report: PeriodReport, language: Language) -> [UInt8] {
        let l = ReportLabels(language: language)
        let sv = l.sv
        var table = CSVTable(
            header: sv
                ? [
                    "Referens", "Datum", "Vecka", "Veckodag", "Tid från", "Tid till", "Tid på dygnet", "Område", "Område-id", "Plats",
                    "Platstyp", "Kategorier", "Kategorikoder", "Organisation", "Bedömning", "Polisanmält", "Status", "Rapporterad",
                    "Beskrivning",
                ]
                : [
                    "Reference", "Date", "Week", "Weekday", "Time from", "Time to", "Part of day", "Area", "Area id", "Place",
                    "Place type", "Categories", "Category codes", "Organisation", "Severity", "Police reported", "State",
                    "Reported on", "Description",
                ])
        for incident in report.incidents {
            let row = incident.row
            let bucket = TimeBucket(timeFrom: row.timeFrom, partOfDay: row.partOfDay)
            table.add([
                row.reference, row.date.iso, row.date.isoWeek.description, l.weekdays[row.date.weekday - 1], row.timeFrom ?? "",
                row.timeTo ?? "", bucket == .unknown ? "" : l.bucket(bucket), CSVTable.text(incident.areaName), row.area,
                CSVTable.text(TextLines.single(row.place)), row.placeType ?? "", incident.categoryNames.joined(separator: "; "),
                row.categories.joined(separator: ";"), CSVTable.text(incident.organisationName), row.severity.map(String.init) ?? "",
                row.policeReported.map(l.policeReported) ?? "", l.state(row.state), incident.reportedOn.iso,
                CSVTable.text(row.description),
            ])
        }
        return table.bytes
    }

    public static func weekly(_ report: PeriodReport, language: Language) -> [UInt8] {
        let l = ReportLabels(language: language)
        let sv = l.sv
        var categories: [Category] = []
        for category in report.areas.flatMap({ $0.categories.map(\.category) }) where !categories.contains(category) {
            categories.append(category)
        }
        let safetyByArea = Dictionary(report.safety.map { ($0.area.id, $0) }, uniquingKeysWith: { a, _ in a })
        let withSafety = !report.safety.isEmpty
        var header =
            sv
            ? ["Vecka", "Måndag", "Dagar i perioden", "Område", "Område-id", "Händelser"]
            : ["Week", "Monday", "Days in period", "Area", "Area id", "Incidents"]
        header += categories.map { "\($0.name) (\($0.code))" }
        if withSafety { header += sv ? ["Trygghet svar", "Trygghet medel"] : ["Safety answers", "Safety mean"] }
        var table = CSVTable(header: header)
        for (i, week) in report.weeks.enumerated() {
            let days = (0..<7).filter { report.counted.contains(week.monday.adding(days: $0)) }.count
            for area in report.areas {
                var row = [
                    week.description, week.monday.iso, String(days), CSVTable.text(area.area.name), area.area.id,
                    String(area.summary.weekly[i]),
                ]
                for category in categories {
                    row.append(String(area.categories.first { $0.category.code == category.code }?.summary.weekly[i] ?? 0))
                }
                if withSafety {
                    let w = safetyByArea[area.area.id]?.weeks[i]
                    row += [String(w?.answers ?? 0), w?.mean.map { l.decimal($0, digits: 2) } ?? ""]
                }
                table.add(row)
            }
        }
        return table.bytes
    }
}
