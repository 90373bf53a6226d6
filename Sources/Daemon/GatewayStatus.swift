import Foundation
import Monitoring
import Storage

/// What `est-gateway status` shows: where intake stands and what is waiting or failing, and the
/// facts monitoring judges (`status --check`, the metrics file).
public struct GatewayStatus: Sendable {
    public var cursor: MailboxCursor?
    public var messages: [String: Int]
    public var outbox: OutboxCounts
    public var pendingMoves: Int
    /// The most recent failed rows, for a person to look at (`est-gateway outbox retry ID`).
    public var failed: [OutboxItem]
    /// Rows a crash made go out again, some possibly twice.
    public var resent: [OutboxItem]
    public var connections: [MailConnection: ConnectionHealth]
    public var quarantinedLastDay: Int
    public var lease: LeaseRecord?
    /// Whether the lease's holder is a process on this host that is gone (asked once, when read).
    public var leaseHolderGone = false
    public var readAt: Date

    /// - Parameter leaseName: the watched mailbox's lease (DaemonConfiguration.leaseName); nil skips it.
    public init(store: GatewayStore, mailbox: String, leaseName: String? = nil) throws {
        readAt = store.now
        cursor = try store.cursor(mailbox: mailbox)
        messages = try store.messageCounts()
        outbox = try store.outboxCounts()
        pendingMoves = try store.pendingMoveCount()
        failed = try store.outboxRows(status: .failed, newest: 10)
        resent = try store.resentRows(limit: 10)
        connections = try store.connectionHealth()
        quarantinedLastDay = try store.messageCount(status: "quarantined", since: readAt.addingTimeInterval(-86_400))
        lease = try leaseName.flatMap { try store.lease($0) }
        leaseHolderGone = lease.map { LeaseHolder.isDeadLocalProcess($0.holder) } ?? false
    }

    public var facts: HealthFacts {
        var facts = HealthFacts(now: readAt)
        facts.lastSuccessfulPoll = cursor?.lastSuccessAt
        facts.lastPoll = cursor?.lastPollAt
        facts.lastPollError = cursor?.lastError
        facts.messagesByOutcome = messages
        facts.pendingMoves = pendingMoves
        facts.outboxPending = outbox.pending
        facts.outboxSent = outbox.sent
        facts.outboxFailed = outbox.failed
        facts.failingRecipients = outbox.failingRecipients
        facts.quarantinedLastDay = quarantinedLastDay
        func connection(_ c: MailConnection) -> ConnectionFacts {
            let h = connections[c] ?? ConnectionHealth(connection: c)
            return ConnectionFacts(failuresInRow: h.failuresInRow, lastError: h.lastError, lastSuccess: h.lastSuccessAt)
        }
        facts.imap = connection(.imap)
        facts.smtp = connection(.smtp)
        facts.lease = lease.map {
            LeaseFacts(holder: $0.holder, expiresAt: $0.expiresAt, state: leaseHolderGone ? .gone : .running)
        }
        return facts
    }

    public func check(_ thresholds: HealthThresholds) -> HealthCheck { HealthCheck(facts: facts, thresholds: thresholds) }

    public func render() -> String {
        let now = readAt
        var lines: [String] = []
        if let cursor {
            lines.append("mailbox \(cursor.mailbox): UIDVALIDITY \(cursor.uidValidity), last UID stored \(cursor.lastUID)")
            if let success = cursor.lastSuccessAt {
                lines.append("last successful poll: \(Self.format(success)) (\(AgeText.format(now.timeIntervalSince(success))) ago)")
            } else {
                lines.append("last successful poll: never")
            }
            if let error = cursor.lastError { lines.append("last poll error: \(error)") }
        } else {
            lines.append("mailbox: never polled")
        }
        for connection in MailConnection.allCases {
            if let health = connections[connection], health.failuresInRow > 0 {
                lines.append(
                    "\(connection.rawValue): \(health.failuresInRow) failure(s) in a row, last: \(health.lastError ?? "no error recorded")")
            }
        }
        if let lease {
            let state = leaseHolderGone ? "a process that is gone" : "running"
            lines.append("mailbox lease: \(lease.holder) (\(state)), until \(Self.format(lease.expiresAt))")
        }
        let stored = messages.values.reduce(0, +)
        let order = ["accepted", "rejected", "ignored", "quarantined", "duplicate"]
        lines.append("messages stored: \(stored) (" + order.map { "\(messages[$0, default: 0]) \($0)" }.joined(separator: ", ") + ")")
        lines.append("quarantined in the last 24 h: \(quarantinedLastDay)")
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
        ISO8601DateFormatter().string(from: date)
    }
}
