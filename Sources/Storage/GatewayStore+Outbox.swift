import Domain
import Foundation
import GRDB

/// An outbox row, as the sender, `status` and the tests see it.
public struct OutboxItem: Sendable, Hashable {
    public var id: Int64
    public var key: OutboxKey
    /// nil for a kind this version does not know (a row written by a newer one).
    public var kind: OutboxKind?
    public var recipient: String
    public var messageID: String
    public var raw: [UInt8]
    public var status: OutboxStatus
    public var attempts: Int
    public var createdAt: Date
    public var lastError: String?
    public var bounceStatus: String?
}

extension GatewayStore {
    /// Queues periodic mail (digest, reminder, alert); a key already queued is not queued again.
    @discardableResult
    public func enqueue(_ draft: OutboxDraft) throws -> Bool {
        try pool.write { db in try OutboxRecord.enqueue(db, draft, answers: nil, at: now) }
    }

    public func outboxKeyExists(_ key: OutboxKey) throws -> Bool {
        try pool.read { db in try OutboxRecord.filter(Column("key") == key.rawValue).isEmpty(db) == false }
    }

    public func dueOutbox(now: Date? = nil, limit: Int = 100) throws -> [OutboxItem] {
        let at = now ?? self.now
        return try pool.read { db in
            try OutboxRecord
                .filter(Column("status") == OutboxStatus.pending.rawValue && Column("next_attempt_at") <= at)
                .order(Column("id")).limit(limit).fetchAll(db).map(\.item)
        }
    }

    /// Marks a row as being handed to SMTP. A crash between this and `markSent` leaves it `sending`.
    public func markSending(_ id: Int64) throws {
        try updateOutbox(id, "status = ?, attempts = attempts + 1", [OutboxStatus.sending.rawValue])
    }

    public func markSent(_ id: Int64, reply: String) throws {
        try updateOutbox(id, "status = ?, smtp_reply = ?, sent_at = ?, last_error = NULL", [OutboxStatus.sent.rawValue, reply, now])
    }

    public func markDeferred(_ id: Int64, error: String, nextAttempt: Date) throws {
        try updateOutbox(id, "status = ?, last_error = ?, next_attempt_at = ?", [OutboxStatus.pending.rawValue, error, nextAttempt])
    }

    public func markFailed(_ id: Int64, error: String) throws {
        try updateOutbox(id, "status = ?, last_error = ?", [OutboxStatus.failed.rawValue, error])
    }

    private func updateOutbox(_ id: Int64, _ assignments: String, _ values: StatementArguments) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE outbox SET \(assignments) WHERE id = ?", arguments: values + [id])
        }
    }

    /// Rows left `sending` by a process that died mid-send: the server may already have accepted them,
    /// and a reply must never go out twice, so they are marked failed for a person to look at.
    @discardableResult
    public func settleInterruptedSends() throws -> Int {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE outbox SET status = ?,
                    last_error = 'delivery was interrupted by a crash; the SMTP server may have accepted it, so it is not sent again'
                WHERE status = ?
                """, arguments: [OutboxStatus.failed.rawValue, OutboxStatus.sending.rawValue])
            return db.changesCount
        }
    }

    /// Every outbox row, oldest first, for tests and the demo.
    public func outboxRows() throws -> [OutboxItem] {
        try pool.read { db in try OutboxRecord.order(Column("id")).fetchAll(db).map(\.item) }
    }
}
