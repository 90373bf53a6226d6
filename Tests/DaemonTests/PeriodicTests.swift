import Assembly
import Daemon
import Domain
import Foundation
import Intake
import MIME
import MailServerHarness
import Storage
import Synchronization
import Testing

/// A clock the test moves; the daemon schedules periodic mail by it.
final class TestClock: Sendable {
    private let time: Mutex<Date>
    init(_ start: Date) { time = Mutex(start) }
    var now: Date { time.withLock { $0 } }
    func set(_ date: Date) { time.withLock { $0 = date } }
}

/// Digest, reminders and alerts on real servers, with a clock the test controls.
@Suite(.serialized) struct PeriodicTests {
    static let zone = TimeZone(identifier: "Europe/Stockholm")!

    func servers() async throws -> MailServers { try await SharedMailServers.instance.get() }

    /// Local Stockholm time.
    static func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }

    /// A world with a working-group mailbox and an alert contact with a mailbox.
    func world(organisations: [String] = ["mimer", "skola", "ica"]) async throws -> (GatewayWorld, wg: String, contact: String) {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers, organisations: organisations)
        let tag = UUID().uuidString.prefix(6).lowercased()
        let wg = "wg-\(tag)@\(servers.domain)", contact = "trygg-\(tag)@\(servers.domain)"
        try servers.addUser(wg, password: "x")
        try servers.addUser(contact, password: "x")
        world.digestRecipients = [wg]
        world.areaContacts = [contact]
        world.periodicMail = true
        try world.writeConfiguration()
        return (world, wg, contact)
    }

    /// Stores reports as if they had arrived (pipeline + store), dated `sent` in Stockholm.
    func seed(_ world: GatewayWorld, organisation: String = "mimer", sent: Date, body: String) async throws {
        let settings = try await world.settings()
        let pipeline = GatewayAssembly.pipeline(settings)
        var raw = world.report(from: organisation, id: UUID().uuidString, body: body)
        raw = Array(
            String(decoding: raw, as: UTF8.self)
                .replacingOccurrences(of: GatewayWorld.rfc5322(Date()), with: GatewayWorld.rfc5322(sent)).utf8)
        let outcome = pipeline.evaluate(raw, receivedAt: sent)
        #expect(outcome.result.status == .accepted, "\(outcome.result.errors.map(\.message))")
        _ = try world.store().store(raw: raw, outcome: outcome, receivedAt: sent)
    }

    static func incidents(_ date: LocalDate, _ category: String, count: Int, area: String = "Råby") -> String {
        (1...count).map { n in
            "Händelse \(n)\nOmråde: \(area)\nPlats: Råbyvägen \(n)\nDatum: \(date.iso)\nKategori: \(category)\nBeskrivning: Händelse nummer \(n).\n"
        }.joined(separator: "\n")
    }

    @Test func digestOnceAtItsTimeAndOnceAfterDowntime() async throws {
        let (world, wg, _) = try await world()
        // Week 36 of 2018 (3–9 September): a few reports.
        try await seed(
            world, sent: Self.at(2018, 9, 5, 9, 0), body: Self.incidents(LocalDate(year: 2018, month: 9, day: 4), "Klotter", count: 2))
        let clock = TestClock(Self.at(2018, 9, 10, 6, 59))
        let daemon = try await world.daemon(clock: { clock.now })

        let early = await daemon.cycle()
        #expect(early.errors.isEmpty, "\(early.errors)")
        #expect(early.periodic?.queued.filter { $0.hasPrefix("digest:") }.isEmpty == true, "not before Monday 07:00")

        clock.set(Self.at(2018, 9, 10, 7, 1))
        let due = await daemon.cycle()
        #expect(due.periodic?.queued == ["digest:2018-W36:\(wg)"], "\(String(describing: due.periodic))")
        #expect(due.outbox?.sent == 1)
        let delivered = try await world.servers.waitForMessages(wg)
        let digest = try MailMessage.parse(delivered[0].bytes)
        #expect(digest.subject?.contains("36") == true, "\(digest.subject ?? "")")
        #expect(digest.headers.first("Auto-Submitted") == "auto-generated")
        #expect(digest.headers.first("Precedence") == "bulk")
        #expect(digest.allParts().contains { $0.contentType.mimeType == "text/html" })

        // The same Monday again, and after a restart: nothing twice.
        clock.set(Self.at(2018, 9, 10, 9, 0))
        #expect(await daemon.cycle().periodic?.queued.contains { $0.hasPrefix("digest:") } == false)
        let restarted = try await world.daemon(clock: { clock.now })
        #expect(await restarted.cycle().periodic?.queued.contains { $0.hasPrefix("digest:") } == false)

        // Down over the next Monday, back on Wednesday: the missed digest goes out once.
        clock.set(Self.at(2018, 9, 19, 14, 0))
        let back = try await world.daemon(clock: { clock.now })
        #expect(await back.cycle().periodic?.queued == ["digest:2018-W37:\(wg)"])
        #expect(await back.cycle().periodic?.queued.contains { $0.hasPrefix("digest:") } == false)
        _ = try await world.servers.waitForMessages(wg, count: 2)
        try await world.servers.waitUntilDelivered()
        #expect(world.servers.messages(wg).count == 2)
    }

    @Test func remindersOnlyToThoseWhoDidNotReport() async throws {
        let (world, _, _) = try await world()
        // Week 37: mimer reports, skola sends a zero report, ica sends nothing.
        try await seed(
            world, organisation: "mimer", sent: Self.at(2018, 9, 12, 9, 0),
            body: Self.incidents(LocalDate(year: 2018, month: 9, day: 11), "Klotter", count: 1))
        try await seed(world, organisation: "skola", sent: Self.at(2018, 9, 13, 9, 0), body: "Inga händelser denna vecka")
        let clock = TestClock(Self.at(2018, 9, 14, 9, 59))
        let daemon = try await world.daemon(clock: { clock.now })
        #expect(await daemon.cycle().periodic?.queued.contains { $0.hasPrefix("reminder:") } == false, "not before Friday 10:00")

        clock.set(Self.at(2018, 9, 14, 10, 5))
        let due = await daemon.cycle()
        #expect(due.periodic?.queued == ["reminder:ica:2018-W37"], "\(String(describing: due.periodic))")
        let reminder = try await world.servers.waitForMessages(world.reporters["ica"]!.address)
        let message = try MailMessage.parse(reminder[0].bytes)
        #expect(message.subject?.contains("37") == true)
        #expect(message.readableBody().text.contains("Inga händelser denna vecka"), "says how to send a zero report")
        #expect(message.headers.first("Auto-Submitted") == "auto-generated")

        let restarted = try await world.daemon(clock: { clock.now })
        #expect(await restarted.cycle().periodic?.queued.contains { $0.hasPrefix("reminder:") } == false)
        try await world.servers.waitUntilDelivered()
        #expect(world.inbox("mimer").isEmpty && world.inbox("skola").isEmpty)
        #expect(world.inbox("ica").count == 1)
    }

    @Test func spikeAlertsEarlyAndOnce() async throws {
        let (world, _, contact) = try await world(organisations: ["mimer"])
        // Eight quiet weeks with one incident of graffiti in Råby every other week…
        for week in stride(from: 28, through: 36, by: 2) {
            let monday = ISOWeek(year: 2018, week: week).monday
            try await seed(
                world, sent: monday.adding(days: 2).start(in: Self.zone).addingTimeInterval(9 * 3600),
                body: Self.incidents(monday.adding(days: 1), "Klotter", count: 1))
        }
        // …then seven in the first days of week 37.
        try await seed(
            world, sent: Self.at(2018, 9, 12, 9, 0), body: Self.incidents(LocalDate(year: 2018, month: 9, day: 11), "Klotter", count: 7))

        let clock = TestClock(Self.at(2018, 9, 12, 12, 0))
        let daemon = try await world.daemon(clock: { clock.now })
        let midweek = await daemon.cycle()
        let alertKeys = midweek.periodic?.queued.filter { $0.hasPrefix("alert:") } ?? []
        #expect(alertKeys.contains("alert:raby:KLOT:2018-W37"), "the partial week already alerts: \(alertKeys)")
        let mail = try await world.servers.waitForMessages(contact, count: alertKeys.count)
        let klot = try mail.map { try MailMessage.parse($0.bytes) }.first { $0.subject?.contains("Klotter") == true }
        let text = try #require(klot).readableBody().text
        #expect(text.contains("7"), "observed count shown")
        #expect(text.contains("EST-2018-"), "the incidents behind it are listed")

        // The week closes: evaluated again, but the series already had its alert this week.
        clock.set(Self.at(2018, 9, 17, 8, 0))
        let closed = await daemon.cycle()
        #expect(closed.periodic?.queued.contains("alert:raby:KLOT:2018-W37") == false)
        let restarted = try await world.daemon(clock: { clock.now })
        #expect(await restarted.cycle().periodic?.queued.contains { $0.hasPrefix("alert:raby:KLOT") } == false)
        try await world.servers.waitUntilDelivered()
        #expect(world.servers.messages(contact).count == alertKeys.count)
    }

    @Test func tertialReportOnceAfterTheTertialAndNotAgainAfterARestart() async throws {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers, organisations: ["mimer"])
        let member = "ag-\(UUID().uuidString.prefix(6).lowercased())@\(servers.domain)"
        try servers.addUser(member, password: "x")
        world.members = [member]
        try world.writeConfiguration()
        // December 2018, the end of tertial 3: a few reports.
        try await seed(
            world, sent: Self.at(2018, 12, 12, 9, 0), body: Self.incidents(LocalDate(year: 2018, month: 12, day: 11), "Klotter", count: 3))
        try await seed(
            world, sent: Self.at(2018, 12, 28, 9, 0), body: Self.incidents(LocalDate(year: 2018, month: 12, day: 27), "Stök", count: 2))
        // The tertial ended on Monday 31 December; its report comes with the first digest time after, Monday 7 January.
        let clock = TestClock(Self.at(2019, 1, 7, 6, 59))
        let daemon = try await world.daemon(clock: { clock.now })
        let early = await daemon.cycle()
        #expect(early.errors.isEmpty, "\(early.errors)")
        #expect(early.periodic?.queued.contains { $0.hasPrefix("report:") } == false, "not before Monday 07:00")

        clock.set(Self.at(2019, 1, 7, 7, 1))
        let due = await daemon.cycle()
        #expect(due.periodic?.queued == ["report:2018-T3:\(member)"], "\(String(describing: due.periodic))")
        let delivered = try await world.servers.waitForMessages(member)
        let report = try MailMessage.parse(delivered[0].bytes)
        #expect(report.subject == "EST periodrapport T3 2018")
        #expect(report.headers.first("Auto-Submitted") == "auto-generated")
        #expect(report.readableBody().text.contains("5 händelser under 1 september–31 december 2018"))
        let files = report.allParts().filter(\.isAttachment)
        #expect(files.map(\.filename) == ["est-händelser-2018-T3.csv", "est-veckor-2018-T3.csv"], "through Postfix and Dovecot")
        #expect(files.first.map { String(decoding: $0.body, as: UTF8.self).split(separator: "\r\n").count } == 6, "header and 5 rows")

        // Later the same day, after a restart, and a week later: nothing twice.
        clock.set(Self.at(2019, 1, 7, 9, 0))
        #expect(await daemon.cycle().periodic?.queued.contains { $0.hasPrefix("report:") } == false)
        let restarted = try await world.daemon(clock: { clock.now })
        #expect(await restarted.cycle().periodic?.queued.contains { $0.hasPrefix("report:") } == false)
        clock.set(Self.at(2019, 1, 14, 7, 30))
        #expect(await restarted.cycle().periodic?.queued.contains { $0.hasPrefix("report:") } == false)
        try await world.servers.waitUntilDelivered()
        #expect(world.servers.messages(member).count == 1)
    }
}
