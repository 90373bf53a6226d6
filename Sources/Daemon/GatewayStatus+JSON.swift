import Foundation
import Monitoring
import Storage

/// `status --json`: everything `status` shows and the check's verdict, for scripts and dashboards.
/// Times are ISO 8601 (UTC); a value that is not known (never polled, no error) is left out.
extension GatewayStatus {
    struct JSONView: Encodable {
        struct Cursor: Encodable {
            var mailbox: String
            var uidvalidity: UInt32
            var last_uid: UInt32
            var last_poll_at: String?
            var last_success_at: String?
            var last_error: String?
        }
        struct Connection: Encodable {
            var failures_in_row: Int
            var last_error: String?
            var last_failure_at: String?
            var last_success_at: String?
        }
        struct Lease: Encodable {
            var holder: String
            var expires_at: String
            var holder_running: Bool
        }
        struct Outbox: Encodable {
            var pending: Int
            var sent: Int
            var failed: Int
            var last_error: String?
            var failing_recipients: Int
        }
        struct Row: Encodable {
            var id: Int64
            var kind: String?
            var recipient: String
            var key: String
            var last_error: String?
            var possible_duplicate: Bool
        }
        struct Check: Encodable {
            var level: String
            var exit_status: Int
            var findings: [String]
            var line: String
        }
        var read_at: String
        var cursor: Cursor?
        var messages: [String: Int]
        var quarantined_last_day: Int
        var pending_moves: Int
        var outbox: Outbox
        var failed_rows: [Row]
        var resent_rows: [Row]
        var connections: [String: Connection]
        var lease: Lease?
        var check: Check
    }

    public func json(_ thresholds: HealthThresholds) throws -> String {
        let time = { (date: Date?) in date.map { ISO8601DateFormatter().string(from: $0) } }
        func row(_ item: OutboxItem) -> JSONView.Row {
            JSONView.Row(
                id: item.id, kind: item.kind?.rawValue, recipient: item.recipient, key: item.key.rawValue, last_error: item.lastError,
                possible_duplicate: item.possibleDuplicate)
        }
        let check = check(thresholds)
        let view = JSONView(
            read_at: time(readAt)!,
            cursor: cursor.map {
                JSONView.Cursor(
                    mailbox: $0.mailbox, uidvalidity: $0.uidValidity, last_uid: $0.lastUID, last_poll_at: time($0.lastPollAt),
                    last_success_at: time($0.lastSuccessAt), last_error: $0.lastError)
            },
            messages: messages, quarantined_last_day: quarantinedLastDay, pending_moves: pendingMoves,
            outbox: JSONView.Outbox(
                pending: outbox.pending, sent: outbox.sent, failed: outbox.failed, last_error: outbox.lastError,
                failing_recipients: outbox.failingRecipients),
            failed_rows: failed.map(row), resent_rows: resent.map(row),
            connections: Dictionary(
                uniqueKeysWithValues: MailConnection.allCases.map { c in
                    let h = connections[c] ?? ConnectionHealth(connection: c)
                    return (
                        c.rawValue,
                        JSONView.Connection(
                            failures_in_row: h.failuresInRow, last_error: h.lastError, last_failure_at: time(h.lastFailureAt),
                            last_success_at: time(h.lastSuccessAt))
                    )
                }),
            lease: lease.map {
                JSONView.Lease(
                    holder: $0.holder, expires_at: time($0.expiresAt)!, holder_running: !leaseHolderGone)
            },
            check: JSONView.Check(
                level: check.level.name.lowercased(), exit_status: check.level.rawValue, findings: check.findings.map(\.text),
                line: check.line))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(view), as: UTF8.self)
    }
}
