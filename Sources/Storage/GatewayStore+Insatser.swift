import Domain
import Foundation
import GRDB
import Intake

/// One version of an insats: as it read, who made it and when.
public struct InsatsVersion: Sendable, Hashable {
    public var version: Int
    public var insats: Insats
    public var changedBy: String
    public var changedAt: Date
    public var changedFields: [String]
    /// The mail that made it; nil for the operator's command.
    public var messageID: String?
}

public enum InsatsStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownReference(String)
    /// Someone changed it between reading and writing: read it again.
    case changedMeanwhile(String)

    public var description: String {
        switch self {
        case .unknownReference(let r): return "no insats \(r); `est-gateway insats list` shows the references"
        case .changedMeanwhile(let r): return "\(r) was changed by someone else at the same time; run the command again"
        }
    }
}

extension GatewayStore {
    public func insatser() throws -> [StoredInsats] {
        try pool.read { db in try InsatsRecord.order(Column("ref")).fetchAll(db).map(\.stored) }
    }

    public func insats(_ reference: String) throws -> StoredInsats? {
        try pool.read { db in try InsatsRecord.filter(Column("ref") == reference).fetchOne(db)?.stored }
    }

    public func insatsHistory(_ reference: String) throws -> [InsatsVersion] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT v.*, m.message_id AS m_message_id FROM insats_versions v JOIN insatser i ON i.id = v.insats
                    LEFT JOIN messages m ON m.id = v.message WHERE i.ref = ? ORDER BY v.version
                    """, arguments: [reference]
            ).compactMap { row in
                guard let insats = try? JSONDecoder().decode(Insats.self, from: Data((row["fields"] as String).utf8)) else { return nil }
                return InsatsVersion(
                    version: row["version"], insats: insats, changedBy: row["changed_by"], changedAt: row["changed_at"],
                    changedFields: (row["changed_fields"] as String).split(separator: ",").map(String.init), messageID: row["m_message_id"])
            }
        }
    }

    /// Registers an insats from the operator's command; returns its reference.
    public func registerInsats(_ insats: Insats, by: String) throws -> String {
        let now = self.now
        return try pool.write { db in
            try Self.saveInsats(
                db, InsatsDecision(reference: nil, basedOnVersion: nil, insats: insats, changedFields: []), by: by, message: nil, at: now)
        }
    }

    /// Changes an insats from the operator's command, decided against `basedOn` (its version then).
    public func changeInsats(_ reference: String, to insats: Insats, basedOn version: Int, changedFields: [String], by: String) throws {
        let now = self.now
        try pool.write { db in
            do {
                _ = try Self.saveInsats(
                    db, InsatsDecision(reference: reference, basedOnVersion: version, insats: insats, changedFields: changedFields),
                    by: by, message: nil, at: now)
            } catch IntakeCommitError.reservationTaken {
                throw InsatsStoreError.changedMeanwhile(reference)
            }
        }
    }

    /// Writes a decided insats command: a new insats with the next reference of the year, or a new
    /// version of one (throws `reservationTaken` when it changed since it was decided).
    static func saveInsats(_ db: Database, _ decision: InsatsDecision, by: String, message: Int64?, at now: Date) throws -> String {
        var record: InsatsRecord
        if let reference = decision.reference {
            guard var current = try InsatsRecord.filter(Column("ref") == reference).fetchOne(db) else {
                throw InsatsStoreError.unknownReference(reference)
            }
            guard current.version == decision.basedOnVersion else { throw IntakeCommitError.reservationTaken }
            current.set(decision.insats)
            current.version += 1
            try current.update(db)
            record = current
        } else {
            let year = LocalDate(now, in: TimeZone(identifier: "Europe/Stockholm") ?? .current).year
            try db.execute(
                sql: "INSERT INTO insats_counters (year, last) VALUES (?, 1) ON CONFLICT(year) DO UPDATE SET last = last + 1",
                arguments: [year])
            let number = try Int.fetchOne(db, sql: "SELECT last FROM insats_counters WHERE year = ?", arguments: [year]) ?? 1
            record = InsatsRecord(decision.insats, ref: InsatsReference.make(year: year, number: number), registeredBy: by, at: now)
            try record.insert(db)
        }
        var version = try InsatsVersionRecord(record, message: message, by: by, at: now, changedFields: decision.changedFields)
        try version.insert(db)
        return record.ref
    }

    /// The reference the next new insats gets, for an acknowledgment rendered before the commit.
    static func nextInsatsReference(_ db: Database, now: Date) throws -> String {
        let year = LocalDate(now, in: TimeZone(identifier: "Europe/Stockholm") ?? .current).year
        let last = try Int.fetchOne(db, sql: "SELECT last FROM insats_counters WHERE year = ?", arguments: [year]) ?? 0
        return InsatsReference.make(year: year, number: last + 1)
    }
}
