import Daemon
import Foundation
import MIME
import MailServerHarness
import Storage
import Testing

/// The gateway against real Dovecot and Postfix on 127.0.0.1: mail in through Postfix, replies read
/// back from the reporters' mailboxes.
@Suite(.serialized) struct EndToEndTests {
    func servers() async throws -> MailServers { try await SharedMailServers.instance.get() }

    @Test func reportIsStoredAnsweredAndFiled() async throws {
        let world = try GatewayWorld(servers: try await servers())
        let reporter = world.reporters["mimer"]!.address
        let report = world.report(id: "e2e-1", subject: "EST v.47 Råby – Mimer")
        try world.servers.sendSMTP(from: reporter, to: [world.gateway.address], message: report)
        _ = try await world.servers.waitForMessages(world.gateway.address)

        let daemon = try await world.daemon()
        let result = await daemon.cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.intake?.stored == 1)
        #expect(result.outbox?.sent == 1)

        let incidents = try world.store().incidents(IncidentQuery())
        #expect(incidents.count == 1)
        #expect(incidents.first?.incident.categories == ["KLOT"])
        let ref = try #require(incidents.first?.ref)

        let replies = try await world.servers.waitForMessages(reporter)
        #expect(replies.count == 1)
        let ack = try MailMessage.parse(replies[0].bytes)
        #expect(ack.headers.first("In-Reply-To") == "<e2e-1@\(world.servers.domain)>")
        #expect(ack.references.contains("<e2e-1@\(world.servers.domain)>"))
        #expect(ack.headers.first("Auto-Submitted") == "auto-replied")
        #expect(ack.headers.first("Precedence") == "auto_reply")
        #expect(ack.headers.first("X-Auto-Response-Suppress") == "All")
        #expect(ack.headers.contains("X-EST-Gateway-Loop"))
        #expect(ack.messageID?.hasSuffix("@est.test.local>") == true)
        #expect(ack.subject?.contains(ref) == true, "\(ack.subject ?? "")")
        #expect(ack.subject?.hasPrefix("Re: EST v.47 Råby – Mimer") == true)
        #expect(ack.from?.first?.address.lowercased() == world.gateway.address.lowercased())
        #expect(ack.readableBody().text.contains(ref))

        // The original left the inbox for the processed folder; nothing was flagged \Seen on the way.
        #expect(world.gatewayMessages().isEmpty)
        #expect(world.gatewayMessages("EST/Behandlade").count == 1)

        // A second cycle finds nothing new and sends nothing more.
        let again = await daemon.cycle()
        #expect(again.intake?.fetched == 0)
        #expect(again.outbox?.sent == 0)
    }

    @Test func sameReportTwiceGivesOneReportAndOneReply() async throws {
        let world = try GatewayWorld(servers: try await servers())
        let report = world.report(id: "twice")
        try world.servers.deliver(report, to: world.gateway.address)
        try world.servers.deliver(report, to: world.gateway.address)
        // The same report delivered to a second watched address: other trace headers, same Message-ID.
        try world.servers.deliver(Array("Delivered-To: est-alias@test.local\r\n".utf8) + report, to: world.gateway.address)
        let daemon = try await world.daemon()
        let result = await daemon.cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.intake?.fetched == 3)
        #expect(result.intake?.stored == 1)
        #expect(result.intake?.duplicates == 2)
        #expect(try world.store().incidents(IncidentQuery()).count == 1)
        #expect(result.outbox?.sent == 1)
        _ = try await world.servers.waitForMessages(world.reporters["mimer"]!.address)
        try await world.servers.waitUntilDelivered()
        #expect(world.inbox().count == 1)
        #expect(world.gatewayMessages().isEmpty, "every copy leaves the inbox")
    }

    @Test func unknownSenderIsStoredIgnoredAndNotAnswered() async throws {
        let world = try GatewayWorld(servers: try await servers())
        let stranger = "stranger-\(UUID().uuidString.prefix(6).lowercased())@\(world.servers.domain)"
        try world.servers.addUser(stranger, password: "x")
        var raw = world.report(id: "stranger")
        raw = Array(String(decoding: raw, as: UTF8.self).replacingOccurrences(of: world.reporters["mimer"]!.address, with: stranger).utf8)
        try world.servers.sendSMTP(from: stranger, to: [world.gateway.address], message: raw)
        _ = try await world.servers.waitForMessages(world.gateway.address)
        let result = await (try await world.daemon()).cycle()
        #expect(result.intake?.byStatus["ignored"] == 1)
        #expect(try world.store().messageCounts() == ["ignored": 1])
        #expect(try world.store().outboxRows().isEmpty)
        #expect(world.gatewayMessages("EST/Ignorerade").count == 1)
        #expect(world.servers.messages(stranger).isEmpty)
    }

    @Test func realVacationResponderDoesNotLoop() async throws {
        let world = try GatewayWorld(servers: try await servers())
        let reporter = world.reporters["mimer"]!.address
        try world.servers.installVacation(
            user: reporter,
            script: """
                require ["vacation"];
                vacation :days 1 :subject "Frånvaro" :addresses ["\(reporter)"] "Jag är på semester.";
                """)
        // The reporter's report is acknowledged; RFC 3834-aware Sieve does not answer an auto-reply.
        try world.servers.sendSMTP(from: reporter, to: [world.gateway.address], message: world.report(id: "vac-1"))
        _ = try await world.servers.waitForMessages(world.gateway.address)
        let daemon = try await world.daemon()
        _ = await daemon.cycle()
        _ = try await world.servers.waitForMessages(reporter)

        // A plain mail from our address does get the vacation answer, which lands in our inbox.
        let plain = Array(
            "From: <\(world.gateway.address)>\r\nTo: <\(reporter)>\r\nSubject: Fråga\r\nMessage-ID: <plain-\(UUID().uuidString)@test.local>\r\n\r\nHej\r\n"
                .utf8)
        try world.servers.sendSMTP(from: world.gateway.address, to: [reporter], message: plain)
        _ = try await world.servers.waitForMessages(world.gateway.address, timeout: .seconds(15))
        let second = await daemon.cycle()
        #expect(second.intake?.byStatus["ignored"] == 1, "the vacation reply is ignored")
        #expect(second.outbox?.sent == 0)
        // And the exchange is over: more cycles, nothing more sent either way.
        try await world.servers.waitUntilDelivered()
        let third = await daemon.cycle()
        #expect(third.intake?.fetched == 0)
        #expect(try world.store().outboxRows().count == 1)
        let reasons = try world.store().messageCounts()
        #expect(reasons["accepted"] == 1 && reasons["ignored"] == 1)
    }

    @Test func bounceOfOurReplyIsLinkedToItsOutboxRow() async throws {
        // The organisation lists an address that has no mailbox: our acknowledgment to it bounces.
        let servers = try await servers()
        let ghost = "ghost-\(UUID().uuidString.prefix(6).lowercased())@\(servers.domain)"
        let world = try GatewayWorld(servers: servers, extraAddresses: ["mimer": [ghost]])
        var raw = world.report(id: "ghost")
        raw = Array(String(decoding: raw, as: UTF8.self).replacingOccurrences(of: world.reporters["mimer"]!.address, with: ghost).utf8)
        try servers.deliver(raw, to: world.gateway.address)
        let daemon = try await world.daemon()
        let first = await daemon.cycle()
        #expect(first.outbox?.sent == 1)
        // Postfix returns a real DSN to our envelope sender.
        _ = try await servers.waitForMessages(world.gateway.address, timeout: .seconds(15))
        let second = await daemon.cycle()
        #expect(
            second.intake?.byStatus["ignored"] == 1,
            "\(second.errors) \(String(describing: second.intake)) \(world.gatewayMessages().map(\.text))")
        let rows = try world.store().outboxRows()
        #expect(rows.count == 1, "nothing is sent in answer to a bounce")
        #expect(rows.first?.bounceStatus?.hasPrefix("5.") == true, "\(String(describing: rows.first?.bounceStatus))")
        #expect(try world.store().failingRecipients() == [ghost])
    }

    @Test func oversizedReportIsQuarantinedUnreadAndTheSenderTold() async throws {
        let world = try GatewayWorld(servers: try await servers())
        world.maxMessageBytes = 100_000
        try world.writeConfiguration()
        let photo = String(repeating: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n", count: 8000)
        let raw = world.report(id: "big", subject: "Rapport med bilder", body: "Se bilagan.\n\n" + photo)
        #expect(raw.count > 200_000)
        try world.servers.deliver(raw, to: world.gateway.address)
        let result = await (try await world.daemon()).cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.intake?.byStatus["quarantined"] == 1)
        #expect(try world.store().messageCounts() == ["quarantined": 1])
        // Dovecot keeps folder names in modified UTF-7 on disk.
        #expect(world.gatewayMessages("EST/Karant&AOQ-n").count == 1)
        let notice = try await world.servers.waitForMessages(world.reporters["mimer"]!.address)
        let message = try MailMessage.parse(notice[0].bytes)
        #expect(message.subject?.contains("För stort meddelande") == true, "\(message.subject ?? "")")
        #expect(message.headers.first("In-Reply-To") == "<big@\(world.servers.domain)>")
        #expect(message.readableBody().text.contains("0,1 MB"), "\(message.readableBody().text)")
    }

    /// A body line that looks like one of libcurl's command tags ends its reading of a custom FETCH
    /// early; the gateway falls back to fetching the message on its own and carries on.
    @Test func messageThatConfusesTheFetchParserIsStillRead() async throws {
        let world = try GatewayWorld(servers: try await servers())
        let tags = (1...40).map { String(format: "A%03d OK done", $0) }.joined(separator: "\n")
        let body = """
            Område: Råby
            Plats: Råbyvägen 12
            Datum: igår
            Kategori: Klotter
            Beskrivning: Klotter i trapphuset.

            --
            \(tags)
            """
        try world.servers.deliver(world.report(id: "tags", body: body), to: world.gateway.address)
        try world.servers.deliver(world.report(id: "plain"), to: world.gateway.address)
        let result = await (try await world.daemon()).cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.intake?.stored == 2)
        #expect(try world.store().incidents(IncidentQuery()).count == 2)
        #expect(world.gatewayMessages().isEmpty, "the inbox is not blocked")
    }
}
