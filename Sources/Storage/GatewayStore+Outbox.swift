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
    /// The rendered mail, from `dueOutbox`, `retryFailed` and `outboxRows()`; empty in the listings
    /// (`outboxRows(status:newest:)`, `resentRows`, `requeueInterruptedSends`), which do not read
    /// it, and once retention has deleted it.
    public var raw: [UInt8]
    public var status: OutboxStatus
    public var attempts: Int
    public var createdAt: Date
    public var lastError: String?
    public var bounceStatus: String?
    /// Times a crash interrupted its delivery and it was queued again.
    public var resent: Int
    /// Sent again after the whole message had gone out once: the recipient may have it twice.
    public var possibleDuplicate: Bool
    public var sentAt: Date?
}

/// Why an operator's request on the outbox cannot be done.
public enum OutboxError: Error, Sendable, Hashable, CustomStringConvertible {
    case noSuchRow(Int64)
    case notFailed(Int64, OutboxStatus)
    /// Its rendered mail was deleted by retention (retention.raw_days): there is nothing left to send.
    case purged(Int64)

    public var description: String {
        switch self {
        case .noSuchRow(let id): "outbox row \(id) does not exist; `est-gateway outbox list` shows the rows"
        case .notFailed(let id, let status): "outbox row \(id) is \(status.rawValue), not failed; only failed rows can be retried"
        case .purged(let id): "outbox row \(id) is past retention.raw_days and its mail was deleted; it cannot be sent again"
        }
    }
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
                .order(Column("id")).limit(limit).fetchAll(db).map { try $0.itemWithMail(db) }
        }
    }

    /// Marks a row as being handed to SMTP. A crash between this and `markSent` leaves it `sending`.
    public func markSending(_ id: Int64) throws {
        try updateOutbox(id, "status = ?, attempts = attempts + 1, transmitted_at = NULL", [OutboxStatus.sending.rawValue])
    }

    /// The whole message went out on this attempt; only the server's answer is still to come.
    public func markTransmitted(_ id: Int64) throws {
        try updateOutbox(id, "transmitted_at = ?", [now])
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

    /// Rows left `sending` by a process that died mid-send go out again, with the same Message-ID:
    /// as MTAs do (RFC 1047), a rare duplicate beats a lost reply. A row whose whole message had gone
    /// out before the crash is flagged as a possible duplicate. Returns the rows queued again.
    @discardableResult
    public func requeueInterruptedSends() throws -> [OutboxItem] {
        let now = self.now
        return try pool.write { db in
            let interrupted = try OutboxRecord.filter(Column("status") == OutboxStatus.sending.rawValue).fetchAll(db)
            try db.execute(
                sql: """
                    UPDATE outbox SET status = ?, next_attempt_at = ?, resent = resent + 1,
                        possible_duplicate = possible_duplicate OR transmitted_at IS NOT NULL,
                        last_error = CASE WHEN transmitted_at IS NOT NULL
                            THEN 'interrupted by a crash after the whole message had gone out; sent again, the recipient may get it twice'
                            ELSE 'interrupted by a crash before the message had gone out; sent again' END
                    WHERE status = ?
                    """, arguments: [OutboxStatus.pending.rawValue, now, OutboxStatus.sending.rawValue])
            return try interrupted.compactMap { try OutboxRecord.fetchOne(db, key: $0.id)?.listed }
        }
    }

    /// The newest `limit` rows in a state (any state when nil), oldest first, for
    /// `est-gateway outbox list` and `status`.
    public func outboxRows(status: OutboxStatus?, newest limit: Int) throws -> [OutboxItem] {
        try pool.read { db in
            var request = OutboxRecord.order(Column("id").desc)
            if let status { request = request.filter(Column("status") == status.rawValue) }
            return try request.limit(max(0, limit)).fetchAll(db).reversed().map(\.listed)
        }
    }

    /// Rows a crash made go out again, newest first.
    public func resentRows(limit: Int = 20) throws -> [OutboxItem] {
        try pool.read { db in
            try OutboxRecord.filter(Column("resent") > 0).order(Column("id").desc).limit(limit).fetchAll(db).map(\.listed)
        }
    }

    /// Queues a failed row again, for the operator once the cause is fixed (a mailbox that exists again).
    public func retryFailed(_ id: Int64) throws -> OutboxItem {
        let now = self.now
        return try pool.write { db in
            guard let row = try OutboxRecord.fetchOne(db, key: id) else { throw OutboxError.noSuchRow(id) }
            guard row.status == OutboxStatus.failed.rawValue else {
                throw OutboxError.notFailed(id, OutboxStatus(rawValue: row.status) ?? .failed)
            }
            guard row.rawPurgedAt == nil else { throw OutboxError.purged(id) }
            try db.execute(
                sql: "UPDATE outbox SET status = ?, next_attempt_at = ?, attempts = 0, created_at = ? WHERE id = ?",
                arguments: [OutboxStatus.pending.rawValue, now, now, id])
            return try OutboxRecord.fetchOne(db, key: id)!.itemWithMail(db)
        }
    }

    /// Every outbox row with its mail, oldest first, for tests, the demo and the benchmark.
    public func outboxRows() throws -> [OutboxItem] {
        try pool.read { db in try OutboxRecord.order(Column("id")).fetchAll(db).map { try $0.itemWithMail(db) } }
    }
}
