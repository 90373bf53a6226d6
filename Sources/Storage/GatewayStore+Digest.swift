import Domain
import Foundation
import GRDB
import ReadModels

extension GatewayStore {
    /// Everything one digest reads, in one consistent snapshot (mail-rules §5: "built from a
    /// consistent read"), so a report stored meanwhile is in all of its numbers or in none.
    public func digestInput(_ request: DigestRequest) throws -> DigestInput {
        try pool.read { db in
            var input = DigestInput()
            let counts: StatementArguments = [request.countsFrom.description, request.week.description]
            input.areaCounts = try Row.fetchAll(
                db,
                sql: """
                    SELECT i.area AS area, i.week AS week, COUNT(*) AS n FROM incidents i JOIN reports r ON r.id = i.report
                    WHERE r.status = 'accepted' AND \(IncidentRecord.counts) AND i.week >= ? AND i.week <= ? GROUP BY i.area, i.week
                    """, arguments: counts
            ).compactMap { row in
                ISOWeek(row["week"] as String).map { DigestInput.WeeklyCount(area: row["area"], week: $0, count: row["n"]) }
            }
            input.categoryCounts = try Row.fetchAll(
                db,
                sql: """
                    SELECT i.area AS area, c.code AS code, i.week AS week, COUNT(*) AS n
                    FROM incidents i JOIN reports r ON r.id = i.report JOIN incident_categories c ON c.incident = i.id
                    WHERE r.status = 'accepted' AND \(IncidentRecord.counts) AND i.week >= ? AND i.week <= ? GROUP BY i.area, c.code, i.week
                    """, arguments: counts
            ).compactMap { row in
                ISOWeek(row["week"] as String).map {
                    DigestInput.WeeklyCount(area: row["area"], category: row["code"], week: $0, count: row["n"])
                }
            }
            input.firstIncidentWeek = try String.fetchOne(
                db,
                sql: """
                    SELECT MIN(i.week) FROM incidents i JOIN reports r ON r.id = i.report WHERE r.status = 'accepted' AND \(IncidentRecord.counts)
                    """
            ).flatMap(ISOWeek.init)
            input.incidents = try Row.fetchAll(
                db,
                sql: """
                    SELECT i.*, r.organisation AS r_organisation FROM incidents i JOIN reports r ON r.id = i.report
                    WHERE r.status = 'accepted' AND \(IncidentRecord.counts) AND i.week = ?
                    ORDER BY i.date, COALESCE(i.time_from, ''), i.ref
                    """, arguments: [request.week.description]
            ).map { row in
                let i = try IncidentRecord(row: row)
                return DigestInput.IncidentRow(
                    reference: i.ref, area: i.area, place: i.place, date: LocalDate(iso: i.date) ?? request.week.monday,
                    timeFrom: i.timeFrom, timeTo: i.timeTo, partOfDay: i.timeOfDay.flatMap(PartOfDay.init(rawValue:)),
                    categories: i.categoryCodes, description: i.description, organisation: row["r_organisation"])
            }
            input.places = try Row.fetchAll(
                db,
                sql: """
                    SELECT i.area, i.place, i.date, i.categories FROM incidents i JOIN reports r ON r.id = i.report
                    WHERE r.status = 'accepted' AND \(IncidentRecord.counts) AND i.week >= ? AND i.week <= ?
                    """, arguments: [request.placesFrom.description, request.week.description]
            ).compactMap { row in
                LocalDate(iso: row["date"]).map {
                    DigestInput.PlaceRow(
                        area: row["area"], place: row["place"], date: $0,
                        categories: (row["categories"] as String).split(separator: ",").map(String.init))
                }
            }
            input.timings = try Row.fetchAll(
                db,
                sql: """
                    SELECT i.date, i.week, i.time_from, i.time_of_day FROM incidents i JOIN reports r ON r.id = i.report
                    WHERE r.status = 'accepted' AND \(IncidentRecord.counts) AND i.week >= ? AND i.week <= ?
                    """, arguments: [request.timingFrom.description, request.week.description]
            ).compactMap { row in
                guard let date = LocalDate(iso: row["date"]), let week = ISOWeek(row["week"] as String) else { return nil }
                return DigestInput.TimingRow(
                    date: date, week: week, timeFrom: row["time_from"],
                    partOfDay: (row["time_of_day"] as String?).flatMap(PartOfDay.init(rawValue:)))
            }
            input.reports = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.organisation, r.status, r.zero_report, (SELECT COUNT(*) FROM incidents i WHERE i.report = r.id AND \(IncidentRecord.counts)) AS n
                    FROM reports r WHERE r.week = ?
                    """, arguments: [request.week.description]
            ).map { row in
                DigestInput.ReportRow(
                    organisation: row["organisation"], accepted: (row["status"] as String) == "accepted",
                    zeroReport: row["zero_report"], incidents: row["n"])
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT organisation, MAX(week) AS week FROM reports WHERE status = 'accepted' AND week <= ? GROUP BY organisation
                    """, arguments: [request.week.description])
            {
                if let week = ISOWeek(row["week"] as String) { input.lastReported[row["organisation"]] = week }
            }
            input.failingRecipients = try Row.fetchAll(
                db,
                sql: """
                    SELECT address, status, diagnostic, since FROM failing_recipients ORDER BY since, address
                    """
            ).map {
                DigestInput.FailingRecipientRow(
                    address: $0["address"], status: $0["status"], diagnostic: $0["diagnostic"], since: $0["since"])
            }
            input.heldReplies = try Row.fetchAll(
                db, sql: "SELECT reason, recipient FROM held_replies WHERE at >= ? AND at < ?",
                arguments: [request.start, request.end]
            ).map {
                DigestInput.HeldReplyRow(reason: $0["reason"], recipient: $0["recipient"])
            }
            input.quarantined = try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(reason, '') AS reason, COUNT(*) AS n FROM messages
                    WHERE status = 'quarantined' AND received_at >= ? AND received_at < ? GROUP BY COALESCE(reason, '')
                    """, arguments: [request.start, request.end]
            ).map { DigestInput.ReasonCount(reason: $0["reason"], count: $0["n"]) }
            input.corrections = try Self.digestCorrections(db, request)
            input.safety = try Self.safetyRows(db, from: request.safetyFrom, to: request.week, area: nil, byArea: true)
            input.retention = try Self.retentionPasses(db, from: request.start, to: request.end)
            return input
        }
    }

    /// Weekly counts of accepted incidents by the ISO week of their date, one per week from `from`
    /// through `to` (weeks without incidents count 0).
    /// - Parameters:
    ///   - area: an area id, or nil for all areas.
    ///   - category: a category code, or nil for all; an incident with several categories counts
    ///     once in each of them, and once in the total.
    public func weeklyCounts(area: String?, category: String?, from: ISOWeek, to: ISOWeek) throws -> [Int] {
        let weeks = ISOWeek.range(from, through: to)
        guard !weeks.isEmpty else { return [] }
        var sql = """
            SELECT i.week AS week, COUNT(*) AS n FROM incidents i JOIN reports r ON r.id = i.report
            WHERE r.status = 'accepted' AND \(IncidentRecord.counts) AND i.week >= ? AND i.week <= ?
            """
        var arguments: StatementArguments = [from.description, to.description]
        if let area {
            sql += " AND i.area = ?"
            arguments += [area]
        }
        if let category {
            sql += " AND EXISTS (SELECT 1 FROM incident_categories c WHERE c.incident = i.id AND c.code = ?)"
            arguments += [category]
        }
        sql += " GROUP BY i.week"
        let byWeek = try pool.read { db in
            var byWeek: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) { byWeek[row["week"]] = row["n"] }
            return byWeek
        }
        return weeks.map { byWeek[$0.description] ?? 0 }
    }
}
