import Foundation
import MIME
import Storage
import Testing

/// Issue 13: a message's cost must not grow with the database's history. Every statement the intake,
/// reply, correction, bounce and send paths run is recorded, and SQLite's own plan for each is
/// checked: none may read the whole of a table that grows with every message.
@Suite struct QueryPlanTests {
    static let growing: Set<String> = [
        "messages", "outbox", "incidents", "incident_versions", "diagnostics", "held_replies", "message_bodies", "outbox_bodies",
    ]

    @Test func noStatementOnTheMailPathsScansAGrowingTable() async throws {
        let log = StatementLog()
        let world = try await LogicWorld(statementLog: log)
        let daemon = try world.daemon()
        // Opening and migrating is not a mail path.
        _ = await daemon.cycle()
        log.reset()

        let report = LogicWorld.report(id: "plan")
        await world.mailbox.deliver(report)
        await world.mailbox.deliver(report)  // the same bytes again
        await world.mailbox.deliver(LogicWorld.report(id: "plan", place: "Annan plats"))  // same Message-ID
        await world.mailbox.deliver(LogicWorld.report(id: "plan-2", place: "Råbyvägen 12"))  // a likely duplicate
        await world.mailbox.deliver(
            Array(
                String(decoding: report, as: UTF8.self).replacingOccurrences(of: "Område: Råby", with: "Område: Mars").replacingOccurrences(
                    of: "plan@", with: "bad@"
                ).utf8))
        await world.mailbox.deliver(
            Array("From: nobody@elsewhere.example\r\nMessage-ID: <x@elsewhere.example>\r\nSubject: hej\r\n\r\nhej\r\n".utf8))
        await world.mailbox.deliver(
            Array(
                "From: Anna Lind <anna.lind@mimer.example>\r\nMessage-ID: <ooo@mimer.example>\r\nAuto-Submitted: auto-replied\r\nSubject: Frånvaro\r\n\r\nJag är ledig.\r\n"
                    .utf8))
        await world.smtp.refuse(.smtpRejected(code: 451, reply: "451 4.3.0 try again later", permanent: false))
        _ = await daemon.cycle()
        world.clock.advance(by: 3600)
        _ = await daemon.cycle()

        // A correction and a withdrawal answering the acknowledgment, and a bounce of one reply.
        let ack = try #require(await world.smtp.accepted.first).message
        await world.mailbox.deliver(try CorrectionLogicTests.reply(id: "fix", to: ack, body: "Rätta EST-2018-000001\nPlats: Ny plats"))
        await world.mailbox.deliver(try CorrectionLogicTests.reply(id: "undo", to: nil, body: "Återkalla EST-2018-000002"))
        let ackID = try #require(try MailMessage.parse(ack).messageID)
        let bounce = try String(
            contentsOf: LogicWorld.repoRoot.appendingPathComponent("Tests/Corpus/messages/56-dsn-postfix-bounce-of-ack.eml"),
            encoding: .utf8
        ).replacingOccurrences(of: "<ack.EST-2018-000123.abc@est.vasteras.example>", with: ackID)
        await world.mailbox.deliver(Array(bounce.utf8))
        _ = await daemon.cycle()

        let plans = try world.store.queryPlans(log)
        #expect(try world.store.messageCounts().values.reduce(0, +) >= 9, "every path above was taken")
        #expect(try world.store.incidents(IncidentQuery()).contains { $0.incident.place == "Ny plats" }, "the correction was applied")
        #expect(try world.store.outboxCounts().failingRecipients == 1, "the bounce was linked")
        #expect(plans.count >= 20, "the statements were recorded: \(plans.count)")
        for plan in plans {
            let scans = plan.fullScans(of: Self.growing)
            #expect(scans.isEmpty, "full scan \(scans) in: \(plan.sql)")
        }
    }

    @Test func theCheckSeesAScanWhereThereIsOne() async throws {
        let log = StatementLog()
        let world = try await LogicWorld(statementLog: log)
        log.reset()
        // `status` counts every message by outcome: a whole-table read by design, and off the mail paths.
        _ = try world.store.messageCounts()
        let plans = try world.store.queryPlans(log)
        #expect(plans.contains { !$0.fullScans(of: Self.growing).isEmpty }, "\(plans)")
    }
}
