import Domain
import Foundation
import GRDB
import Intake
import ReadModels

extension GatewayStore {
    /// Perceived safety per reporting week from `from` through `to`, one entry per week; a week
    /// without answers has 0 answers and no mean.
    /// - Parameter area: an area id, or nil for all areas together (each rating counted once).
    public func weeklySafety(area: String?, from: ISOWeek, to: ISOWeek) throws -> [WeeklySafety] {
        let weeks = ISOWeek.range(from, through: to)
        guard !weeks.isEmpty else { return [] }
        let rows = try pool.read { db in try Self.safetyRows(db, from: from, to: to, area: area, byArea: false) }
        let byWeek = Dictionary(rows.map { ($0.week, $0) }, uniquingKeysWith: { a, _ in a })
        return weeks.map { byWeek[$0] ?? WeeklySafety(area: area, week: $0, answers: 0, scoreTotal: 0) }
    }

    /// Every stored rating matching the query, by week and arrival, each with its report's origin.
    public func safetyRatings(_ query: SafetyQuery) throws -> [StoredSafetyRating] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let from = query.from { clauses.append("s.week >= ?"); arguments += [from.description] }
        if let to = query.to { clauses.append("s.week <= ?"); arguments += [to.description] }
        if let area = query.area { clauses.append("s.area = ?"); arguments += [area] }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = """
            SELECT s.*, r.organisation AS r_organisation, m.message_id AS m_message_id, m.received_at AS m_received_at
            FROM safety_ratings s JOIN reports r ON r.id = s.report JOIN messages m ON m.id = r.message
            \(whereClause) ORDER BY s.week, m.received_at, s.report, s.area
            """
        return try pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
                let record = try SafetyRatingRecord(row: row)
                guard let week = ISOWeek(record.week) else { return nil }
                return StoredSafetyRating(
                    organisation: row["r_organisation"], week: week, rating: SafetyRating(area: record.area, score: record.score),
                    messageID: row["m_message_id"], receivedAt: row["m_received_at"])
            }
        }
    }

    /// The report's ratings, inside the intake transaction that creates its `reports` row. Only an
    /// accepted report's count: a rejected one is sent again once fixed, and is rated then.
    static func insertSafety(_ db: Database, _ result: IntakeResult, report: Int64, week: ISOWeek) throws {
        guard result.status == .accepted else { return }
        for rating in result.safety {
            // The parser keeps the first score of an area rated twice; a second one is dropped the same
            // way here, rather than failing the whole message's commit.
            var record = SafetyRatingRecord(rating, report: report, week: week)
            try record.insert(db, onConflict: .ignore)
        }
    }

    /// Weeks with answers from `from` through `to`, per area when `byArea` (else all areas together,
    /// or the one `area`).
    static func safetyRows(_ db: Database, from: ISOWeek, to: ISOWeek, area: String?, byArea: Bool) throws -> [WeeklySafety] {
        let group = byArea ? "area, week" : "week"
        var sql = "SELECT \(group), COUNT(*) AS n, SUM(score) AS total FROM safety_ratings WHERE week >= ? AND week <= ?"
        var arguments: StatementArguments = [from.description, to.description]
        if let area {
            sql += " AND area = ?"
            arguments += [area]
        }
        sql += " GROUP BY \(group)"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
            ISOWeek(row["week"] as String).map {
                WeeklySafety(area: byArea ? row["area"] : area, week: $0, answers: row["n"], scoreTotal: row["total"])
            }
        }
    }
}
