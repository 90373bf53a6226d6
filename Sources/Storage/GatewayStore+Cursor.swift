import Foundation
import GRDB

/// The cursor of one watched mailbox (mail-rules §1: mailbox, UIDVALIDITY, highest UID stored).
public struct MailboxCursor: Sendable, Hashable {
    public var mailbox: String
    public var uidValidity: UInt32
    public var lastUID: UInt32
    public var lastPollAt: Date?
    public var lastSuccessAt: Date?
    public var lastError: String?
}

extension GatewayStore {
    public func cursor(mailbox: String) throws -> MailboxCursor? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM mailbox_cursors WHERE mailbox = ?", arguments: [mailbox]).map {
                MailboxCursor(
                    mailbox: $0["mailbox"], uidValidity: UInt32(truncatingIfNeeded: $0["uidvalidity"] as Int64),
                    lastUID: UInt32(truncatingIfNeeded: $0["last_uid"] as Int64), lastPollAt: $0["last_poll_at"],
                    lastSuccessAt: $0["last_success_at"], lastError: $0["last_error"])
            }
        }
    }

    /// A new UIDVALIDITY means every UID we know is void: start over from zero and let dedup skip the rest.
    public func resetCursor(mailbox: String, uidValidity: UInt32) throws {
        try pool.write { db in
            try db.executeCached(
                sql: """
                    INSERT INTO mailbox_cursors (mailbox, uidvalidity, last_uid) VALUES (?, ?, 0)
                    ON CONFLICT(mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = 0
                    """, arguments: [mailbox, Int64(uidValidity)])
        }
    }

    static func advanceCursor(_ db: Database, _ source: MessageSource) throws {
        try db.executeCached(
            sql: """
                INSERT INTO mailbox_cursors (mailbox, uidvalidity, last_uid) VALUES (?, ?, ?)
                ON CONFLICT(mailbox) DO UPDATE SET last_uid = MAX(last_uid, excluded.last_uid)
                    WHERE uidvalidity = excluded.uidvalidity
                """, arguments: [source.mailbox, Int64(source.uidValidity), Int64(source.uid)])
    }

    /// Skips UIDs that are not to be processed (older than the first-run start date), so they are not fetched again.
    public func advanceCursor(_ source: MessageSource) throws {
        try pool.write { db in try Self.advanceCursor(db, source) }
    }

    /// The poll's outcome on the cursor and in the IMAP connection's health, in one transaction
    /// (an idle poll's only write).
    public func recordPoll(mailbox: String, error: String?) throws {
        let date = now
        try pool.write { db in
            try Self.recordConnection(db, .imap, error: error, at: date)
            if let error {
                try db.executeCached(
                    sql: "UPDATE mailbox_cursors SET last_poll_at = ?, last_error = ? WHERE mailbox = ?",
                    arguments: [date, error, mailbox])
            } else {
                try db.executeCached(
                    sql: "UPDATE mailbox_cursors SET last_poll_at = ?, last_success_at = ?, last_error = NULL WHERE mailbox = ?",
                    arguments: [date, date, mailbox])
            }
        }
    }
}
