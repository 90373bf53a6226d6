import Domain
import Foundation
import GRDB
import ReadModels

extension GatewayStore {
    /// Everything one period report reads, in one consistent snapshot, so that a report stored meanwhile is in all
    /// of its numbers or in none.
    public func periodReportInput(_ request: PeriodReportRequest) throws -> PeriodReportInput {
        try pool.read { db in
            var input = PeriodReportInput()
            let days: StatementArguments = [request.first.iso, request.last.iso]
            input.incidents = try Row.fetchAll(
                db,
                sql: """
                    SELECT i.*, r.organisation AS r_organisation, m.received_at AS m_received_at
                    FROM incidents i JOIN reports r ON r.id = i.report JOIN messages m ON m.id = r.message
                    WHERE r.status = 'accepted' AND \(IncidentRecord.counts) AND i.date >= ? AND i.date <= ?
                    ORDER BY i.date, COALESCE(i.time_from, ''), i.ref
                    """, arguments: days
            ).map { row in
                let i = try IncidentRecord(row: row)
                return PeriodIncidentRow(
                    reference: i.ref, area: i.area, place: i.place, placeType: i.placeType,
                    date: LocalDate(iso: i.date) ?? request.first, timeFrom: i.timeFrom, timeTo: i.timeTo,
                    partOfDay: i.timeOfDay.flatMap(PartOfDay.init(rawValue:)), categories: i.categoryCodes,
                    description: i.description, organisation: row["r_organisation"], severity: i.severity,
                    policeReported: i.policeReported.flatMap(PoliceReported.init(rawValue:)), state: i.incidentState,
                    receivedAt: row["m_received_at"])
            }
            input.withdrawn =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM incidents i JOIN reports r ON r.id = i.report
                        WHERE r.status = 'accepted' AND i.state = 'withdrawn' AND i.date >= ? AND i.date <= ?
                        """, arguments: days) ?? 0
            input.reports = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.organisation, r.week, r.status, r.zero_report, m.received_at
                    FROM reports r JOIN messages m ON m.id = r.message WHERE r.week >= ? AND r.week <= ?
                    """, arguments: [request.firstWeek.description, request.lastWeek.description]
            ).compactMap { row in
                ISOWeek(row["week"] as String).map {
                    PeriodReportRow(
                        organisation: row["organisation"], week: $0, accepted: (row["status"] as String) == "accepted",
                        zeroReport: row["zero_report"], receivedAt: row["received_at"])
                }
            }
            input.rejectionErrors = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.field, d.text, COUNT(*) AS n FROM diagnostics d JOIN reports r ON r.message = d.message
                    WHERE r.status = 'rejected' AND d.severity = 'error' AND r.week >= ? AND r.week <= ?
                    GROUP BY d.field, d.text
                    """, arguments: [request.firstWeek.description, request.lastWeek.description]
            ).map { RejectionErrorRow(field: $0["field"], text: $0["text"], count: $0["n"]) }
            input.firstIncidentDate = try String.fetchOne(
                db,
                sql: """
                    SELECT MIN(i.date) FROM incidents i JOIN reports r ON r.id = i.report
                    WHERE r.status = 'accepted' AND \(IncidentRecord.counts)
                    """
            ).flatMap { LocalDate(iso: $0) }
            input.safety = try Self.safetyRows(db, from: request.firstWeek, to: request.lastWeek, area: nil, byArea: true)
            // The insatser's figures need their measurement (the Insatser module): the periodic runner adds them.
            input.insatser = []
            return input
        }
    }

    /// Reports (accepted or rejected) of the ISO weeks `from` … `to`: whether a period has anything to report on.
    public func reportCount(from: ISOWeek, to: ISOWeek) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM reports WHERE week >= ? AND week <= ?", arguments: [from.description, to.description]) ?? 0
        }
    }
}
