import Assembly
import Daemon
import Domain
import Foundation
import Logging
import MIME
import Periodic
import Storage
import Testing

/// The follow-up mail on an insats's follow-up date, and the digest's *Insatser* section.
@Suite struct InsatsFollowUpTests {
    static func instant(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test func theFollowUpGoesOutOnceOnItsDateAndTheDigestTellsIt() async throws {
        let world = try await LogicWorld()
        for n in 1...3 { await world.mailbox.deliver(LogicWorld.report(id: "base-\(n)", place: "Råbyvägen \(n)")) }
        await world.mailbox.deliver(
            InsatsLogicTests.mail(id: "ins", body: "Insats: Kvällsvandringar\nOmråde: Råby\nKategori: Klotter\nStart: 2018-09-10"))
        _ = await (try world.daemon()).cycle()
        let reference = try #require(try world.store.insatser().first?.reference)
        var logger = Logger(label: "followup-tests")
        logger.logLevel = .critical
        func runner() throws -> PeriodicRunner { try GatewayAssembly.periodicRunner(world.settings, store: world.store, logger: logger) }
        func due(_ now: Date) -> [PeriodicJob] {
            Scheduler.due(
                now: now, timeZone: world.settings.timeZone, periodic: world.settings.periodic, workingGroup: world.settings.workingGroup)
        }

        // The day before its follow-up date (2018-11-05): nothing.
        let before = Self.instant("2018-11-04T08:00:00Z")
        world.clock.set(before)
        #expect(try runner().run(due(before), now: before).queued.filter { $0.hasPrefix("insats-followup") }.isEmpty)

        let on = Self.instant("2018-11-05T08:00:00Z")
        world.clock.set(on)
        let first = try runner().run(due(on), now: on).queued.filter { $0.hasPrefix("insats-followup") }
        #expect(first.count == world.settings.workingGroup.members.count && first.count == 3, "\(first)")
        // A restart (a new runner) the same day, and the next day: nothing again.
        #expect(try runner().run(due(on), now: on).queued.filter { $0.hasPrefix("insats-followup") }.isEmpty)
        let next = on.addingTimeInterval(86_400)
        #expect(try runner().run(due(next), now: next).queued.filter { $0.hasPrefix("insats-followup") }.isEmpty)

        let rows = try world.store.outboxRows().filter { $0.kind == .followUp }
        #expect(rows.count == 3 && Set(rows.map(\.recipient)) == Set(world.settings.workingGroup.members))
        let mail = try MailMessage.parse(try #require(rows.first).raw)
        #expect(mail.subject?.contains(reference) == true, "\(mail.subject ?? "")")
        #expect(mail.headers.first("Auto-Submitted") == "auto-generated")
        #expect(mail.messageID?.hasPrefix("<insats.\(reference).") == true, "a reply to it is about the insats")
        let text = mail.readableBody().text
        #expect(text.contains("2018-07-16") && !text.contains("effekt av"), "\(text)")

        let digest = try runner().digestMessage(ISOWeek(year: 2018, week: 45), to: ["wg@vasteras.example"], now: on)
        #expect(digest.text.contains("INSATSER") && digest.text.contains("\(reference) Kvällsvandringar"), "\(digest.text)")
        #expect(digest.text.contains("uppföljning 2018-11-05"))
    }
}
