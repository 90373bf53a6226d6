import Daemon
import Foundation
import MIME
import MailServerHarness
import MailTransport
import Storage
import Testing

/// Servers away, processes killed, TLS checks, and a full mailbox — against the real servers.
@Suite(.serialized) struct ResilienceTests {
    func servers() async throws -> MailServers { try await SharedMailServers.instance.get() }

    /// A port on 127.0.0.1 where nothing listens.
    func deadPort() throws -> Int { try freeLoopbackPorts(1)[0] }

    @Test func smtpAwayKeepsTheOutboxAndDeliversOnceWhenBack() async throws {
        let servers = try await servers()
        let down = "smtp://127.0.0.1:\(try deadPort())"
        let world = try GatewayWorld(servers: servers, smtpURL: down)
        for n in 1...3 { try servers.deliver(world.report(id: "smtp-down-\(n)"), to: world.gateway.address) }
        let offline = try await world.daemon()
        let first = await offline.cycle()
        #expect(first.intake?.stored == 3, "intake goes on while SMTP is away")
        #expect(first.errors.contains { $0.hasPrefix("smtp:") })
        #expect(try world.store().outboxCounts().pending == 3)

        // The same installation with its SMTP server reachable again.
        let back = try GatewayWorld.reconfigured(world, smtpURL: servers.smtpURL)
        let daemon = try await back.daemon()
        let second = await daemon.cycle()
        #expect(second.outbox?.sent == 3, "\(second.errors)")
        _ = await daemon.cycle()
        _ = try await servers.waitForMessages(world.reporters["mimer"]!.address, count: 3)
        try await servers.waitUntilDelivered()
        #expect(world.inbox().count == 3, "each reply exactly once")
    }

    @Test func imapAwayIsSurvivedAndCaughtUp() async throws {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers, imapURL: "imaps://127.0.0.1:\(try deadPort())")
        try servers.deliver(world.report(id: "imap-down"), to: world.gateway.address)
        let offline = try await world.daemon()
        let failed = await offline.cycle()
        #expect(failed.errors.contains { $0.hasPrefix("imap:") })
        #expect(failed.intake == nil)
        let status = try GatewayStatus(store: world.store(), mailbox: "INBOX")
        #expect(status.cursor == nil)

        let back = try GatewayWorld.reconfigured(world, imapURL: servers.imapsURL)
        let result = await (try await back.daemon()).cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.intake?.stored == 1)
        let caught = try GatewayStatus(store: world.store(), mailbox: "INBOX")
        #expect(caught.cursor?.lastSuccessAt != nil)
        #expect(caught.render().contains("last successful poll"))
    }

    @Test func imapsNeedsTheCertificateAuthority() async throws {
        let servers = try await servers()
        let untrusted = try GatewayWorld(servers: servers, caFile: .some(nil))
        try servers.deliver(untrusted.report(id: "tls"), to: untrusted.gateway.address)
        let refused = await (try await untrusted.daemon()).cycle()
        #expect(refused.errors.contains { $0.lowercased().contains("tls") || $0.lowercased().contains("certificate") }, "\(refused.errors)")
        let trusted = try GatewayWorld.reconfigured(untrusted, caFile: servers.caCertificatePath)
        let accepted = await (try await trusted.daemon()).cycle()
        #expect(accepted.errors.isEmpty, "\(accepted.errors)")
        #expect(accepted.intake?.stored == 1)
    }

    /// Killed with SIGKILL at each step boundary and restarted: nothing lost, nothing stored twice,
    /// every reply delivered. A reply interrupted mid-send goes out again with the same Message-ID;
    /// only when the server had already accepted it does the recipient get it twice, and the row says so.
    @Test(arguments: ["after-fetch", "after-store", "after-commit", "sending", "transmitted", "after-send", "after-move"])
    func crashAtEveryStepLosesAndDoublesNothing(_ point: String) async throws {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers)
        for n in 1...3 { try servers.deliver(world.report(id: "crash-\(point)-\(n)"), to: world.gateway.address) }

        let crashed = try world.runGateway(["run", "--once"], crashAt: point)
        #expect(
            crashed.signaled && crashed.status == 9, "\(point): the process should die by SIGKILL, got \(crashed.status): \(crashed.output)"
        )
        for _ in 0..<2 {
            let rerun = try world.runGateway(["run", "--once"])
            #expect(rerun.status == 0, "\(point): \(rerun.output)")
        }

        let store = try world.store()
        #expect(try store.incidents(IncidentQuery()).count == 3, "\(point): every report stored once")
        let counts = try store.messageCounts()
        #expect(counts["accepted"] == 3, "\(point): \(counts)")
        let rows = try store.outboxRows()
        #expect(rows.count == 3, "\(point): one reply each")
        #expect(world.gatewayMessages().isEmpty, "\(point): inbox emptied")
        #expect(world.gatewayMessages("EST/Behandlade").count == 3, "\(point): filed once each")
        #expect(rows.allSatisfy { $0.status == .sent }, "\(point): every reply sent: \(rows.map(\.status))")
        _ = try await servers.waitForMessages(world.reporters["mimer"]!.address, count: 3)
        try await servers.waitUntilDelivered()
        let delivered = world.inbox()
        let ids = delivered.compactMap(\.messageID)
        #expect(Set(ids) == Set(rows.map(\.messageID)), "\(point): every reply arrived, under the Message-ID it was queued with")
        let resent = rows.filter { $0.resent > 0 }
        let flagged = rows.filter(\.possibleDuplicate)
        switch point {
        case "sending":
            #expect(resent.count == 1 && flagged.isEmpty && delivered.count == 3, "\(point): sent again, once")
        case "transmitted":
            // The whole message had gone out, the final dot not: Postfix dropped it, but we cannot know.
            #expect(resent.count == 1 && flagged.count == 1 && delivered.count <= 4, "\(point)")
        case "after-send":
            #expect(resent.count == 1 && flagged.count == 1, "\(point): the resend is flagged")
            #expect(
                delivered.count == 4 && ids.filter { $0 == flagged.first?.messageID }.count == 2,
                "\(point): the one duplicate carries the same Message-ID")
        default:
            #expect(resent.isEmpty && delivered.count == 3, "\(point): \(delivered.count) delivered")
        }
        let status = try world.runGateway(["status"])
        if !resent.isEmpty {
            #expect(status.output.contains("sent again after a crash interrupted them"), "\(status.output)")
            #expect(status.output.contains(resent[0].key.rawValue))
        }
    }

    /// Many deaths in the middle of SMTP sends, before and after the body went out: no reply lost, at
    /// most one duplicate per death, and only where the row is flagged.
    @Test func repeatedDeathsDuringSendsLoseNoReply() async throws {
        let servers = try await servers()
        // Twelve replies to one reporter within the hour: above the default cap of 10.
        let world = try GatewayWorld(servers: servers, caps: (perRecipient: 100, perHour: 200))
        let points = ["sending", "transmitted", "after-send"]
        var deaths = 0
        for round in 0..<6 {
            for n in 1...2 { try servers.deliver(world.report(id: "deaths-\(round)-\(n)"), to: world.gateway.address) }
            let crashed = try world.runGateway(["run", "--once"], crashAt: points[round % points.count])
            if crashed.signaled { deaths += 1 }
            let rerun = try world.runGateway(["run", "--once"])
            #expect(rerun.status == 0, "\(rerun.output)")
        }
        #expect(deaths == 6)
        let rows = try world.store().outboxRows()
        #expect(rows.count == 12 && rows.allSatisfy { $0.status == .sent })
        _ = try await servers.waitForMessages(world.reporters["mimer"]!.address, count: 12)
        try await servers.waitUntilDelivered()
        let ids = world.inbox().compactMap(\.messageID)
        #expect(Set(ids) == Set(rows.map(\.messageID)), "every reply arrived")
        let flagged = Set(rows.filter(\.possibleDuplicate).map(\.messageID))
        let doubled = Set(ids.filter { id in ids.filter { $0 == id }.count > 1 })
        #expect(doubled.isSubset(of: flagged), "a reply that arrived twice is flagged: \(doubled) ⊄ \(flagged)")
        #expect(ids.count - Set(ids).count <= 4, "at most one duplicate per death after the body went out")
        #expect(rows.filter { $0.resent > 0 }.count == 6)
    }

    /// A mail that kills the process while it is read (a crash point inside parsing stands in for a
    /// parser bug): after two deaths it is quarantined unread, its bytes kept, and intake goes on.
    @Test func poisonMessageIsQuarantinedAfterTwoDeaths() async throws {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers)
        let poison = world.report(id: "poison")
        try servers.deliver(poison, to: world.gateway.address)
        try servers.deliver(world.report(id: "after-poison"), to: world.gateway.address)
        for attempt in 1...2 {
            let crashed = try world.runGateway(["run", "--once"], crashAt: "parsing")
            #expect(crashed.signaled && crashed.status == 9, "death \(attempt): \(crashed.output)")
            #expect(try world.store().messageCounts().isEmpty, "death \(attempt): nothing stored yet")
        }
        let third = try world.runGateway(["run", "--once"])
        #expect(third.status == 0, "\(third.output)")
        let store = try world.store()
        #expect(try store.messageCounts() == ["quarantined": 1, "accepted": 1])
        let quarantined = try #require(try store.quarantinedMessages().first)
        #expect(quarantined.reason == "crashed-parser")
        #expect(quarantined.storedBytes == poison.count, "the raw bytes are kept")
        #expect(quarantined.detail?.contains("died 2 times") == true)
        #expect(
            world.gatewayMessages("EST/Karant&AOQ-n").count == 1 && world.gatewayMessages().isEmpty,
            "in the quarantine folder (modified UTF-7 on disk)")
        #expect(try store.incidents(IncidentQuery()).count == 1, "the next message was read")
        // Only the good report is answered; the poison gets nothing.
        _ = try await servers.waitForMessages(world.reporters["mimer"]!.address, count: 1)
        try await servers.waitUntilDelivered()
        #expect(world.inbox().count == 1)
    }

    @Test func aSecondProcessOnTheSameMailboxIsRefused() async throws {
        let world = try GatewayWorld(servers: try await servers())
        let first = try await world.daemon()
        try first.acquireLease()
        defer { first.releaseLease() }
        let run = try world.runGateway(["run", "--once"])
        #expect(run.status == 3, "\(run.output)")
        #expect(run.output.contains("lease"))
    }

    @Test func aThousandQueuedReportsInOneRun() async throws {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers, caps: (5_000, 5_000), batchSize: 100)
        try world.fillInbox(count: 1000)
        let run = try world.runGateway(["run", "--once"])
        #expect(run.status == 0, "\(run.output.suffix(2000))")
        #expect(run.output.contains("intake: 1000 fetched, 1000 stored"), "\(run.output.suffix(500))")
        let store = try world.store()
        #expect(try store.incidents(IncidentQuery()).count == 1000)
        #expect(try store.outboxCounts().sent == 1000)
        #expect(world.gatewayMessages().isEmpty)
        #expect(world.gatewayMessages("EST/Behandlade").count == 1000)
    }

    /// A first run on a mailbox that already holds mail processes only mail newer than the start date.
    @Test func firstRunSkipsOldMail() async throws {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers)
        try servers.fillMaildir(world.gateway.address, messages: [world.report(id: "old")])
        // Dovecot takes a Maildir message's internal date from the file's modification time.
        let new = servers.maildir(world.gateway.address).appendingPathComponent("new")
        for file in try FileManager.default.contentsOfDirectory(atPath: new.path) {
            try FileManager.default.setAttributes(
                [.modificationDate: Date().addingTimeInterval(-40 * 86_400)],
                ofItemAtPath: new.appendingPathComponent(file).path)
        }
        let daemon = try await world.daemon()
        #expect(await daemon.cycle().intake?.fetched == 0, "mail older than 14 days is left alone")
        try servers.deliver(world.report(id: "fresh"), to: world.gateway.address)
        let second = await daemon.cycle()
        #expect(second.intake?.fetched == 1)
        #expect(try world.store().outboxRows().count == 1, "only the fresh report is answered")
        #expect(world.gatewayMessages().count == 1, "the old message stays in the inbox")
    }

    /// UIDVALIDITY changes (the server rebuilt its index): the mailbox is rescanned, and a message
    /// already stored is recognised by its bytes, filed, and not answered again.
    @Test func uidValidityChangeRescansWithoutDoubling() async throws {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers)
        let first = world.report(id: "before-reset")
        try servers.deliver(first, to: world.gateway.address)
        let daemon = try await world.daemon()
        #expect(await daemon.cycle().intake?.stored == 1)
        let before = try #require(try world.store().cursor(mailbox: "INBOX"))

        // The same message back in the inbox, a new one beside it, and Dovecot's UID list thrown away.
        try servers.deliver(first, to: world.gateway.address)
        try servers.deliver(world.report(id: "after-reset"), to: world.gateway.address)
        let maildir = servers.maildir(world.gateway.address)
        for file in try FileManager.default.contentsOfDirectory(atPath: maildir.path) where file.hasPrefix("dovecot") {
            try FileManager.default.removeItem(at: maildir.appendingPathComponent(file))
        }
        try await Task.sleep(for: .seconds(1.1))  // UIDVALIDITY is a timestamp in seconds
        let result = await daemon.cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")
        let after = try #require(try world.store().cursor(mailbox: "INBOX"))
        #expect(after.uidValidity != before.uidValidity)
        #expect(result.intake?.duplicates == 1)
        #expect(result.intake?.stored == 1)
        #expect(try world.store().outboxRows().count == 2, "one reply per report, none for the duplicate")
        #expect(world.gatewayMessages().isEmpty)
    }

    /// A move that fails (here: a folder name the server refuses) leaves the message in the inbox and
    /// stored; once the configuration is fixed, the next poll moves it, to the folder configured now.
    @Test func failedMoveIsRetriedLater() async throws {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers)
        world.processedFolder = "EST/" + String(repeating: "x", count: 300)  // longer than Dovecot allows
        try world.writeConfiguration()
        try servers.deliver(world.report(id: "move-retry"), to: world.gateway.address)
        let first = await (try await world.daemon()).cycle()
        #expect(first.intake?.stored == 1)
        #expect(first.intake?.moved == 0)
        #expect(first.outbox?.sent == 1, "the reply does not wait for the move")
        #expect(world.gatewayMessages().count == 1)
        #expect(try world.store().pendingMoveCount() == 1)

        world.processedFolder = "EST/Behandlade"
        try world.writeConfiguration()
        let second = await (try await world.daemon()).cycle()
        #expect(second.intake?.fetched == 0, "nothing is processed again")
        #expect(second.intake?.moved == 1)
        #expect(world.gatewayMessages().isEmpty)
        #expect(world.gatewayMessages("EST/Behandlade").count == 1)
        #expect(try world.store().outboxRows().count == 1)
    }
}
