import Domain
import Foundation
import GRDB

/// Outbox totals for `status`.
public struct OutboxCounts: Sendable, Hashable {
    public var pending = 0
    public var sent = 0
    public var failed = 0
    public var lastError: String?
    public var failingRecipients = 0
}

/// A reply the caps held back, as recorded.
public struct HeldReplyRecord: Sendable, Hashable {
    public var reply: HeldReply
    /// The incoming message it would have answered.
    public var message: Int64?
    public var at: Date
}

extension GatewayStore {
    public func outboxCounts() throws -> OutboxCounts {
        try pool.read { db in
            var counts = OutboxCounts()
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM outbox GROUP BY status") {
                let n: Int = row["n"]
                switch OutboxStatus(rawValue: row["status"]) {
                case .pending, .sending: counts.pending += n
                case .sent: counts.sent += n
                case .failed, nil: counts.failed += n
                }
            }
            counts.lastError = try String.fetchOne(
                db,
                sql: """
                    SELECT last_error FROM outbox WHERE last_error IS NOT NULL AND status != ? ORDER BY id DESC LIMIT 1
                    """, arguments: [OutboxStatus.sent.rawValue])
            counts.failingRecipients = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM failing_recipients") ?? 0
            return counts
        }
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

    /// Replies the caps held back, oldest first.
    public func heldReplies() throws -> [HeldReplyRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT recipient, kind, reason, message, at FROM held_replies ORDER BY id").compactMap { row in
                guard let kind = OutboxKind(rawValue: row["kind"]), let reason = HoldReason(rawValue: row["reason"]) else { return nil }
                return HeldReplyRecord(
                    reply: HeldReply(recipient: row["recipient"], kind: kind, reason: reason),
                    message: row["message"], at: row["at"])
            }
        }
    }
}
