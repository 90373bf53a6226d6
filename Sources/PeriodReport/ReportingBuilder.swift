import Domain
import Foundation
import ReadModels

/// Who reported in which week of the period, and how reporting went: the report's sections on the reporters.
enum ReportingBuilder {
    /// Weeks an organisation must have reported in to count as started on time, or as still reporting at the end.
    static let edgeWeeks = 3

    /// Closed weeks whose Thursday is a counted day: a week belongs to the period that holds most of its days.
    static func weeks(_ days: DateRange, today: LocalDate) -> [ISOWeek] {
        days.isoWeeks.filter { days.contains($0.monday.adding(days: 3)) && $0.sunday < today }
    }

    static func summary(
        _ reports: [PeriodReportRow], incidents: [PeriodIncidentRow], days: DateRange, today: LocalDate, options: PeriodReportOptions
    ) -> ReportingSummary {
        let weeks = weeks(days, today: today)
        let weekSet = Set(weeks)
        struct State { var reported = Set<ISOWeek>(); var zero = Set<ISOWeek>(); var rejected = 0 }
        var states: [String: State] = [:]
        for report in reports where weekSet.contains(report.week) {
            var state = states[report.organisation] ?? State()
            if !report.accepted {
                state.rejected += 1
            } else if report.zeroReport {
                state.zero.insert(report.week)
            } else {
                state.reported.insert(report.week)
            }
            states[report.organisation] = state
        }
        let incidentsBy = Dictionary(grouping: incidents, by: \.organisation).mapValues(\.count)
        var organisations: [OrganisationWeeks] = []
        for organisation in options.organisations {
            let state = states[organisation.id] ?? State()
            // Organisations not expected weekly are shown only when they sent something.
            guard organisation.expectedWeekly || !state.reported.isEmpty || !state.zero.isEmpty || state.rejected > 0 else { continue }
            let marks = weeks.map { week -> OrganisationWeeks.Mark in
                state.reported.contains(week) ? .reported : state.zero.contains(week) ? .zeroReport : .missing
            }
            organisations.append(
                OrganisationWeeks(
                    organisation: organisation, marks: marks, rejected: state.rejected, incidents: incidentsBy[organisation.id] ?? 0))
        }
        let expected = organisations.filter(\.organisation.expectedWeekly)
        let perWeek = weeks.indices.map { i in expected.filter { $0.marks[i] != .missing }.count }
        return ReportingSummary(weeks: weeks, organisations: organisations, reportingPerWeek: perWeek, expected: expected.count)
    }

    static func process(
        _ input: PeriodReportInput, incidents: [PeriodIncidentRow], options: PeriodReportOptions
    )
        -> ReportingProcess
    {
        let received = input.reports
        let delays = incidents.map { max(0, LocalDate($0.receivedAt, in: options.timeZone).days(since: $0.date)) }.sorted()
        var median: Double? = nil
        if !delays.isEmpty {
            let mid = delays.count / 2
            median = delays.count % 2 == 1 ? Double(delays[mid]) : Double(delays[mid - 1] + delays[mid]) / 2
        }
        return ReportingProcess(
            accepted: received.filter { $0.accepted && !$0.zeroReport }.count,
            zeroReports: received.filter { $0.accepted && $0.zeroReport }.count,
            rejected: received.filter { !$0.accepted }.count,
            reasons: Array(reasons(input.rejectionErrors).prefix(options.reasonCount)),
            incidents: incidents.count, corrected: incidents.filter { $0.state == .corrected }.count,
            withdrawn: input.withdrawn, medianDelayDays: median)
    }

    /// The same error about different values is one reason: "okänd kategori "…"" however it was misspelt.
    static func reasons(_ rows: [RejectionErrorRow]) -> [ErrorReason] {
        var merged: [String: ErrorReason] = [:]
        for row in rows {
            let text = ErrorText.general(row.text)
            let key = (row.field ?? "") + "\u{1F}" + text
            var reason = merged[key] ?? ErrorReason(field: row.field, text: text, count: 0)
            reason.count += row.count
            merged[key] = reason
        }
        return merged.values.sorted { ($0.count, $1.field ?? "", $1.text) > ($1.count, $0.field ?? "", $0.text) }
    }

    /// Organisations expected weekly whose first report came after the first weeks of the period.
    static func started(_ reporting: ReportingSummary) -> [Organisation] {
        guard reporting.weeks.count > 2 * edgeWeeks else { return [] }
        return reporting.organisations.filter { o in
            guard o.organisation.expectedWeekly, let first = o.marks.firstIndex(where: { $0 != .missing }) else { return false }
            return first >= edgeWeeks
        }.map(\.organisation)
    }

    /// Organisations expected weekly that reported, but not in the last weeks of the period.
    static func stopped(_ reporting: ReportingSummary) -> [Organisation] {
        guard reporting.weeks.count > 2 * edgeWeeks else { return [] }
        return reporting.organisations.filter { o in
            guard o.organisation.expectedWeekly, let last = o.marks.lastIndex(where: { $0 != .missing }) else { return false }
            return last < o.marks.count - edgeWeeks
        }.map(\.organisation)
    }
}

/// Error texts without what differs from mail to mail, so that the same mistake is counted as one reason.
enum ErrorText {
    /// Quoted values become `"…"`, numbers and dates `…`, and a suggestion after ` — ` is dropped. One pass.
    static func general(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        var inQuote = false
        while i < chars.count {
            let c = chars[i]
            if inQuote {
                if c == "\"" {
                    inQuote = false
                    out += "…\""
                }
                i += 1
                continue
            }
            if c == " ", i + 2 < chars.count, chars[i + 1] == "—", chars[i + 2] == " " { break }
            if c == "\"" {
                inQuote = true
                out.append(c)
            } else if c.isNumber {
                out += "…"
                // The whole number, date or time: digits joined by - : . / , followed by a digit.
                while i + 1 < chars.count,
                    chars[i + 1].isNumber || ("-:./,".contains(chars[i + 1]) && i + 2 < chars.count && chars[i + 2].isNumber)
                {
                    i += 1
                }
            } else {
                out.append(c)
            }
            i += 1
        }
        if inQuote { out += "…\"" }
        return out.trimmingCharacters(in: .whitespaces)
    }
}
