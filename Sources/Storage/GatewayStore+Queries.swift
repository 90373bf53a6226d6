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
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.storedIncident)
        }
    }

    static func storedIncident(_ row: Row) -> StoredIncident {
        let categories: String = row["categories"]
        let incident = Incident(
            area: row["area"], place: row["place"], placeType: row["place_type"],
            date: LocalDate(iso: row["date"]) ?? LocalDate(year: 1970, month: 1, day: 1),
            timeFrom: row["time_from"], timeTo: row["time_to"],
            timeOfDay: (row["time_of_day"] as String?).flatMap(PartOfDay.init(rawValue:)),
            categories: categories.split(separator: ",").map(String.init), description: row["description"],
            personsMin: row["persons_min"], personsMax: row["persons_max"], severity: row["severity"],
            policeReported: (row["police_reported"] as String?).flatMap(PoliceReported.init(rawValue:)),
            action: row["action"], recurring: row["recurring"], lat: row["lat"], lon: row["lon"],
            redacted: row["redacted"]
        )
        return StoredIncident(ref: row["ref"], incident: incident, organisation: row["r_organisation"],
                              week: row["week"], messageID: row["m_message_id"], receivedAt: row["m_received_at"])
    }

    /// Counts of stored messages by status, for `ingest`'s summary and `status`.
    public func messageCounts() throws -> [String: Int] {
        try pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM messages GROUP BY status") {
                counts[row["status"]] = row["n"]
            }
            return counts
        }
    }
}

extension GatewayStore {
    /// A consistent read (one snapshot of the WAL database) for reports built from many queries,
    /// such as the weekly digest (mail-rules §5: "built from a consistent read").
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// A write transaction for modules that keep their own bookkeeping (alert history).
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.write(body)
    }
}
