import Foundation
import GRDB

/// The poison-message breaker: a fetched message is marked (and committed) before it is parsed, and
/// the mark goes with the commit that stores it. A mark still there when the same UID comes round
/// again means the process died while reading it.
extension GatewayStore {
    /// Marks the message as being read; returns how many earlier attempts died before their commit.
    public func beginParse(_ source: MessageSource) throws -> Int {
        let now = self.now
        // The mark must outlive a crash of the process, which is what it counts; a power cut that
        // loses it loses one count, so the WAL is synced with the commit that stores the message.
        return try writeDeferringSync { db in
            let earlier =
                try Int.fetchOneCached(
                    db,
                    sql: """
                        SELECT attempts FROM parse_attempts WHERE mailbox = ? AND uidvalidity = ? AND uid = ?
                        """, arguments: [source.mailbox, Int64(source.uidValidity), Int64(source.uid)]) ?? 0
            try db.executeCached(
                sql: """
                    INSERT INTO parse_attempts (mailbox, uidvalidity, uid, attempts, started_at) VALUES (?, ?, ?, 1, ?)
                    ON CONFLICT DO UPDATE SET attempts = attempts + 1, started_at = excluded.started_at
                    """, arguments: [source.mailbox, Int64(source.uidValidity), Int64(source.uid), now])
            return earlier
        }
    }

    static func endParse(_ db: Database, _ source: MessageSource) throws {
        try db.executeCached(
            sql: "DELETE FROM parse_attempts WHERE mailbox = ? AND uidvalidity = ? AND uid = ?",
            arguments: [source.mailbox, Int64(source.uidValidity), Int64(source.uid)])
    }
}

/// A quarantined message as the operator sees it.
public struct QuarantinedMessage: Sendable, Hashable {
    public var row: Int64
    public var reason: String?
    public var detail: String?
    public var receivedAt: Date
    /// The size of the message as received.
    public var size: Int
    /// The bytes kept: all of them, or the headers and a prefix of an oversized message.
    public var storedBytes: Int
}

extension GatewayStore {
    /// Quarantined messages, newest first.
    public func quarantinedMessages(limit: Int = 50) throws -> [QuarantinedMessage] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT m.id, m.reason, m.detail, m.received_at, m.size, COALESCE(length(b.raw), 0) AS stored
                    FROM messages m LEFT JOIN message_bodies b ON b.message = m.id
                    WHERE m.status = 'quarantined' ORDER BY m.id DESC LIMIT ?
                    """, arguments: [limit]
            ).map {
                QuarantinedMessage(
                    row: $0["id"], reason: $0["reason"], detail: $0["detail"], receivedAt: $0["received_at"],
                    size: $0["size"], storedBytes: $0["stored"])
            }
        }
    }
}
