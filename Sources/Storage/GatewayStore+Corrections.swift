import Domain
import Foundation
import GRDB
import Intake

/// An incident's history: each version as it read, when, and by which stored message.
public struct IncidentVersion: Sendable, Hashable {
    public var version: Int
    public var state: IncidentState
    public var incident: Incident
    public var messageRow: Int64
    public var messageID: String?
    public var changedAt: Date
    public var changedFields: [String]
}

extension GatewayStore {
    /// Every version of an incident, oldest first; empty for an unknown reference.
    public func history(of reference: String) throws -> [IncidentVersion] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT v.*, m.message_id AS m_message_id FROM incident_versions v
                    JOIN incidents i ON i.id = v.incident JOIN messages m ON m.id = v.message
                    WHERE i.ref = ? ORDER BY v.version
                    """, arguments: [reference]
            ).compactMap { row in
                let v = try IncidentVersionRecord(row: row)
                guard let incident = v.incidentValue else { return nil }
                return IncidentVersion(
                    version: v.version, state: IncidentState(rawValue: v.state) ?? .active, incident: incident,
                    messageRow: v.message, messageID: row["m_message_id"], changedAt: v.changedAt,
                    changedFields: v.changedFields.split(separator: ",").map(String.init))
            }
        }
    }

    /// What a command mail's corrections and withdrawals are decided against: the incidents it names
    /// and, when it answers the gateway's own reply, the incidents that reply named.
    static func commandLookup(_ db: Database, _ outcome: IntakeOutcome) throws -> CommandLookup {
        guard outcome.isCommandMail else { return CommandLookup() }
        var lookup = CommandLookup()
        // A hostile References header may name thousands; the parent and the nearest ancestors suffice.
        for messageID in outcome.answeredMessageIDs.prefix(20) {
            guard
                let answered = try Int64.fetchOne(
                    db, sql: "SELECT answers FROM outbox WHERE message_id = ? AND answers IS NOT NULL", arguments: [messageID])
            else { continue }
            lookup.answered = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT i.ref FROM incident_versions v JOIN incidents i ON i.id = v.incident
                    WHERE v.message = ? ORDER BY i.ref
                    """, arguments: [answered])
            break
        }
        var references = outcome.commandReferences
        for reference in lookup.answered ?? [] where !references.contains(reference) { references.append(reference) }
        for reference in references {
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT i.*, r.organisation AS r_organisation, r.sender AS r_sender, r.created_at AS r_created_at
                        FROM incidents i JOIN reports r ON r.id = i.report WHERE i.ref = ?
                        """, arguments: [reference])
            else { continue }
            let record = try IncidentRecord(row: row)
            lookup.incidents[reference] = CurrentIncident(
                reference: reference, incident: record.incident, organisation: row["r_organisation"], sender: row["r_sender"],
                state: record.incidentState, version: record.version, storedAt: row["r_created_at"])
        }
        return lookup
    }

    /// Applies a command mail's changes inside its storing transaction. A change decided against a
    /// version that is no longer current (another mail changed the incident meanwhile) is decided again.
    static func apply(_ db: Database, _ changes: [IncidentChange], message: Int64, at now: Date) throws {
        for change in changes {
            guard var record = try IncidentRecord.filter(Column("ref") == change.reference).fetchOne(db),
                record.version == change.basedOnVersion
            else { throw IntakeCommitError.reservationTaken }
            var changedFields: [String] = []
            switch change.kind {
            case .withdraw:
                record.state = IncidentState.withdrawn.rawValue
            case .correct(let incident, let fields):
                record.set(incident)
                record.state = IncidentState.corrected.rawValue
                changedFields = fields
            }
            record.version += 1
            try record.update(db)
            if case .correct = change.kind, let id = record.id {
                try db.executeCached(sql: "DELETE FROM incident_categories WHERE incident = ?", arguments: [id])
                for code in Set(record.categoryCodes) {
                    try db.executeCached(sql: "INSERT INTO incident_categories (incident, code) VALUES (?, ?)", arguments: [id, code])
                }
            }
            var version = try IncidentVersionRecord(record, message: message, at: now, changedFields: changedFields)
            try version.insert(db)
        }
    }

    /// The most recent incidents looked at per incident: a backlog of one organisation's reports
    /// about one area and day must not make each new one compare against all the others (the
    /// work per message would grow with the backlog). Real duplicates are sent days apart, not
    /// hundreds of incidents apart.
    static let duplicateCandidateLimit = 100

    /// Incidents of the same organisation, area and date stored in the last `days` days, for each
    /// incident of an accepted report (the most recent ones, oldest first): what the likely-duplicate
    /// rule compares against.
    static func duplicateCandidates(_ db: Database, _ result: IntakeResult, now: Date, days: Int) throws -> [[LikelyDuplicate.Candidate]] {
        guard result.status == .accepted, let organisation = result.organisation, !result.incidents.isEmpty else { return [] }
        let since = now.addingTimeInterval(-Double(days) * 86_400)
        return try result.incidents.map { incident in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT i.ref, i.place, i.categories FROM incidents i JOIN reports r ON r.id = i.report
                        WHERE i.area = ? AND i.date = ? AND r.organisation = ? AND r.status = 'accepted' AND r.created_at >= ?
                        AND \(IncidentRecord.counts) ORDER BY i.id DESC LIMIT ?
                        """), arguments: [incident.area, incident.date.iso, organisation, since, duplicateCandidateLimit]
            ).reversed().map {
                // By position: a hundred rows per incident, each looked up by name three times, showed.
                LikelyDuplicate.Candidate(
                    reference: $0[0], place: $0[1], categories: ($0[2] as String).split(separator: ",").map(String.init))
            }
        }
    }
}
