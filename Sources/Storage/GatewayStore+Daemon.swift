import Classification
import Intake
import Foundation
import GRDB

/// The cursor of one watched mailbox.
public struct MailboxCursor: Sendable, Hashable {
    public var mailbox: String
    public var uidValidity: UInt32
    public var lastUID: UInt32
    public var lastPollAt: Date?
    public var lastSuccessAt: Date?
    public var lastError: String?
}

/// A fetched UID whose move to its outcome folder has not happened yet.
public struct PendingMove: Sendable, Hashable {
    public var mailbox: String
    public var uidValidity: UInt32
    public var uid: UInt32
    /// The folder it was meant for when stored.
    public var targetFolder: String
    /// The outcome it was stored with (nil for rows from before outcomes were kept).
    public var outcome: ReportStatus?

    /// The folder to move to now: the outcome's folder as configured today, else the one recorded.
    public func folder(_ folders: OutcomeFolders) -> String {
        outcome.map(folders.folder(for:)) ?? targetFolder
    }
}

/// An outbox row due for delivery.
public struct OutboxItem: Sendable, Hashable {
    public var id: Int64
    public var key: String
    public var recipient: String
    public var raw: [UInt8]
    public var attempts: Int
    public var createdAt: Date
}

extension GatewayStore {
    // MARK: cursor

    public func cursor(mailbox: String) throws -> MailboxCursor? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM mailbox_cursors WHERE mailbox = ?", arguments: [mailbox]).map {
                MailboxCursor(mailbox: $0["mailbox"], uidValidity: UInt32(truncatingIfNeeded: $0["uidvalidity"] as Int64),
                              lastUID: UInt32(truncatingIfNeeded: $0["last_uid"] as Int64), lastPollAt: $0["last_poll_at"],
                              lastSuccessAt: $0["last_success_at"], lastError: $0["last_error"])
            }
        }
    }

    /// A new UIDVALIDITY means every UID we know is void: start over from zero and let dedup skip the rest.
    public func resetCursor(mailbox: String, uidValidity: UInt32) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO mailbox_cursors (mailbox, uidvalidity, last_uid) VALUES (?, ?, 0)
                ON CONFLICT(mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = 0
                """, arguments: [mailbox, Int64(uidValidity)])
        }
    }

    static func advanceCursor(_ db: Database, _ source: MessageSource) throws {
        try db.execute(sql: """
            INSERT INTO mailbox_cursors (mailbox, uidvalidity, last_uid) VALUES (?, ?, ?)
            ON CONFLICT(mailbox) DO UPDATE SET last_uid = MAX(last_uid, excluded.last_uid)
                WHERE uidvalidity = excluded.uidvalidity
            """, arguments: [source.mailbox, Int64(source.uidValidity), Int64(source.uid)])
    }

    /// Skips UIDs that are not to be processed (older than the first-run start date), so they are not fetched again.
    public func advanceCursor(_ source: MessageSource) throws {
        try pool.write { db in try Self.advanceCursor(db, source) }
    }

    public func recordPoll(mailbox: String, error: String?, at date: Date = Date()) throws {
        try pool.write { db in
            if let error {
                try db.execute(sql: "UPDATE mailbox_cursors SET last_poll_at = ?, last_error = ? WHERE mailbox = ?",
                               arguments: [date, error, mailbox])
            } else {
                try db.execute(sql: "UPDATE mailbox_cursors SET last_poll_at = ?, last_success_at = ?, last_error = NULL WHERE mailbox = ?",
                               arguments: [date, date, mailbox])
            }
        }
    }

    // MARK: moves

    public func pendingMoves(mailbox: String, uidValidity: UInt32) throws -> [PendingMove] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT mailbox, uidvalidity, uid, target_folder, outcome FROM server_moves
                WHERE moved_at IS NULL AND mailbox = ? AND uidvalidity = ? ORDER BY uid
                """, arguments: [mailbox, Int64(uidValidity)]).map {
                PendingMove(mailbox: $0["mailbox"], uidValidity: UInt32(truncatingIfNeeded: $0["uidvalidity"] as Int64),
                            uid: UInt32(truncatingIfNeeded: $0["uid"] as Int64), targetFolder: $0["target_folder"],
                            outcome: ($0["outcome"] as String?).flatMap(ReportStatus.init(rawValue:)))
            }
        }
    }

    public func markMoved(_ moves: [PendingMove], at date: Date = Date()) throws {
        try updateMoves(moves, sql: "UPDATE server_moves SET moved_at = ?, error = NULL", [date])
    }

    public func markMoveFailed(_ moves: [PendingMove], error: String) throws {
        try updateMoves(moves, sql: "UPDATE server_moves SET attempts = attempts + 1, error = ?", [error])
    }

    private func updateMoves(_ moves: [PendingMove], sql: String, _ values: StatementArguments) throws {
        guard !moves.isEmpty else { return }
        try pool.write { db in
            for move in moves {
                try db.execute(sql: sql + " WHERE mailbox = ? AND uidvalidity = ? AND uid = ?",
                               arguments: values + [move.mailbox, Int64(move.uidValidity), Int64(move.uid)])
            }
        }
    }

    // MARK: outbox

    static func enqueue(_ db: Database, _ draft: OutboxDraft, answers: Int64?) throws {
        try db.execute(sql: """
            INSERT INTO outbox (key, kind, recipient, message_id, answers, raw, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING
            """, arguments: [draft.key, draft.kind, draft.recipient.lowercased(), draft.messageID, answers, Data(draft.raw), Date(), Date()])
    }

    /// Queues periodic mail (digest, reminder, alert); a key already queued is not queued again.
    @discardableResult
    public func enqueue(_ draft: OutboxDraft) throws -> Bool {
        try pool.write { db in
            try Self.enqueue(db, draft, answers: nil)
            return db.changesCount > 0
        }
    }

    public func dueOutbox(now: Date = Date(), limit: Int = 100) throws -> [OutboxItem] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, key, recipient, raw, attempts, created_at FROM outbox
                WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """, arguments: [now, limit]).map {
                OutboxItem(id: $0["id"], key: $0["key"], recipient: $0["recipient"], raw: [UInt8]($0["raw"] as Data),
                           attempts: $0["attempts"], createdAt: $0["created_at"])
            }
        }
    }

    /// Marks a row as being handed to SMTP. A crash between this and `markSent` leaves it `sending`.
    public func markSending(_ id: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?", arguments: [id])
        }
    }

    public func markSent(_ id: Int64, reply: String, at date: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'sent', smtp_reply = ?, sent_at = ?, last_error = NULL WHERE id = ?",
                           arguments: [reply, date, id])
        }
    }

    public func markDeferred(_ id: Int64, error: String, nextAttempt: Date) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'pending', last_error = ?, next_attempt_at = ? WHERE id = ?",
                           arguments: [error, nextAttempt, id])
        }
    }

    public func markFailed(_ id: Int64, error: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?", arguments: [error, id])
        }
    }

    /// Rows left `sending` by a process that died mid-send: the server may already have accepted them,
    /// and a reply must never go out twice, so they are marked failed for a person to look at.
    @discardableResult
    public func settleInterruptedSends() throws -> Int {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE outbox SET status = 'failed',
                    last_error = 'delivery was interrupted by a crash; the SMTP server may have accepted it, so it is not sent again'
                WHERE status = 'sending'
                """)
            return db.changesCount
        }
    }

    static func recordBounce(_ db: Database, _ bounce: BounceReport) throws {
        for id in bounce.originalMessageIDs {
            guard let row = try Int64.fetchOne(db, sql: "SELECT id FROM outbox WHERE message_id = ?", arguments: [id]) else { continue }
            let status = bounce.recipients.first?.status ?? "unknown"
            try db.execute(sql: "UPDATE outbox SET bounced_at = ?, bounce_status = ? WHERE id = ?", arguments: [Date(), status, row])
            for recipient in bounce.recipients where recipient.isPermanent {
                try db.execute(sql: """
                    INSERT INTO failing_recipients (address, status, diagnostic, outbox, since) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(address) DO UPDATE SET status = excluded.status, diagnostic = excluded.diagnostic, outbox = excluded.outbox
                    """, arguments: [recipient.address, recipient.status, recipient.diagnostic, row, Date()])
            }
        }
    }

    // MARK: lease

    /// Takes or renews the lease on a mailbox; false when another live process holds it.
    public func acquireLease(_ name: String, holder: String, for duration: TimeInterval, now: Date = Date()) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                    WHERE leases.holder = excluded.holder OR leases.expires_at < ?
                """, arguments: [name, holder, now.addingTimeInterval(duration), now])
            return db.changesCount > 0
        }
    }

    public func leaseHolder(_ name: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT holder FROM leases WHERE name = ?", arguments: [name]) }
    }

    /// Takes the lease from `previous` only if it still holds it (compare-and-swap).
    public func takeOverLease(_ name: String, from previous: String, holder: String, for duration: TimeInterval, now: Date = Date()) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE leases SET holder = ?, expires_at = ? WHERE name = ? AND holder = ?",
                           arguments: [holder, now.addingTimeInterval(duration), name, previous])
            return db.changesCount > 0
        }
    }

    public func releaseLease(_ name: String, holder: String) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM leases WHERE name = ? AND holder = ?", arguments: [name, holder])
        }
    }
}

/// Outbox totals for `status`.
public struct OutboxCounts: Sendable, Hashable {
    public var pending = 0
    public var sent = 0
    public var failed = 0
    public var lastError: String?
    public var failingRecipients = 0
}

extension GatewayStore {
    public func outboxCounts() throws -> OutboxCounts {
        try pool.read { db in
            var counts = OutboxCounts()
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM outbox GROUP BY status") {
                let n: Int = row["n"]
                switch row["status"] as String {
                case "pending", "sending": counts.pending += n
                case "sent": counts.sent += n
                default: counts.failed += n
                }
            }
            counts.lastError = try String.fetchOne(db, sql: "SELECT last_error FROM outbox WHERE last_error IS NOT NULL AND status != 'sent' ORDER BY id DESC LIMIT 1")
            counts.failingRecipients = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM failing_recipients") ?? 0
            return counts
        }
    }

    public func pendingMoveCount() throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM server_moves WHERE moved_at IS NULL") ?? 0
        }
    }

    /// Every outbox row, oldest first, for tests and the demo.
    public func outboxRows() throws -> [(key: String, kind: String, recipient: String, status: String, raw: [UInt8], bouncedStatus: String?)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT key, kind, recipient, status, raw, bounce_status FROM outbox ORDER BY id").map {
                (key: $0["key"], kind: $0["kind"], recipient: $0["recipient"], status: $0["status"],
                 raw: [UInt8]($0["raw"] as Data), bouncedStatus: $0["bounce_status"])
            }
        }
    }

    public func failingRecipients() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT address FROM failing_recipients ORDER BY address") }
    }
}

extension GatewayStore {
    /// A message the server holds but that cannot be fetched by any means: recorded as quarantined
    /// (without bytes, which we never had) and sent to the quarantine folder, so the inbox is not
    /// blocked and a person can look at it there.
    public func storeUnfetchable(_ source: MessageSource, error: String, targetFolder: String, at date: Date = Date()) throws {
        try pool.write { db in
            // Not a digest: a key that cannot collide with one, unique per server message.
            let key = "unfetchable:\(source.mailbox):\(source.uidValidity):\(source.uid)"
            try db.execute(sql: """
                INSERT INTO messages (sha256, size, raw, received_at, mailbox, uidvalidity, uid, status, reason, detail, stored_at)
                VALUES (?, 0, x'', ?, ?, ?, ?, 'quarantined', 'unfetchable', ?, ?) ON CONFLICT(sha256) DO NOTHING
                """, arguments: [key, date, source.mailbox, Int64(source.uidValidity), Int64(source.uid), error, date])
            let row = try Int64.fetchOne(db, sql: "SELECT id FROM messages WHERE sha256 = ?", arguments: [key])!
            try Self.advanceCursor(db, source)
            try db.execute(sql: """
                INSERT INTO server_moves (mailbox, uidvalidity, uid, message, target_folder, outcome) VALUES (?, ?, ?, ?, ?, 'quarantined')
                ON CONFLICT DO NOTHING
                """, arguments: [source.mailbox, Int64(source.uidValidity), Int64(source.uid), row, targetFolder])
        }
    }
}
