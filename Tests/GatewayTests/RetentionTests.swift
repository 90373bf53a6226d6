import Domain
import Foundation
import GRDB
import Intake
import MailServerHarness
import Periodic
import ReadModels
import Settings
import Testing

@testable import Storage

/// Gallring at the store: what goes, what stays, and that everything built on what stays still works.
@Suite struct RetentionTests {
    // MARK: HMAC-SHA256 and pseudonyms

    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    /// RFC 4231 §4.2–4.8 (test case 5 is a truncated output and says nothing more about the MAC).
    @Test(arguments: [
        (
            String(repeating: "0b", count: 20), "4869205468657265",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (
            String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        (
            "0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        (
            String(repeating: "aa", count: 131),
            "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        (
            String(repeating: "aa", count: 131),
            "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ])
    func hmacMatchesRFC4231(key: String, data: String, mac: String) {
        #expect(HMACSHA256.hex(key: Self.bytes(key), message: Self.bytes(data)) == mac)
    }

    static let key = try! PseudonymKey(bytes: Array("a test key of thirty-two bytes!!".utf8))

    @Test func pseudonymsAreKeyedStableAndNeverAddressesAgain() throws {
        let p = Self.key.pseudonym(for: "Anna.Lind@Mimer.example")
        #expect(p == Self.key.pseudonym(for: "anna.lind@mimer.example"), "the same reporter, however written")
        #expect(p.hasPrefix("p-") && p.hasSuffix("@pseudonym.invalid") && p.count == 2 + 32 + 18)
        #expect(p != Self.key.pseudonym(for: "bo@mimer.example"))
        let other = try PseudonymKey(bytes: Array("another key of thirty-two bytes!".utf8))
        #expect(other.pseudonym(for: "anna.lind@mimer.example") != p, "without the key the pseudonym cannot be recomputed")
        #expect(Self.key.pseudonym(for: p) == p, "a pseudonym is not pseudonymised again")
        let mac = HMACSHA256.hex(key: Array("a test key of thirty-two bytes!!".utf8), message: Array("anna.lind@mimer.example".utf8))
        #expect(p == "p-\(mac.prefix(32))@pseudonym.invalid")
    }

    @Test func aShortOrMissingKeyFileIsRefusedWithWhatToDo() throws {
        let dir = try TestSupport.temporaryDirectory()
        let short = dir.appendingPathComponent("short.key").path
        try Data("tooshort\n".utf8).write(to: URL(fileURLWithPath: short))
        #expect(throws: PseudonymKeyError.tooShort(path: short, bytes: 8)) { try PseudonymKey.read(path: short) }
        let missing = dir.appendingPathComponent("none.key").path
        #expect(throws: PseudonymKeyError.unreadable(path: missing)) { try PseudonymKey.read(path: missing) }
        #expect("\(PseudonymKeyError.unreadable(path: missing))".contains("head -c 32 /dev/urandom"))
        let good = dir.appendingPathComponent("good.key").path
        try Data("a test key of thirty-two bytes!!\n".utf8).write(to: URL(fileURLWithPath: good))
        #expect(
            try PseudonymKey.read(path: good).pseudonym(for: "x@y.example") == Self.key.pseudonym(for: "x@y.example"),
            "the editor's line break is not part of the key")
    }

    // MARK: the store

    static let received = Date(timeIntervalSince1970: 1_536_134_400)  // 2018-09-05 08:00 UTC
    static let day = 86_400.0

    /// A store on a clock the test moves, and the gateway's real pipeline.
    struct World {
        let clock = TestClock(RetentionTests.received)
        let store: GatewayStore
        let path: String
        let settings: GatewaySettings

        init() async throws {
            path = try TestSupport.temporaryDirectory().appendingPathComponent("est.sqlite").path
            store = try GatewayStore(path: path, clock: clock.read)
            settings = try await TestSupport.settings()
        }

        static func report(_ id: String, from: String = "Anna <Anna.Lind@mimer.example>", place: String = "Råbyvägen 12") -> [UInt8] {
            TestSupport.mail(
                [
                    "From: \(from)", "To: est@vasteras.example", "Subject: EST v.36 Råby", "Date: Wed, 5 Sep 2018 10:00:00 +0200",
                    "Message-ID: <\(id)@mimer.example>",
                ],
                body:
                    "Område: Råby\nPlats: \(place)\nDatum: 2018-09-03\nKategori: Klotter\nBeskrivning: Nytt klotter.\nÅtgärd: Sanerat.\nTrygghet: 2\n"
            )
        }

        @discardableResult
        func store(_ raw: [UInt8]) throws -> StoreOutcome {
            let outcome = TestSupport.pipeline(settings).evaluate(raw, receivedAt: clock.read())
            return try store.store(raw: raw, outcome: outcome, receivedAt: clock.read())
        }

        func row(_ sql: String, _ arguments: StatementArguments = []) throws -> Row? {
            try read { db in try Row.fetchOne(db, sql: sql, arguments: arguments) }
        }

        /// The synchronous read (an async test would pick GRDB's async one).
        func read<T>(_ body: (Database) throws -> T) throws -> T { try store.pool.read(body) }

        func purge(_ retention: RetentionSettings, batchSize: Int = 500, maxBatches: Int? = nil) throws -> RetentionPass {
            try store.purge(
                PeriodicRunner.cutoffs(retention, now: clock.read()), pseudonym: { RetentionTests.key.pseudonym(for: $0) },
                day: LocalDate(clock.read(), in: settings.timeZone), batchSize: batchSize, maxBatches: maxBatches)
        }
    }

    @Test func cutoffsArePureAndTheShortestPeriodTakesTheRawBytes() {
        let now = Self.received
        let off = PeriodicRunner.cutoffs(.off, now: now)
        #expect(off.isEmpty)
        let r = PeriodicRunner.cutoffs(RetentionSettings(rawDays: 90, pseudonymiseDays: 30, freeTextDays: 60), now: now)
        #expect(r.raw == now.addingTimeInterval(-30 * Self.day), "the raw bytes hold the address and the text: they go first")
        #expect(r.pseudonymise == now.addingTimeInterval(-30 * Self.day))
        #expect(r.freeText == now.addingTimeInterval(-60 * Self.day))
        #expect(PeriodicRunner.cutoffs(RetentionSettings(rawDays: 10), now: now).pseudonymise == nil)
    }

    @Test func rawBytesGoAndEverythingBuiltOnWhatStaysStillWorks() async throws {
        let w = try await World()
        let raw = World.report("one")
        guard case .stored(let row, let references) = try w.store(raw) else {
            Issue.record("not stored")
            return
        }
        #expect(references == ["EST-2018-000001"])
        #expect(try w.store.messageBytes(row) == raw)
        let retention = RetentionSettings(rawDays: 30)
        w.clock.advance(by: 29 * Self.day)
        #expect(try w.purge(retention).counts.isZero, "not old enough yet")
        w.clock.advance(by: 2 * Self.day)
        #expect(try w.store.retentionDue(PeriodicRunner.cutoffs(retention, now: w.clock.read())).rawMessages == 1)
        let pass = try w.purge(retention)
        #expect(pass.counts == RetentionCounts(rawMessages: 1) && pass.complete)

        let message = try #require(try w.row("SELECT * FROM messages WHERE id = ?", [row]))
        #expect(try w.store.messageBytes(row) == nil && message["subject"] == nil && message["raw_purged_at"] != nil)
        #expect(message["size"] == raw.count && message["sha256"] == SHA256.hex(raw))
        #expect(message["message_id"] == "<one@mimer.example>" && message["organisation"] == "mimer")
        // The same bytes again, and another copy of the same report: both still known.
        #expect(try w.store(raw) == .duplicateBytes(of: row))
        let copy = World.report("one", from: "Anna <anna.lind@mimer.example>")
        guard case .duplicateReport(_, of: row) = try w.store(copy) else {
            Issue.record("the copy was not a duplicate of the purged report")
            return
        }
        // Derived rows are untouched: the export, the counts, Trygghet, the history.
        let incidents = try w.store.incidents(IncidentQuery())
        #expect(incidents.map(\.incident.place) == ["Råbyvägen 12"])
        #expect(try IncidentExport.csv(incidents).contains("Råbyvägen 12"))
        #expect(
            try w.store.weeklyCounts(area: "raby", category: nil, from: ISOWeek(year: 2018, week: 36), to: ISOWeek(year: 2018, week: 36))
                == [1])
        #expect(
            try w.store.weeklySafety(area: nil, from: ISOWeek(year: 2018, week: 36), to: ISOWeek(year: 2018, week: 36)).map(\.answers) == [
                1
            ])
        #expect(try w.store.history(of: "EST-2018-000001").count == 1)
        #expect(try w.purge(retention).counts.isZero, "a second pass finds nothing left to do")
    }

    @Test func freeTextIsClearedInEveryVersionAndCountsStay() async throws {
        let w = try await World()
        try w.store(World.report("one"))
        try w.store(World.report("two", place: "Skultunavägen 3"))
        let week = ISOWeek(year: 2018, week: 36)
        let before = try w.store.weeklyCounts(area: "raby", category: "KLOT", from: week, to: week)
        w.clock.advance(by: 61 * Self.day)
        let retention = RetentionSettings(freeTextDays: 60)
        #expect(try w.store.retentionDue(PeriodicRunner.cutoffs(retention, now: w.clock.read())).freeTextIncidents == 2)
        let pass = try w.purge(retention)
        #expect(pass.counts.freeTextIncidents == 2)
        #expect(pass.counts.rawMessages == 2, "the raw bytes carry the same text, so they go with it")
        let incidents = try w.store.incidents(IncidentQuery())
        #expect(incidents.count == 2)
        #expect(incidents.allSatisfy { $0.incident.place.isEmpty && $0.incident.description.isEmpty && $0.incident.action == nil })
        #expect(
            incidents.allSatisfy {
                $0.incident.area == "raby" && $0.incident.categories == ["KLOT"] && $0.incident.date.iso == "2018-09-03"
            })
        #expect(try w.store.history(of: "EST-2018-000001").allSatisfy { $0.incident.place.isEmpty && $0.incident.description.isEmpty })
        #expect(try w.store.weeklyCounts(area: "raby", category: "KLOT", from: week, to: week) == before)
        #expect(try w.store.weeklySafety(area: nil, from: week, to: week).map(\.answers) == [2], "Trygghet stays")
        #expect(try w.purge(retention).counts.isZero)
    }

    @Test func addressesBecomePseudonymsAndOrganisationsStillCount() async throws {
        let w = try await World()
        let rows = [try w.store(World.report("one")), try w.store(World.report("two", from: "Bo <bo@mimer.example>"))].map(\.messageRow)
        let week = ISOWeek(year: 2018, week: 36)
        w.clock.advance(by: 31 * Self.day)
        let retention = RetentionSettings(pseudonymiseDays: 30, pseudonymKeyFile: "/unused")
        let due = try w.store.retentionDue(PeriodicRunner.cutoffs(retention, now: w.clock.read()))
        let pass = try w.purge(retention)
        #expect(pass.counts.addresses == 4, "two messages' senders and their reports'")
        #expect(pass.counts.addresses == due.addresses, "the dry run counted what the pass did")
        let senders = try w.read { db in try String.fetchAll(db, sql: "SELECT sender FROM messages UNION ALL SELECT sender FROM reports") }
        #expect(Set(senders) == [Self.key.pseudonym(for: "anna.lind@mimer.example"), Self.key.pseudonym(for: "bo@mimer.example")])
        #expect(try w.store.organisationsReported(week: week) == ["mimer"])
        let everything = try w.read { db in
            try String.fetchAll(db, sql: "SELECT sender || organisation || COALESCE(subject, '') FROM messages")
        }
        #expect(!everything.joined().contains("mimer.example"), "no address is left in the columns")
        #expect(try rows.allSatisfy { try w.store.messageBytes($0) == nil }, "nor in the raw bytes, which went first")
        #expect(try w.purge(retention).counts.isZero)
        #expect(throws: RetentionError.noPseudonymKey) {
            try w.store.purge(PeriodicRunner.cutoffs(retention, now: w.clock.read()), pseudonym: nil, day: LocalDate(iso: "2018-10-06")!)
        }
    }

    @Test func mailStillToBeSentKeepsItsBytesAndPurgedMailCannotBeRetried() async throws {
        let w = try await World()
        func draft(_ n: Int) -> OutboxDraft {
            OutboxDraft(
                key: OutboxKey(rawValue: "test:\(n)"), kind: .digest, recipient: "wg@vasteras.example",
                messageID: "<d\(n)@est.vasteras.example>", raw: Array("Subject: lägesbild \(n)\r\n\r\nRåbyvägen 12\r\n".utf8))
        }
        for n in 1...3 { try w.store.enqueue(draft(n)) }
        let rows = try w.store.outboxRows()
        try w.store.markSent(rows[0].id, reply: "250 ok")
        try w.store.markFailed(rows[1].id, error: "550 no such user")
        w.clock.advance(by: 2 * Self.day)
        let pass = try w.purge(RetentionSettings(rawDays: 1))
        #expect(pass.counts.sentMail == 2)
        let after = try w.store.outboxRows()
        #expect(after.map(\.raw.isEmpty) == [true, true, false], "the pending row is still to be sent, with its bytes")
        #expect(throws: OutboxError.purged(rows[1].id)) { try w.store.retryFailed(rows[1].id) }
        #expect(after.map(\.messageID) == rows.map(\.messageID), "Message-IDs stay for bounces and replies")
    }

    @Test func passesAreBoundedAndTheNextGoesOnWhereTheLastStopped() async throws {
        let w = try await World()
        for n in 0..<5 { try w.store(World.report("m\(n)")) }
        w.clock.advance(by: 2 * Self.day)
        let retention = RetentionSettings(rawDays: 1)
        let first = try w.purge(retention, batchSize: 2, maxBatches: 1)
        #expect(first.counts.rawMessages == 2 && !first.complete)
        let today = LocalDate(w.clock.read(), in: w.settings.timeZone)
        #expect(try !w.store.retentionPassCompleted(day: today))
        let second = try w.purge(retention, batchSize: 2, maxBatches: 5)
        #expect(second.counts.rawMessages == 3 && second.complete)
        #expect(try w.store.retentionPassCompleted(day: today))
        let start = Self.received
        #expect(
            try w.read { db in try GatewayStore.retentionPasses(db, from: start, to: w.clock.read().addingTimeInterval(1)) }?.rawMessages
                == 5)
    }

    @Test func aDatabaseOfTheReleaseBeforeRetentionIsMigratedAndPurged() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("old.sqlite").path
        let pool = try DatabasePool(path: path)
        try Schema.migrator.migrate(pool, upTo: "v10-health")
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO messages (id, sha256, message_id, sender, organisation, size, raw, received_at, status, stored_at)
                    VALUES (1, 'x', '<old@mimer.example>', 'anna@mimer.example', 'mimer', 5, x'48656a0d0a', '2018-09-05 08:00:00', 'accepted',
                        '2018-09-05 08:00:00');
                    """)
        }
        try pool.close()
        let store = try GatewayStore(path: path, clock: { Date(timeIntervalSince1970: 1_600_000_000) })
        #expect(try store.schemaVersion == "v14-outbox-minutes")
        let pass = try store.purge(
            RetentionCutoffs(raw: store.now, pseudonymise: store.now), pseudonym: { Self.key.pseudonym(for: $0) },
            day: LocalDate(iso: "2020-09-13")!)
        #expect(pass.counts == RetentionCounts(rawMessages: 1, addresses: 1))
    }

    // MARK: backup

    @Test func aBackupTakenWhileAWriterWritesIsConsistentAndComplete() async throws {
        let w = try await World()
        for n in 0..<50 { try w.store(World.report("before\(n)")) }
        let writer = Task.detached {
            var n = 0
            while !Task.isCancelled {
                try w.store(World.report("during\(n)"))
                n += 1
            }
            return n
        }
        try await Task.sleep(for: .milliseconds(50))
        let copy = try TestSupport.temporaryDirectory().appendingPathComponent("backup.sqlite").path
        let result = try w.store.backup(to: copy)
        writer.cancel()
        let written = try await writer.value
        #expect(written > 0, "the writer was writing around the backup")
        #expect(result.schemaVersion == "v14-outbox-minutes" && result.bytes > 0)
        #expect(!FileManager.default.fileExists(atPath: copy + "-wal"), "one self-contained file")

        let restored = try GatewayStore(path: copy)
        #expect(try restored.integrityCheck() == ["ok"])
        let counts = try restored.messageCounts()
        #expect((counts["accepted"] ?? 0) >= 50, "\(counts)")
        #expect(try restored.incidents(IncidentQuery()).count == counts["accepted"], "each stored report with its incident, none half")
        #expect(throws: BackupError.exists(copy)) { try w.store.backup(to: copy) }
        #expect(try w.store.backup(to: copy, replacing: true).bytes >= result.bytes)
    }

    // MARK: settings

    static func settings(_ yaml: String) async throws -> GatewaySettings {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("est.yaml").path
        let base = try String(contentsOfFile: TestSupport.exampleConfig, encoding: .utf8)
        try (base + "\n" + yaml).write(toFile: path, atomically: true, encoding: .utf8)
        return try await SettingsLoader.load(
            path: path, environment: ["REPLIES_TEMPLATES": TestSupport.repoRoot.appendingPathComponent("templates").path])
    }

    @Test func retentionIsOffUnlessConfigured() async throws {
        let settings = try await TestSupport.settings()
        #expect(settings.retention == .off && !settings.retention.isEnabled)
        #expect(
            !Scheduler.due(now: Self.received, timeZone: settings.timeZone, periodic: settings.periodic).contains(
                .retention(LocalDate(iso: "2018-09-05")!)))
        let on = try await Self.settings("retention:\n  raw_days: 90\n  free_text_days: 365\n")
        #expect(on.retention == RetentionSettings(rawDays: 90, freeTextDays: 365))
        let jobs = Scheduler.due(now: Self.received, timeZone: on.timeZone, periodic: on.periodic, retention: on.retention)
        #expect(jobs.last == .retention(LocalDate(iso: "2018-09-05")!))
    }

    @Test func retentionKeysAreCheckedAgainstEachOther() async throws {
        await #expect(throws: SettingsError.self) { try await Self.settings("retention:\n  pseudonymise_days: 90\n") }
        do {
            _ = try await Self.settings("retention:\n  pseudonymise_days: 10\n  free_text_days: 0\n  pseudonym_key_file: k\n")
            Issue.record("accepted")
        } catch let error as SettingsError {
            let keys = Set(error.problems.map(\.key))
            #expect(keys == ["retention.pseudonymise_days", "retention.free_text_days"], "\(error)")
            #expect("\(error)".contains("corrections.max_days"))
        }
        let relative = try await Self.settings("retention:\n  pseudonymise_days: 30\n  pseudonym_key_file: secret/est.key\n")
        #expect(relative.retention.pseudonymKeyFile?.hasSuffix("/secret/est.key") == true)
        #expect(relative.retention.pseudonymKeyFile?.hasPrefix("/") == true)
    }
}
