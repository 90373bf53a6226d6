import Domain
import Foundation
import GRDB

extension GatewayStore {
    /// Incidents matching the query, oldest first, each with its report's origin.
    public func incidents(_ query: IncidentQuery) throws -> [StoredIncident] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let from = query.from { clauses.append("i.date >= ?"); arguments += [from.iso] }
        if let to = query.to { clauses.append("i.date <= ?"); arguments += [to.iso] }
        if let area = query.area { clauses.append("i.area = ?"); arguments += [area] }
        if !query.includeWithdrawn { clauses.append(IncidentRecord.counts) }
        if let category = query.category {
            clauses.append("i.id IN (SELECT incident FROM incident_categories WHERE code = ?)")
            arguments += [category]
        }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = """
            SELECT i.*, r.organisation AS r_organisation, m.message_id AS m_message_id, m.received_at AS m_received_at
            FROM incidents i JOIN reports r ON r.id = i.report JOIN messages m ON m.id = r.message
            \(whereClause) ORDER BY i.date, i.id
            """
        return try pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let record = try IncidentRecord(row: row)
                return StoredIncident(
                    ref: record.ref, incident: record.incident, organisation: row["r_organisation"],
                    week: record.week, messageID: row["m_message_id"], receivedAt: row["m_received_at"],
                    state: record.incidentState, version: record.version)
            }
        }
    }
}
