import Domain
import Foundation
import Storage
import Synchronization
import Testing

/// The reply caps' counts (issue 13): kept per minute so that a check costs the same however much
/// mail the hour held, and still exactly the outbox's own count since any instant.
@Suite struct OutboxWindowTests {
    final class Clock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_536_307_200))
        func read() -> Date { now.withLock { $0 } }
        func set(_ date: Date) { now.withLock { $0 = date } }
    }

    @Test func countsSinceAnyInstantAreTheOutboxsOwn() throws {
        let clock = Clock()
        let start = clock.read()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("est-window-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try GatewayStore(path: directory.appendingPathComponent("est.sqlite").path, clock: clock.read)

        // Mail to two recipients (periodic mail) and replies (fixtures with their acknowledgment),
        // at instants on and around minute edges, over more than the two hours the counts keep.
        let offsets: [Double] = [0, 10.5, 59.9, 60, 61, 130, 1_799.5, 1_800, 3_599, 3_600, 3_700, 5_000, 7_300, 7_300.5, 7_359]
        var mail: [(at: Date, recipient: String)] = []
        var replies: [Date] = []
        for (n, offset) in offsets.enumerated() {
            let at = start.addingTimeInterval(offset)
            clock.set(at)
            let recipient = n % 3 == 0 ? "Anna@Mimer.example" : "lars@mimer.example"
            _ = try store.enqueue(
                OutboxDraft(
                    key: OutboxKey(rawValue: "test:\(n)"), kind: .digest, recipient: recipient, messageID: "<\(n)@test>", raw: [65]))
            mail.append((at, recipient.lowercased()))
            if n % 2 == 0 {
                try store.insertFixtures(
                    [
                        FixtureReport(
                            organisation: "mimer", sender: "anna@mimer.example", week: ISOWeek(year: 2018, week: 36), receivedAt: at,
                            incidents: [])
                    ],
                    raw: [66], reply: [67])
                mail.append((at, "anna@mimer.example"))
                replies.append(at)
            }
        }
        let ledger = store.ledger
        let end = start.addingTimeInterval(7_359)
        for back in stride(from: 0.0, through: 3_600, by: 7.25) {
            let since = end.addingTimeInterval(-back)
            for recipient in ["anna@mimer.example", "LARS@mimer.example", "nobody@mimer.example"] {
                let expected = mail.filter { $0.recipient == recipient.lowercased() && $0.at >= since }.count
                #expect(try ledger.queued(to: recipient, since: since) == expected, "\(recipient) since -\(back) s")
            }
            #expect(try ledger.repliesQueued(since: since) == replies.filter { $0 >= since }.count, "replies since -\(back) s")
        }
    }
}
