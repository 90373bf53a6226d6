import Domain
import Foundation
import GRDB
import Intake

/// The gateway's SQLite database (WAL): raw messages, reports, incidents, diagnostics.
public final class GatewayStore: Sendable {
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Several processes (daemon, export, status) may open the file; wait rather than fail on a lock.
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Schema.migrator.migrate(pool)
    }

    /// Stores the raw message and everything derived from it in one transaction; with `intake`,
    /// the same transaction advances the mailbox cursor, records where the message goes on the
    /// server, and queues the mail it causes — so a crash leaves all of it or none.
    public func store(raw: [UInt8], outcome: IntakeOutcome, receivedAt: Date, source: MessageSource? = nil,
                      intake: IntakeEffects? = nil) throws -> StoreOutcome {
        try pool.write { db -> StoreOutcome in
            let stored = try Self.insertMessage(db, raw: raw, outcome: outcome, receivedAt: receivedAt, source: source)
            guard let intake else { return stored }
            if let source {
                try Self.advanceCursor(db, source)
                let message: Int64
                switch stored {
                case .stored(let row, _), .duplicateReport(let row, _): message = row
                case .duplicateBytes(let existing): message = existing
                }
                try db.execute(sql: """
                    INSERT INTO server_moves (mailbox, uidvalidity, uid, message, target_folder, outcome) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """, arguments: [source.mailbox, Int64(source.uidValidity), Int64(source.uid), message,
                                     intake.targetFolder(outcome.result.status), outcome.result.status.rawValue])
            }
            if case .stored(let row, let references) = stored {
                let ledger = ReplyLedger(db: db)
                for draft in try intake.plan(StoredMessage(row: row, references: references), ledger) {
                    try Self.enqueue(db, draft, answers: row)
                }
                for held in ledger.held {
                    try db.execute(sql: "INSERT INTO held_replies (recipient, kind, reason, message, at) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [held.recipient, held.kind, held.reason, row, Date()])
                }
            }
            if let bounce = intake.bounce { try Self.recordBounce(db, bounce) }
            return stored
        }
    }

    static func insertMessage(_ db: Database, raw: [UInt8], outcome: IntakeOutcome, receivedAt: Date,
                              source: MessageSource?) throws -> StoreOutcome {
        let digest = SHA256.hex(raw)
        let result = outcome.result
        let now = Date()
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM messages WHERE sha256 = ?", arguments: [digest]) {
            return .duplicateBytes(of: existing)
        }
        var duplicateOf: Int64?
        if let messageID = result.messageID, let organisation = result.organisation {
            duplicateOf = try Int64.fetchOne(db, sql: """
                SELECT id FROM messages WHERE message_id = ? AND organisation = ? AND duplicate_of IS NULL
                """, arguments: [messageID, organisation])
        }
        try db.execute(sql: """
            INSERT INTO messages (sha256, message_id, sender, organisation, subject, size, raw, received_at,
                mailbox, uidvalidity, uid, status, reason, detail, duplicate_of, stored_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                digest, result.messageID, result.sender, result.organisation, outcome.message?.subject,
                raw.count, Data(raw), receivedAt, source?.mailbox, source.map { Int64($0.uidValidity) },
                source.map { Int64($0.uid) }, duplicateOf == nil ? result.status.rawValue : "duplicate",
                result.reason, outcome.detail, duplicateOf, now,
            ])
        let messageRow = db.lastInsertedRowID
        if let duplicateOf { return .duplicateReport(messageRow: messageRow, of: duplicateOf) }

        for (severity, list) in [("error", result.errors), ("warning", result.warnings)] {
            for d in list {
                try db.execute(sql: """
                    INSERT INTO diagnostics (message, severity, incident, field, line, text) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [messageRow, severity, d.incident, d.field, d.line, d.message])
            }
        }
        guard result.status == .accepted || result.status == .rejected,
              let organisation = result.organisation, let sender = result.sender, let week = result.week else {
            return .stored(messageRow: messageRow, references: [])
        }
        try db.execute(sql: """
            INSERT INTO reports (message, organisation, sender, status, week, zero_report, redacted, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [messageRow, organisation, sender, result.status.rawValue, week.description,
                             result.zeroReport, result.incidents.contains(where: \.redacted), now])
        let reportRow = db.lastInsertedRowID
        var references: [String] = []
        for (index, incident) in result.incidents.enumerated() {
            let ref = try nextReference(db, year: week.year)
            try insert(incident, ref: ref, report: reportRow, seq: index + 1, db: db)
            references.append(ref)
        }
        return .stored(messageRow: messageRow, references: references)
    }

    private static func insert(_ i: Incident, ref: String, report: Int64, seq: Int, db: Database) throws {
        try db.execute(sql: """
            INSERT INTO incidents (ref, report, seq, area, place, place_type, date, week, time_from, time_to,
                time_of_day, categories, description, persons_min, persons_max, severity, police_reported,
                action, recurring, lat, lon, redacted)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                ref, report, seq, i.area, i.place, i.placeType, i.date.iso, i.date.isoWeek.description,
                i.timeFrom, i.timeTo, i.timeOfDay?.rawValue, i.categories.joined(separator: ","), i.description,
                i.personsMin, i.personsMax, i.severity, i.policeReported?.rawValue, i.action, i.recurring,
                i.lat, i.lon, i.redacted,
            ])
        let incidentRow = db.lastInsertedRowID
        for code in Set(i.categories) {
            try db.execute(sql: "INSERT INTO incident_categories (incident, code) VALUES (?, ?)", arguments: [incidentRow, code])
        }
    }

    /// `EST-<year>-<6 digits>`, counting per year inside the storing transaction so numbers never repeat.
    static func nextReference(_ db: Database, year: Int) throws -> String {
        try db.execute(sql: """
            INSERT INTO reference_counters (year, last) VALUES (?, 1)
            ON CONFLICT(year) DO UPDATE SET last = last + 1
            """, arguments: [year])
        let number = try Int.fetchOne(db, sql: "SELECT last FROM reference_counters WHERE year = ?", arguments: [year]) ?? 1
        return String(format: "EST-%04d-%06d", year, number)
    }
}
