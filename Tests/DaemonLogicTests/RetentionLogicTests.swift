import Assembly
import Daemon
import Domain
import Foundation
import Logging
import MIME
import MailAccess
import MailServerHarness
import Settings
import Storage
import Testing

/// The daemon's daily gallring pass on in-memory mail: it runs once a day whatever restarts, and
/// dedup, corrections through the acknowledgment, bounces and the digest keep working on what it left.
@Suite struct RetentionLogicTests {
    static let day = 86_400.0

    func today(_ world: LogicWorld) -> LocalDate { LocalDate(world.clock.read(), in: world.settings.timeZone) }

    @Test func theDailyPassPurgesRawBytesOnceADayAndEverythingStillWorks() async throws {
        let world = try await LogicWorld(overrides: ["RETENTION_RAW_DAYS": "1"])
        let report = LogicWorld.report(id: "one")
        await world.mailbox.deliver(report)
        let daemon = try world.daemon(periodic: true)
        _ = await daemon.cycle()
        let ack = try #require(await world.smtp.accepted.first { String(decoding: $0.message, as: UTF8.self).contains("EST-2018-000001") })
        let ackID = try #require(try MailMessage.parse(ack.message).messageID)
        #expect(try world.store.retentionPasses(on: today(world)).map(\.counts.rawMessages) == [0], "day one: nothing old enough")

        world.clock.advance(by: 2 * Self.day)  // LogicWorld starts on Friday: this is Sunday of the same week
        _ = await daemon.cycle()
        let passes = try world.store.retentionPasses(on: today(world))
        #expect(passes.count == 1 && passes[0].complete)
        #expect(passes[0].counts.rawMessages == 1, "\(passes)")
        #expect(passes[0].counts.sentMail >= 1, "the acknowledgment's rendered mail went too: \(passes)")
        #expect(try world.store.outboxRows().filter { $0.messageID == ackID }.map(\.raw) == [[]])

        // Once a day, whatever restarts.
        _ = await daemon.cycle()
        _ = await (try world.daemon(periodic: true)).cycle()
        #expect(try world.store.retentionPasses(on: today(world)).count == 1)

        // The same bytes again are still known; a correction through the acknowledgment still finds its
        // incident; a bounce of the acknowledgment is still linked to it.
        let sentBefore = await world.smtp.accepted.count
        await world.mailbox.deliver(report)
        await world.mailbox.deliver(
            try CorrectionLogicTests.reply(id: "fix", to: ack.message, body: "Rätta EST-2018-000001\nOmråde: Hammarby\n\nMvh Anna"))
        await world.mailbox.deliver(DeliveryStatusMail.bounce(of: ackID, recipient: "anna.lind@mimer.example"))
        let result = await daemon.cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(try world.store.incidents(IncidentQuery()).map(\.incident.area) == ["hammarby"])
        let sent = await world.smtp.accepted.dropFirst(sentBefore)
        #expect(sent.count == 1, "one confirmation, nothing for the duplicate or the bounce")
        #expect(try sent.first.map { try MailMessage.parse($0.message).subject ?? "" }?.contains("Ändring registrerad") == true)
        #expect(try world.store.outboxRows().first { $0.messageID == ackID }?.bounceStatus == "5.1.1")
        #expect(try world.store.messageCounts()["duplicate"] == nil, "the same bytes are not stored again")

        // The week's digest says what gallring did.
        world.clock.advance(by: 1 * Self.day)  // Monday of week 37, after the digest time
        _ = await daemon.cycle()
        let digest = try #require(
            // The digest's plain part, as the working group's mail program shows it.
            await world.smtp.accepted.map { try MailMessage.parse($0.message).preferredTextPart()?.decodedText() ?? "" }.first {
                $0.contains("LÄGESBILD VECKA 36")
            })
        #expect(digest.contains("Gallring v.36: 1 mottaget meddelande och"), "\(digest.suffix(600))")
    }

    @Test func pseudonymsAndClearedTextKeepCountsRepliesAndBounces() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-key-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let keyFile = dir.appendingPathComponent("pseudonym.key").path
        try Data((0..<32).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: keyFile))
        let world = try await LogicWorld(overrides: [
            "RETENTION_PSEUDONYMISE_DAYS": "30", "RETENTION_FREE_TEXT_DAYS": "30", "RETENTION_PSEUDONYM_KEY_FILE": keyFile,
        ])
        let report = LogicWorld.report(id: "one")
        await world.mailbox.deliver(report)
        let daemon = try world.daemon(periodic: true)
        _ = await daemon.cycle()
        let ack = try #require(try world.store.outboxRows().first { $0.kind == .ack })
        let week = ISOWeek(year: 2018, week: 36)
        let counted = try world.store.weeklyCounts(area: "raby", category: nil, from: week, to: week)

        world.clock.advance(by: 31 * Self.day)
        _ = await daemon.cycle()
        let pass = try #require(try world.store.retentionPasses(on: today(world)).last)
        #expect(pass.complete && pass.counts.freeTextIncidents == 1 && pass.counts.addresses >= 3, "\(pass)")
        let pseudonymised = try #require(try world.store.outboxRows().first { $0.id == ack.id })
        #expect(pseudonymised.recipient.hasSuffix("@pseudonym.invalid") && pseudonymised.raw.isEmpty)
        #expect(try world.store.organisationsReported(week: week) == ["mimer"], "statistics per organisation still work")
        #expect(try world.store.weeklyCounts(area: "raby", category: nil, from: week, to: week) == counted)
        #expect(try world.store.incidents(IncidentQuery()).map(\.incident.place) == [""])
        #expect(try world.store.ledger.hasWritten(to: "anna.lind@mimer.example") == false, "the address is gone from the outbox")

        // The report sent again is still a duplicate (Message-ID and organisation stay), and a late bounce
        // of the acknowledgment still finds it.
        let sentBefore = await world.smtp.accepted.count
        await world.mailbox.deliver(report)
        await world.mailbox.deliver(DeliveryStatusMail.bounce(of: ack.messageID, recipient: "anna.lind@mimer.example"))
        let result = await daemon.cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(await world.smtp.accepted.count == sentBefore)
        #expect(try world.store.outboxRows().first { $0.id == ack.id }?.bounceStatus == "5.1.1")
        #expect(try world.store.incidents(IncidentQuery()).count == 1)
    }

    @Test func heldRepliesAndRejectionKeysArePseudonymisedWithTheirMessage() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("est-key-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let keyFile = dir.appendingPathComponent("pseudonym.key").path
        try Data("a key of at least sixteen bytes\n".utf8).write(to: URL(fileURLWithPath: keyFile))
        let world = try await LogicWorld(
            capPerRecipient: 1, overrides: ["RETENTION_PSEUDONYMISE_DAYS": "30", "RETENTION_PSEUDONYM_KEY_FILE": keyFile])
        await world.mailbox.deliver(LogicWorld.report(id: "one"))
        await world.mailbox.deliver(LogicWorld.report(id: "two", place: "Råby centrum"))
        let rejected = String(decoding: LogicWorld.report(id: "bad"), as: UTF8.self).replacingOccurrences(
            of: "Område: Råby", with: "Område: Mars")
        let daemon = try world.daemon(periodic: true)
        _ = await daemon.cycle()
        #expect(try world.store.heldReplies().map(\.reply.recipient).contains("anna.lind@mimer.example"))
        world.clock.advance(by: 2 * 3600)
        await world.mailbox.deliver(Array(rejected.utf8))
        _ = await daemon.cycle()
        let keys = try world.store.outboxRows().map(\.key.rawValue)
        #expect(keys.contains { $0.hasPrefix("rejection:anna.lind@mimer.example:") }, "\(keys)")

        world.clock.advance(by: 31 * Self.day)
        _ = await daemon.cycle()
        let held = try world.store.heldReplies().map(\.reply.recipient)
        #expect(!held.isEmpty && held.allSatisfy { $0.hasSuffix("@pseudonym.invalid") }, "\(held)")
        let replies = try world.store.outboxRows().filter { $0.kind?.isReply == true }
        #expect(!replies.isEmpty && replies.allSatisfy { $0.recipient.hasSuffix("@pseudonym.invalid") })
        #expect(replies.allSatisfy { !$0.key.rawValue.contains("anna.lind") }, "\(replies.map(\.key))")
    }

    @Test func aReloadWithAnUnreadablePseudonymKeyIsRefused() async throws {
        let world = try await LogicWorld()
        let daemon = try world.daemon(periodic: true)
        var logger = Logger(label: "logic-tests")
        logger.logLevel = .critical
        let path = LogicWorld.repoRoot.appendingPathComponent("config/est-gateway.example.yaml").path
        let reloader = ConfigurationReloader(daemon: daemon, settings: world.settings, logger: logger) {
            try await SettingsLoader.load(
                path: path,
                environment: [
                    "EST_IMAP_PASSWORD": "unused", "EST_SMTP_PASSWORD": "unused", "RETENTION_PSEUDONYMISE_DAYS": "30",
                    "RETENTION_PSEUDONYM_KEY_FILE": "/nonexistent/est.key",
                ])
        }
        guard case .refused(let reason) = await reloader.reload() else {
            Issue.record("a configuration whose key cannot be read was taken")
            return
        }
        #expect(reason.contains("pseudonym key file"), "\(reason)")
    }
}
