import Foundation
import GRDB

/// How much mail was queued in the last hour, per recipient and in all, for the reply caps
/// (mail-rules §4), at a cost that does not grow with the hour's mail. Counting the outbox's rows
/// walked every row of the hour for every message, so a backlog cost the square of its size.
///
/// `outbox_minutes` holds a count per recipient and minute (`''` for replies to anyone), written in
/// the transaction that queues the mail. A count since T is the sum over the minutes after T's
/// minute, plus the rows of T's own minute from the outbox itself: exact, whatever T is. Minutes
/// older than two hours are deleted as mail is queued, so the table holds no address longer than
/// that (retention pseudonymises the outbox's own).
enum OutboxWindow {
    /// The key of the count of replies to anyone; no address is empty.
    static let allReplies = ""

    static func minute(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / 60).rounded(.down)) }

    /// Counts one mail queued now.
    static func record(_ db: Database, recipient: String, reply: Bool, at now: Date) throws {
        let minute = minute(now)
        try db.executeCached(sql: "DELETE FROM outbox_minutes WHERE minute < ?", arguments: [minute - 120])
        let upsert = """
            INSERT INTO outbox_minutes (recipient, minute, mail) VALUES (?, ?, 1)
            ON CONFLICT DO UPDATE SET mail = mail + 1
            """
        try db.executeCached(sql: upsert, arguments: [recipient, minute])
        if reply { try db.executeCached(sql: upsert, arguments: [allReplies, minute]) }
    }

    /// Mail of any kind queued to `recipient` (lowercased) since `since`.
    static func queued(_ db: Database, to recipient: String, since: Date) throws -> Int {
        try count(db, key: recipient, since: since, edge: "recipient = ?", [recipient])
    }

    /// Replies (not periodic mail) queued to anyone since `since`.
    static func repliesQueued(_ db: Database, since: Date) throws -> Int {
        try count(db, key: allReplies, since: since, edge: "answers IS NOT NULL", [])
    }

    /// The minutes after `since`'s from the counts, and `since`'s own minute from the outbox rows
    /// that `condition` selects.
    private static func count(
        _ db: Database, key: String, since: Date, edge condition: String, _ arguments: [any DatabaseValueConvertible]
    ) throws -> Int {
        let minute = minute(since)
        let later =
            try Int.fetchOneCached(
                db, sql: "SELECT COALESCE(SUM(mail), 0) FROM outbox_minutes WHERE recipient = ? AND minute > ?",
                arguments: [key, minute]) ?? 0
        let edge =
            try Int.fetchOneCached(
                db, sql: "SELECT COUNT(*) FROM outbox WHERE \(condition) AND created_at >= ? AND created_at < ?",
                arguments: StatementArguments(arguments + [since, end(of: minute)])) ?? 0
        return later + edge
    }

    private static func end(of minute: Int64) -> Date { Date(timeIntervalSince1970: Double(minute + 1) * 60) }
}
