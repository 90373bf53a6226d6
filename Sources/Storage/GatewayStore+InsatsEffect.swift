import Domain
import Foundation
import GRDB
import ReadModels

extension GatewayStore {
    /// The incidents an insats's change is measured on (`InsatsEffect.request`): accepted, not
    /// withdrawn, dated in the request's days, of its categories (any when none), in every area.
    public func insatsEffectInput(_ request: InsatsEffectInput.Request) throws -> InsatsEffectInput {
        var sql = """
            SELECT i.ref, i.date, i.area, i.categories, i.place FROM incidents i JOIN reports r ON r.id = i.report
            WHERE r.status = 'accepted' AND \(IncidentRecord.counts) AND i.date >= ? AND i.date <= ?
            """
        var arguments: StatementArguments = [request.days.first.iso, request.days.last.iso]
        if !request.categories.isEmpty {
            sql += " AND EXISTS (SELECT 1 FROM incident_categories c WHERE c.incident = i.id AND c.code IN ("
            sql += request.categories.map { _ in "?" }.joined(separator: ",") + "))"
            arguments += StatementArguments(request.categories)
        }
        sql += " ORDER BY i.date, i.ref"
        return try pool.read { db in
            InsatsEffectInput(
                incidents: try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
                    LocalDate(iso: row["date"]).map {
                        InsatsEffectInput.IncidentRow(
                            reference: row["ref"], date: $0, area: row["area"],
                            categories: (row["categories"] as String).split(separator: ",").map(String.init), place: row["place"])
                    }
                })
        }
    }
}
