import Domain
import Foundation
import GRDB
import Intake
import MailServerHarness
import ReadModels
import Testing

@testable import Storage

/// `v12-bodies` moves the bytes of received messages and rendered mail out of the rows the mail paths
/// scan: a database of the release before keeps every byte, readable through the store as before.
@Suite struct BodiesMigrationTests {
    /// Every byte value, CR, LF and NUL included, and long enough to span many overflow pages.
    static let large = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    static let mail = Array("From: est@vasteras.example\r\nSubject: Mottaget\r\n\r\nRåbyvägen 12\r\n".utf8)
    static let failedMail = Array("Subject: lägesbild\r\n\r\n".utf8) + [0, 255, 13, 10]

    /// A database as the release before left it: messages and outbox rows with their bytes in the row,
    /// one of each already purged by retention.
    static func databaseBeforeBodies() throws -> String {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("old.sqlite").path
        let pool = try DatabasePool(path: path)
        try Schema.migrator.migrate(pool, upTo: "v11-retention")
        try pool.write { db in
            let at = "2018-09-05 08:00:00"
            func message(_ id: Int64, size: Int, raw: [UInt8], status: String, purged: String?) throws {
                try db.execute(
                    sql: """
                        INSERT INTO messages (id, sha256, message_id, sender, organisation, size, raw, received_at, status, stored_at,
                            raw_purged_at)
                        VALUES (?, ?, ?, 'anna@mimer.example', 'mimer', ?, ?, ?, ?, ?, ?)
                        """, arguments: [id, "old\(id)", "<old\(id)@mimer.example>", size, Data(raw), at, status, at, purged])
            }
            try message(1, size: large.count, raw: large, status: "accepted", purged: nil)
            try message(2, size: 40, raw: [], status: "accepted", purged: at)
            // An oversized message kept its headers and a prefix.
            try message(3, size: 3_000_000, raw: Array(large.prefix(1_000)), status: "quarantined", purged: nil)
            func outbox(_ id: Int64, raw: [UInt8], status: String, purged: String?) throws {
                try db.execute(
                    sql: """
                        INSERT INTO outbox (id, key, kind, recipient, message_id, answers, raw, status, next_attempt_at, created_at,
                            raw_purged_at)
                        VALUES (?, ?, 'ack', 'anna@mimer.example', ?, 1, ?, ?, ?, ?, ?)
                        """, arguments: [id, "old:\(id)", "<ack\(id)@est.vasteras.example>", Data(raw), status, at, at, purged])
            }
            try outbox(1, raw: mail, status: "pending", purged: nil)
            try outbox(2, raw: [], status: "failed", purged: at)
            try outbox(3, raw: failedMail, status: "failed", purged: nil)
        }
        try pool.close()
        return path
    }

    @Test func everyByteIsKeptAndReadThroughTheStoreAsBefore() throws {
        let store = try GatewayStore(path: Self.databaseBeforeBodies(), clock: { Date(timeIntervalSince1970: 1_536_200_000) })
        #expect(try store.schemaVersion == "v14-outbox-minutes")
        #expect(try store.integrityCheck() == ["ok"])

        #expect(try store.messageBytes(1) == Self.large)
        #expect(try store.messageBytes(2) == nil, "purged before: nothing to keep")
        #expect(try store.messageBytes(3) == Array(Self.large.prefix(1_000)))
        let quarantined = try #require(try store.quarantinedMessages().first)
        #expect(quarantined.row == 3 && quarantined.size == 3_000_000 && quarantined.storedBytes == 1_000)

        #expect(try store.dueOutbox().map(\.raw) == [Self.mail], "the pending reply goes out byte for byte")
        #expect(try store.outboxRows().map(\.raw) == [Self.mail, [], Self.failedMail])
        #expect(try store.outboxRows(status: nil, newest: 10).map(\.messageID).count == 3)
        #expect(try store.retryFailed(3).raw == Self.failedMail)
        #expect(throws: OutboxError.purged(2)) { try store.retryFailed(2) }
        // v14 counted the earlier rows for the reply caps (all three are replies to Anna).
        let before = Date(timeIntervalSince1970: 1_536_134_000)  // 2018-09-05 07:53:20 UTC
        #expect(try store.ledger.queued(to: "anna@mimer.example", since: before) == 3)
        #expect(try store.ledger.repliesQueued(since: before) == 3)
    }

    @Test func aMigratedDatabaseStoresQueuesAndPurgesBytesApart() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_536_200_000))
        let store = try GatewayStore(path: Self.databaseBeforeBodies(), clock: clock.read)
        let raw = TestSupport.mail(TestSupport.mimerHeaders(messageID: "new@mimer.example"), body: TestSupport.reportBody)
        let outcome = TestSupport.pipeline(try await TestSupport.settings()).evaluate(raw, receivedAt: clock.read())
        guard case .stored(let row, _) = try store.store(raw: raw, outcome: outcome, receivedAt: clock.read()) else {
            Issue.record("not stored")
            return
        }
        #expect(row == 4)
        #expect(try store.messageBytes(row) == raw)
        let draft = OutboxDraft(
            key: OutboxKey(rawValue: "test:new"), kind: .digest, recipient: "wg@vasteras.example",
            messageID: "<new@est.vasteras.example>", raw: Self.mail + Self.mail)
        #expect(try store.enqueue(draft))
        #expect(
            try !store.enqueue(
                OutboxDraft(
                    key: draft.key, kind: .digest, recipient: "wg@vasteras.example", messageID: "<other@est.vasteras.example>",
                    raw: Self.mail)), "a key queued already is not queued again, nor its bytes")
        #expect(try store.outboxRows().last?.raw == Self.mail + Self.mail)

        for item in try store.dueOutbox() { try store.markSent(item.id, reply: "250 ok") }
        clock.advance(by: 2 * 86_400)
        let pass = try store.purge(RetentionCutoffs(raw: clock.read()), pseudonym: nil, day: LocalDate(iso: "2018-09-08")!)
        #expect(pass.counts == RetentionCounts(rawMessages: 3, sentMail: 3) && pass.complete)
        #expect(try [1, 3, row].allSatisfy { try store.messageBytes($0) == nil })
        #expect(try store.outboxRows().map(\.raw) == [[], [], [], []])
        #expect(try store.quarantinedMessages().first?.storedBytes == 0)
        #expect(try store.integrityCheck() == ["ok"])
    }
}
