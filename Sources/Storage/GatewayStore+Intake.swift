import Domain
import Foundation
import GRDB
import Intake

extension GatewayStore {
    /// The row and references the message would get if stored now, and whether it is a duplicate.
    public func reserve(raw: [UInt8], outcome: IntakeOutcome) throws -> IntakeReservation {
        let digest = SHA256.hex(raw)
        let now = self.now
        return try readOnWriter { db in
            let next = (try Int64.fetchOneCached(db, sql: "SELECT MAX(id) FROM messages") ?? 0) + 1
            if let existing = try Self.messageRow(db, sha256: digest) {
                return IntakeReservation(sha256: digest, messageRow: next, references: [], duplicate: .duplicateBytes(of: existing))
            }
            if let original = try Self.originalReport(db, outcome.result) {
                return IntakeReservation(
                    sha256: digest, messageRow: next, references: [], duplicate: .duplicateReport(messageRow: next, of: original))
            }
            var references: [String] = []
            if Self.createsReport(outcome), let week = outcome.result.week, !outcome.result.incidents.isEmpty {
                let last =
                    try Int.fetchOneCached(db, sql: "SELECT last FROM reference_counters WHERE year = ?", arguments: [week.year]) ?? 0
                references = (1...outcome.result.incidents.count).map { Self.reference(year: week.year, number: last + $0) }
            }
            var reservation = IntakeReservation(sha256: digest, messageRow: next, references: references, duplicate: nil)
            reservation.commands = try Self.commandLookup(db, outcome)
            let candidates = try Self.duplicateCandidates(db, outcome.result, now: now, days: LikelyDuplicate.days)
            reservation.likelyDuplicates = LikelyDuplicate.earlier(outcome.result.incidents, candidates: candidates)
            if let command = outcome.insats {
                if let reference = command.changing {
                    reservation.insats = try InsatsRecord.filter(Column("ref") == reference).fetchOne(db)?.stored
                    reservation.insatsReference = reference
                } else {
                    reservation.insatsReference = try Self.nextInsatsReference(db, now: now)
                }
            }
            return reservation
        }
    }

    /// Commits everything the message changes in one transaction (see `IntakeCommit`).
    /// - Parameter deferSync: the commit skips the WAL sync; the caller calls `syncCommits()` before
    ///   anything that cannot be undone follows from it (the poll's moves).
    /// - Parameter beforeCommit: runs inside the transaction after every write (crash tests).
    /// - Throws: `IntakeCommitError.reservationTaken` when the reservation no longer holds.
    public func commit(_ intake: IntakeCommit, deferSync: Bool = false, beforeCommit: () -> Void = {}) throws -> StoreOutcome {
        let now = self.now
        func transaction(_ db: Database) throws -> StoreOutcome {
            // The reserved row went to another writer's message: what was rendered names the wrong row.
            if let reservation = intake.reservation, reservation.isNew,
                try Int64.fetchOneCached(db, sql: "SELECT id FROM messages WHERE id = ?", arguments: [reservation.messageRow]) != nil
            {
                throw IntakeCommitError.reservationTaken
            }
            let stored = try Self.insertMessage(db, intake, now: now)
            if let reservation = intake.reservation {
                switch (stored, reservation.duplicate) {
                case (.stored(let row, let references), nil):
                    guard row == reservation.messageRow, references == reservation.references else {
                        throw IntakeCommitError.reservationTaken
                    }
                case (.stored, _?): throw IntakeCommitError.reservationTaken
                default: break
                }
            }
            if case .stored(let row, _) = stored {
                try Self.apply(db, intake.outcome.changes, message: row, at: now)
                if let command = intake.outcome.insats, let decision = command.decision {
                    let reference = try Self.saveInsats(db, decision, by: command.member, message: row, at: now)
                    if let reserved = intake.reservation?.insatsReference, reserved != reference {
                        throw IntakeCommitError.reservationTaken
                    }
                }
            }
            if let (source, folder) = intake.server {
                try Self.endParse(db, source)
                try Self.advanceCursor(db, source)
                try Self.recordMove(db, source, message: stored.messageRow, folder: folder, outcome: intake.outcome.result.status)
            }
            // Duplicates get no reply, whatever was planned.
            if case .stored(let row, _) = stored {
                for draft in intake.replies { _ = try OutboxRecord.enqueue(db, draft, answers: row, at: now) }
                for held in intake.held {
                    try db.executeCached(
                        sql: "INSERT INTO held_replies (recipient, kind, reason, message, at) VALUES (?, ?, ?, ?, ?)",
                        arguments: [held.recipient, held.kind.rawValue, held.reason.rawValue, row, now])
                }
            }
            if let bounce = intake.bounce { try Self.recordBounce(db, bounce, at: now) }
            beforeCommit()
            return stored
        }
        return deferSync ? try writeDeferringSync(transaction) : try pool.write(transaction)
    }

    /// Stores a message file as if it had arrived by mail, without replies (`ingest`).
    public func store(raw: [UInt8], outcome: IntakeOutcome, receivedAt: Date) throws -> StoreOutcome {
        try commit(IntakeCommit(raw: raw, outcome: outcome, receivedAt: receivedAt))
    }

    private static func messageRow(_ db: Database, sha256: String) throws -> Int64? {
        try Int64.fetchOneCached(db, sql: "SELECT id FROM messages WHERE sha256 = ?", arguments: [sha256])
    }

    /// The first stored copy of the same report (same Message-ID from the same organisation).
    private static func originalReport(_ db: Database, _ result: IntakeResult) throws -> Int64? {
        guard let messageID = result.messageID, let organisation = result.organisation else { return nil }
        return try Int64.fetchOneCached(
            db,
            sql: """
                SELECT id FROM messages WHERE message_id = ? AND organisation = ? AND duplicate_of IS NULL
                """, arguments: [messageID, organisation])
    }

    /// Reports are what reminders and the digest's reporting count; a correction is not a report.
    private static func createsReport(_ outcome: IntakeOutcome) -> Bool {
        let result = outcome.result
        return (result.status == .accepted || result.status == .rejected) && result.organisation != nil && result.sender != nil
            && result.week != nil && !outcome.isCommandMail
    }

    static func insertMessage(_ db: Database, _ intake: IntakeCommit, now: Date) throws -> StoreOutcome {
        let raw = intake.raw
        let digest = intake.reservation?.sha256 ?? SHA256.hex(raw)
        let result = intake.outcome.result
        if let existing = try messageRow(db, sha256: digest) { return .duplicateBytes(of: existing) }
        let duplicateOf = try originalReport(db, result)
        let source = intake.server?.source
        // The reserved row, so that what was rendered against it (a reply key) names this message.
        let id: Int64? = duplicateOf == nil ? intake.reservation?.messageRow : nil
        try db.executeCached(
            sql: """
                INSERT INTO messages (id, sha256, message_id, sender, organisation, subject, size, received_at,
                    mailbox, uidvalidity, uid, status, reason, detail, duplicate_of, stored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, digest, result.messageID, result.sender, result.organisation, intake.outcome.message?.subject,
                raw.count, intake.receivedAt, source?.mailbox,
                source.map { Int64($0.uidValidity) },
                source.map { Int64($0.uid) }, duplicateOf == nil ? result.status.rawValue : "duplicate",
                result.reason, intake.outcome.detail, duplicateOf, now,
            ])
        let messageRow = db.lastInsertedRowID
        try Bodies.write(db, .message, of: messageRow, raw.prefix(intake.outcome.keepBytes ?? raw.count))
        if let duplicateOf { return .duplicateReport(messageRow: messageRow, of: duplicateOf) }

        for (severity, list) in [("error", result.errors), ("warning", result.warnings)] {
            for d in list {
                try db.executeCached(
                    sql: """
                        INSERT INTO diagnostics (message, severity, incident, field, line, text) VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [messageRow, severity, d.incident, d.field, d.line, d.message])
            }
        }
        guard createsReport(intake.outcome), let organisation = result.organisation, let sender = result.sender, let week = result.week
        else {
            return .stored(messageRow: messageRow, references: [])
        }
        try db.executeCached(
            sql: """
                INSERT INTO reports (message, organisation, sender, status, week, zero_report, redacted, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                messageRow, organisation, sender, result.status.rawValue, week.description,
                result.zeroReport, result.incidents.contains(where: \.redacted), now,
            ])
        let reportRow = db.lastInsertedRowID
        try insertSafety(db, result, report: reportRow, week: week)
        var references: [String] = []
        for (index, incident) in result.incidents.enumerated() {
            let ref = try nextReference(db, year: week.year)
            var record = IncidentRecord(incident, ref: ref, report: reportRow, seq: index + 1)
            try record.insert(db)
            var first = try IncidentVersionRecord(record, message: messageRow, at: now)
            try first.insert(db)
            for code in Set(record.categoryCodes) {
                try db.executeCached(sql: "INSERT INTO incident_categories (incident, code) VALUES (?, ?)", arguments: [record.id, code])
            }
            references.append(ref)
        }
        return .stored(messageRow: messageRow, references: references)
    }

    /// `EST-<year>-<6 digits>`, counting per year inside the storing transaction so numbers never repeat.
    static func nextReference(_ db: Database, year: Int) throws -> String {
        try db.executeCached(
            sql: """
                INSERT INTO reference_counters (year, last) VALUES (?, 1)
                ON CONFLICT(year) DO UPDATE SET last = last + 1
                """, arguments: [year])
        let number = try Int.fetchOneCached(db, sql: "SELECT last FROM reference_counters WHERE year = ?", arguments: [year]) ?? 1
        return reference(year: year, number: number)
    }

    static func reference(year: Int, number: Int) -> String {
        IncidentReference.make(year: year, number: number)
    }
}
