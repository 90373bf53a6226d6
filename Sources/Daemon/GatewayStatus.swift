import Foundation
import Storage

/// What `est-gateway status` shows: where intake stands and what is waiting or failing.
public struct GatewayStatus: Sendable {
    public var cursor: MailboxCursor?
    public var messages: [String: Int]
    public var outbox: OutboxCounts
    public var pendingMoves: Int
    /// The most recent failed rows, for a person to look at (`est-gateway outbox retry ID`).
    public var failed: [OutboxItem]
    /// Rows a crash made go out again, some possibly twice.
    public var resent: [OutboxItem]

    public init(store: GatewayStore, mailbox: String) throws {
        cursor = try store.cursor(mailbox: mailbox)
        messages = try store.messageCounts()
        outbox = try store.outboxCounts()
        pendingMoves = try store.pendingMoveCount()
        failed = try store.outboxRows(status: .failed, newest: 10)
        resent = try store.resentRows(limit: 10)
    }

    public func render(now: Date = Date()) -> String {
        var lines: [String] = []
        if let cursor {
            lines.append("mailbox \(cursor.mailbox): UIDVALIDITY \(cursor.uidValidity), last UID stored \(cursor.lastUID)")
            if let success = cursor.lastSuccessAt {
                lines.append("last successful poll: \(Self.format(success)) (\(Self.age(now.timeIntervalSince(success))) ago)")
            } else {
                lines.append("last successful poll: never")
            }
            if let error = cursor.lastError { lines.append("last poll error: \(error)") }
        } else {
            lines.append("mailbox: never polled")
        }
        let stored = messages.values.reduce(0, +)
        let order = ["accepted", "rejected", "ignored", "quarantined", "duplicate"]
        lines.append("messages stored: \(stored) (" + order.map { "\(messages[$0, default: 0]) \($0)" }.joined(separator: ", ") + ")")
        lines.append("waiting to be moved on the server: \(pendingMoves)")
        lines.append("outbox: \(outbox.pending) pending, \(outbox.sent) sent, \(outbox.failed) failed")
        if let error = outbox.lastError { lines.append("outbox last error: \(error)") }
        if !failed.isEmpty {
            lines.append("failed outbox rows (newest \(failed.count); `est-gateway outbox retry ID` sends one again):")
            lines += failed.reversed().map { "  \(Self.describe($0)): \($0.lastError ?? "no error recorded")" }
        }
        if !resent.isEmpty {
            lines.append("sent again after a crash interrupted them (newest \(resent.count)):")
            lines += resent.map {
                "  \(Self.describe($0))\($0.possibleDuplicate ? " — possible duplicate: the whole message had gone out before the crash" : "")"
            }
        }
        if outbox.failingRecipients > 0 { lines.append("failing recipients (hard bounces): \(outbox.failingRecipients)") }
        return lines.joined(separator: "\n")
    }

    /// `#12 ack to anna@mimer.example (reply:mimer:<id@mimer.example>)`
    public static func describe(_ row: OutboxItem) -> String {
        "#\(row.id) \(row.kind?.rawValue ?? "?") to \(row.recipient) (\(row.key))"
    }

    static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: date)
    }

    static func age(_ seconds: TimeInterval) -> String {
        let s = Int(max(seconds, 0))
        if s < 120 { return "\(s) s" }
        if s < 7200 { return "\(s / 60) min" }
        if s < 172_800 { return "\(s / 3600) h" }
        return "\(s / 86_400) days"
    }
}
