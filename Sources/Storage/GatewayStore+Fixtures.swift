import Domain
import Foundation
import GRDB

/// A report written straight into the tables, for benchmarks and tests that need a database of a
/// given shape (a year of data, a million incidents) or rows only a mail server makes (held replies,
/// hard bounces) without going through mail.
public struct FixtureReport: Sendable {
    public var organisation: String
    public var sender: String
    public var week: ISOWeek
    public var receivedAt: Date
    public var zeroReport: Bool
    public var incidents: [Incident]

    public init(organisation: String, sender: String, week: ISOWeek, receivedAt: Date, zeroReport: Bool = false, incidents: [Incident]) {
        self.organisation = organisation
        self.sender = sender
        self.week = week
        self.receivedAt = receivedAt
        self.zeroReport = zeroReport
        self.incidents = incidents
    }
}

extension GatewayStore {
    /// Stores accepted reports, in one transaction; incidents get references as usual.
    /// - Parameters:
    ///   - raw: the bytes each message keeps (a database with history holds every mail it received).
    ///   - reply: when given, each report also has its sent acknowledgment of these bytes in the
    ///     outbox, as the gateway leaves it.
    public func insertFixtures(_ reports: [FixtureReport], raw: [UInt8] = [], reply: [UInt8]? = nil) throws {
        let now = self.now
        try pool.write { db in
            let first = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM messages") ?? 0) + 1
            for (n, report) in reports.enumerated() {
                // Not a digest: a key that cannot collide with one.
                try db.execute(
                    sql: """
                        INSERT INTO messages (sha256, message_id, sender, organisation, size, received_at, status, stored_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'accepted', ?)
                        """,
                    arguments: [
                        "fixture:\(first + Int64(n))", "<fixture-\(first + Int64(n))@fixture.invalid>", report.sender,
                        report.organisation, raw.count, report.receivedAt, now,
                    ])
                let messageRow = db.lastInsertedRowID
                try Bodies.write(db, .message, of: messageRow, raw)
                if let reply {
                    try db.execute(
                        sql: """
                            INSERT INTO outbox (key, kind, recipient, message_id, answers, status, attempts, next_attempt_at,
                                smtp_reply, created_at, sent_at)
                            VALUES (?, 'ack', ?, ?, ?, 'sent', 1, ?, '250 2.0.0 Ok', ?, ?)
                            """,
                        arguments: [
                            "fixture-reply:\(messageRow)", report.sender, "<fixture-reply-\(messageRow)@fixture.invalid>", messageRow,
                            report.receivedAt, report.receivedAt, report.receivedAt,
                        ])
                    try Bodies.write(db, .outbox, of: db.lastInsertedRowID, reply)
                    try OutboxWindow.record(db, recipient: report.sender.lowercased(), reply: true, at: report.receivedAt)
                }
                try db.execute(
                    sql: """
                        INSERT INTO reports (message, organisation, sender, status, week, zero_report, redacted, created_at)
                        VALUES (?, ?, ?, 'accepted', ?, ?, 0, ?)
                        """,
                    arguments: [
                        messageRow, report.organisation, report.sender, report.week.description,
                        report.zeroReport, report.receivedAt,
                    ])
                let reportRow = db.lastInsertedRowID
                for (index, incident) in report.incidents.enumerated() {
                    var record = IncidentRecord(
                        incident, ref: try Self.nextReference(db, year: incident.date.year),
                        report: reportRow, seq: index + 1)
                    try record.insert(db)
                    var first = try IncidentVersionRecord(record, message: messageRow, at: report.receivedAt)
                    try first.insert(db)
                    for code in Set(record.categoryCodes) {
                        try db.execute(sql: "INSERT INTO incident_categories (incident, code) VALUES (?, ?)", arguments: [record.id, code])
                    }
                }
            }
        }
    }

    /// Records a reply the caps held back, as the intake transaction does.
    public func insertFixture(_ held: HeldReply, at date: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO held_replies (recipient, kind, reason, message, at) VALUES (?, ?, ?, NULL, ?)",
                arguments: [held.recipient, held.kind.rawValue, held.reason.rawValue, date])
        }
    }

    /// Records a hard bounce for an address, as a delivery-status notification does.
    public func insertFixture(failingAddress address: String, status: String, diagnostic: String?, since date: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO failing_recipients (address, status, diagnostic, outbox, since) VALUES (?, ?, ?, NULL, ?)
                    """, arguments: [address, status, diagnostic, date])
        }
    }
}
