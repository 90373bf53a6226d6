import Domain
import Foundation
import GRDB
import ReadModels

extension GatewayStore {
    /// The digest's view of corrections: the previous digest, every change since it went out, and
    /// the alerts of the counted weeks. Read inside the digest's snapshot.
    static func digestCorrections(_ db: Database, _ request: DigestRequest) throws -> DigestCorrections {
        var corrections = DigestCorrections()
        corrections.alerts = try Row.fetchAll(
            db, sql: "SELECT series, week, observed, threshold FROM alerts WHERE week >= ? AND week <= ? ORDER BY week, series",
            arguments: [request.countsFrom.description, request.week.description]
        ).compactMap { row in
            ISOWeek(row["week"] as String).map {
                DigestCorrections.AlertRow(series: row["series"], week: $0, observed: row["observed"], threshold: row["threshold"])
            }
        }
        // Keys are `digest:<week>:<recipient>` and weeks sort as text, so the latest earlier week is
        // the greatest key below this week's prefix.
        guard
            let key = try String.fetchOne(
                db, sql: "SELECT key FROM outbox WHERE kind = 'digest' AND key < ? ORDER BY key DESC LIMIT 1",
                arguments: ["digest:\(request.week)"]),
            let week = ISOWeek(String(key.dropFirst("digest:".count).prefix { $0 != ":" })),
            let sentAt = try Date.fetchOne(
                db, sql: "SELECT MIN(created_at) FROM outbox WHERE kind = 'digest' AND key >= ? AND key < ?",
                arguments: ["digest:\(week):", "digest:\(week);"])
        else { return corrections }
        corrections.previousDigest = DigestCorrections.PreviousDigest(week: week, sentAt: sentAt)
        corrections.changes = try Row.fetchAll(
            db,
            sql: """
                SELECT i.ref AS ref, v.state AS state, v.changed_fields AS changed_fields, v.changed_at AS changed_at,
                    v.fields AS after, p.fields AS before
                FROM incident_versions v JOIN incident_versions p ON p.incident = v.incident AND p.version = v.version - 1
                JOIN incidents i ON i.id = v.incident
                WHERE v.version > 1 AND v.changed_at >= ? ORDER BY v.changed_at, i.ref
                """, arguments: [sentAt]
        ).compactMap { row in
            let decoder = JSONDecoder()
            guard let before = try? decoder.decode(Incident.self, from: Data((row["before"] as String).utf8)),
                let after = try? decoder.decode(Incident.self, from: Data((row["after"] as String).utf8))
            else { return nil }
            return DigestCorrections.ChangeRow(
                reference: row["ref"], state: IncidentState(rawValue: row["state"]) ?? .corrected,
                changedFields: (row["changed_fields"] as String).split(separator: ",").map(String.init),
                before: before, after: after, at: row["changed_at"])
        }
        return corrections
    }
}
