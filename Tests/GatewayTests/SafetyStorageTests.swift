import Domain
import Foundation
import GRDB
import Intake
import Testing

@testable import Storage

/// `Trygghet` ratings at the store: written with their report in the intake transaction, once, only
/// for accepted reports, counted for the week the report was sent in.
@Suite struct SafetyStorageTests {
    static let w33 = ISOWeek(year: 2018, week: 33)
    static let w34 = ISOWeek(year: 2018, week: 34)
    static let w35 = ISOWeek(year: 2018, week: 35)
    static let w36 = ISOWeek(year: 2018, week: 36)
    static let w37 = ISOWeek(year: 2018, week: 37)

    func store() throws -> GatewayStore {
        try GatewayStore(path: TestSupport.temporaryDirectory().appendingPathComponent("est.sqlite").path)
    }

    /// A mail sent at `date` (RFC 5322), received a minute later.
    static func mail(
        from: String = "Anna <anna@mimer.example>", id: String, date: String, body: String, extraHeader: String = "X-Copy: 1"
    )
        -> [UInt8]
    {
        TestSupport.mail(
            ["From: \(from)", "To: est@vasteras.example", "Subject: EST", "Date: \(date)", "Message-ID: <\(id)>", extraHeader],
            body: body)
    }

    static func received(_ raw: [UInt8]) throws -> Date {
        let text = String(decoding: raw, as: UTF8.self)
        let line = try #require(text.split(separator: "\r\n").first { $0.hasPrefix("Date: ") })
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return try #require(f.date(from: String(line.dropFirst(6)))).addingTimeInterval(60)
    }

    func evaluate(_ raw: [UInt8]) async throws -> IntakeOutcome {
        TestSupport.pipeline(try await TestSupport.settings()).evaluate(raw, receivedAt: try Self.received(raw))
    }

    static let wednesday36 = "Wed, 5 Sep 2018 10:00:00 +0200"
    static let rated = TestSupport.reportBody + "\nTrygghet: 2\nTrygghet Hammarby: 4\n"

    @Test func ratingsAreStoredOnceWithTheirReport() async throws {
        let db = try store()
        let raw = Self.mail(id: "s1@mimer.example", date: Self.wednesday36, body: Self.rated)
        let outcome = try await evaluate(raw)
        #expect(outcome.result.status == .accepted && outcome.result.safety.count == 2)
        guard case .stored = try db.store(raw: raw, outcome: outcome, receivedAt: try Self.received(raw)) else {
            Issue.record("not stored")
            return
        }
        let stored = try db.safetyRatings(SafetyQuery())
        #expect(Set(stored.map(\.rating)) == [SafetyRating(area: "raby", score: 2), SafetyRating(area: "hammarby", score: 4)])
        #expect(stored.allSatisfy { $0.organisation == "mimer" && $0.week == Self.w36 && $0.messageID == "<s1@mimer.example>" })

        // The same bytes again, and the same report delivered to a second address: nothing new.
        #expect(try db.store(raw: raw, outcome: outcome, receivedAt: Date()).isDuplicate)
        let copy = Self.mail(id: "s1@mimer.example", date: Self.wednesday36, body: Self.rated, extraHeader: "Delivered-To: est2@x")
        let copyOutcome = try await evaluate(copy)
        #expect(copyOutcome.result.safety.count == 2, "the copy carries the ratings too")
        #expect(try db.store(raw: copy, outcome: copyOutcome, receivedAt: Date()) == .duplicateReport(messageRow: 2, of: 1))
        #expect(try db.safetyRatings(SafetyQuery()).count == 2)
        #expect(try db.weeklySafety(area: nil, from: Self.w36, to: Self.w36).map(\.answers) == [2])
    }

    @Test func aRejectedReportStoresNoRating() async throws {
        let db = try store()
        let bad = Self.mail(id: "bad@mimer.example", date: Self.wednesday36, body: Self.rated + "Kategori: klottring\n")
        let rejected = try await evaluate(bad)
        #expect(rejected.result.status == .rejected)
        _ = try db.store(raw: bad, outcome: rejected, receivedAt: try Self.received(bad))
        #expect(try db.messageCounts() == ["rejected": 1])

        // The store's own rule, whatever the parser hands it: a rejected report's ratings are not kept.
        let good = Self.mail(id: "forced@mimer.example", date: Self.wednesday36, body: Self.rated)
        var forced = try await evaluate(good)
        #expect(!forced.result.safety.isEmpty)
        forced.result.status = .rejected
        _ = try db.store(raw: good, outcome: forced, receivedAt: try Self.received(good))
        #expect(try db.messageCounts() == ["rejected": 2])
        #expect(try db.safetyRatings(SafetyQuery()).isEmpty)
    }

    @Test func ratingsCommitWithTheMessageOrNotAtAll() async throws {
        let db = try store()
        let raw = Self.mail(id: "tx@mimer.example", date: Self.wednesday36, body: Self.rated)
        let outcome = try await evaluate(raw)
        // A commit that fails after the report's rows were written (its reservation no longer holds)
        // leaves no rating behind.
        var stale = try db.reserve(raw: raw, outcome: outcome)
        stale.references = ["EST-2018-999999"]
        #expect(throws: IntakeCommitError.reservationTaken) {
            try db.commit(IntakeCommit(raw: raw, outcome: outcome, receivedAt: Date(), reservation: stale))
        }
        #expect(try db.messageCounts().isEmpty)
        #expect(try db.safetyRatings(SafetyQuery()).isEmpty)

        // Inside the transaction, after every write, another connection sees neither the message nor
        // its ratings; after the commit it sees both.
        let reader = try GatewayStore(path: db.path)
        var seenBeforeCommit: (messages: Int, ratings: Int)? = nil
        let reservation = try db.reserve(raw: raw, outcome: outcome)
        _ = try db.commit(IntakeCommit(raw: raw, outcome: outcome, receivedAt: Date(), reservation: reservation)) {
            seenBeforeCommit = (
                (try? reader.messageCounts().values.reduce(0, +)) ?? -1, (try? reader.safetyRatings(SafetyQuery()).count) ?? -1
            )
        }
        #expect(seenBeforeCommit?.messages == 0 && seenBeforeCommit?.ratings == 0)
        #expect(try reader.safetyRatings(SafetyQuery()).count == 2)
    }

    /// Weeks 33–37: ratings in weeks 34 and 36 only, from a zero report too.
    @Test func weeklySeriesHasEveryWeekWithGaps() async throws {
        let db = try store()
        let mails = [
            Self.mail(id: "w34@mimer.example", date: "Wed, 22 Aug 2018 10:00:00 +0200", body: "Inga händelser\nTrygghet Råby: 2\n"),
            // Sent in week 36 about an incident of week 35: the rating counts for week 36.
            Self.mail(
                id: "w36@mimer.example", date: "Mon, 3 Sep 2018 09:00:00 +0200",
                body: TestSupport.reportBody.replacingOccurrences(of: "2018-09-03", with: "2018-08-30")
                    + "\nTrygghet Råby: 4\nTrygghet Hammarby: 5\n"),
            Self.mail(
                from: "Rektor <rektor@rabyskolan.example>", id: "w36@rabyskolan.example", date: Self.wednesday36,
                body: "Inga händelser denna vecka.\nTrygghet: 3\n"),
        ]
        for raw in mails {
            let outcome = try await evaluate(raw)
            #expect(outcome.result.status == .accepted, "\(outcome.result.errors.map(\.message))")
            _ = try db.store(raw: raw, outcome: outcome, receivedAt: try Self.received(raw))
        }
        #expect(try db.incidents(IncidentQuery()).map { $0.incident.date.isoWeek } == [Self.w35])

        let raby = try db.weeklySafety(area: "raby", from: Self.w33, to: Self.w37)
        #expect(raby.map(\.week) == ISOWeek.range(Self.w33, through: Self.w37))
        #expect(raby.map(\.answers) == [0, 1, 0, 2, 0])
        #expect(raby.map(\.mean) == [nil, 2, nil, 3.5, nil])
        #expect(raby.allSatisfy { $0.area == "raby" })
        let all = try db.weeklySafety(area: nil, from: Self.w33, to: Self.w37)
        #expect(all.map(\.answers) == [0, 1, 0, 3, 0])
        #expect(all.map(\.scoreTotal) == [0, 2, 0, 12, 0])
        #expect(all[3].mean == 4)
        #expect(try db.weeklySafety(area: "hammarby", from: Self.w33, to: Self.w37).map(\.mean) == [nil, nil, nil, 5, nil])
        #expect(try db.weeklySafety(area: "backby-skalby", from: Self.w33, to: Self.w37).map(\.answers) == [0, 0, 0, 0, 0])
        #expect(try db.weeklySafety(area: nil, from: Self.w37, to: Self.w33).isEmpty)
        // Filters of the export: by week range and area.
        #expect(try db.safetyRatings(SafetyQuery(from: Self.w35)).count == 3)
        #expect(try db.safetyRatings(SafetyQuery(to: Self.w35)).map(\.week) == [Self.w34])
        #expect(try db.safetyRatings(SafetyQuery(area: "raby")).map(\.organisation) == ["mimer", "mimer", "rabyskolan"])
    }

    @Test func aDatabaseOfTheReleaseBeforeGetsTheTable() async throws {
        let path = try Self.databaseBeforeSafety()
        let db = try GatewayStore(path: path)
        #expect(try db.weeklySafety(area: nil, from: Self.w36, to: Self.w36).map(\.answers) == [0], "reports from before have none")
        let raw = Self.mail(id: "new@mimer.example", date: Self.wednesday36, body: Self.rated)
        _ = try db.store(raw: raw, outcome: try await evaluate(raw), receivedAt: try Self.received(raw))
        #expect(try db.weeklySafety(area: nil, from: Self.w36, to: Self.w36).map(\.answers) == [2])
        // The table's own checks hold whatever writes to it.
        let direct = try DatabaseQueue(path: path)
        await #expect(throws: (any Error).self) {
            try await direct.write {
                try $0.execute(sql: "INSERT INTO safety_ratings (report, area, score, week) VALUES (1, 'raby', 6, '2018-W36')")
            }
        }
    }

    /// A database as the release before ratings left it: one zero report of week 36.
    static func databaseBeforeSafety() throws -> String {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("old.sqlite").path
        let pool = try DatabasePool(path: path)
        try Schema.migrator.migrate(pool, upTo: "v7-incident-versions")
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO messages (id, sha256, message_id, sender, organisation, size, raw, received_at, status, stored_at)
                    VALUES (1, 'x', '<old@mimer.example>', 'anna@mimer.example', 'mimer', 0, x'', '2018-09-05 08:00:00', 'accepted',
                        '2018-09-05 08:00:00');
                    INSERT INTO reports (id, message, organisation, sender, status, week, zero_report, redacted, created_at)
                    VALUES (1, 1, 'mimer', 'anna@mimer.example', 'accepted', '2018-W36', 1, 0, '2018-09-05 08:00:00');
                    """)
        }
        try pool.close()
        return path
    }
}
