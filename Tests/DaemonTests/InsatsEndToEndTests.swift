import Domain
import Foundation
import MIME
import MailServerHarness
import Storage
import Testing

/// Insatser by mail against real Dovecot and Postfix: a member registers one and changes it by a
/// reply and by reference; a non-member's insats mail gets nothing insats-like; bad fields are refused.
@Suite(.serialized) struct InsatsEndToEndTests {
    func servers() async throws -> MailServers { try await SharedMailServers.instance.get() }

    static func mail(_ world: GatewayWorld, from: String, id: String, subject: String, inReplyTo: String? = nil, body: String) -> [UInt8] {
        var headers = [
            "From: Lena Ek <\(from)>", "To: <\(world.gateway.address)>", "Subject: \(subject)", "Date: \(GatewayWorld.rfc5322(Date()))",
            "Message-ID: <\(id)@\(world.servers.domain)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        if let inReplyTo { headers += ["In-Reply-To: \(inReplyTo)", "References: \(inReplyTo)"] }
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n").utf8)
    }

    @Test func aMemberRegistersAndChangesAnInsatsAndOthersGetNothingOfIt() async throws {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers)
        let member = "wg\(UUID().uuidString.prefix(6).lowercased())@\(servers.domain)"
        try servers.addUser(member, password: "pw-\(UUID().uuidString.prefix(8))")
        world.members = [member]
        try world.writeConfiguration()

        let register = """
            Hej!

            Insats: Kvällsvandringar vid centrum
            Område: Råby
            Kategori: Klotter
            Start: idag
            Ansvarig: Mimer

            Mvh Lena
            """
        try servers.sendSMTP(
            from: member, to: [world.gateway.address],
            message: Self.mail(world, from: member, id: "ins-1", subject: "Insats", body: register))
        let reporter = world.reporters["mimer"]!.address
        // A registered reporter who is no member: read as the report it is not.
        try servers.sendSMTP(
            from: reporter, to: [world.gateway.address],
            message: Self.mail(world, from: reporter, id: "ins-2", subject: "Insats", body: register))
        try servers.sendSMTP(
            from: member, to: [world.gateway.address],
            message: Self.mail(world, from: member, id: "ins-3", subject: "Fel", body: "Insats: Belysning\nOmråde: Hammarbi\nStart: sen"))
        _ = try await servers.waitForMessages(world.gateway.address, count: 3)
        let daemon = try await world.daemon()
        _ = await daemon.cycle()

        let insatser = try world.store().insatser()
        #expect(insatser.count == 1 && insatser.first?.insats.status == .pagar, "\(insatser)")
        let reference = try #require(insatser.first?.reference)
        let answers = try await servers.waitForMessages(member, count: 2).compactMap { try? MailMessage.parse($0.bytes) }
        let ack = try #require(answers.first { $0.subject?.contains("Insats registrerad") == true })
        #expect(ack.readableBody().text.contains("referensnumret \(reference)"))
        #expect(ack.headers.first("Auto-Submitted") == "auto-replied")
        let refusal = try #require(answers.first { $0.subject?.contains("kunde inte registreras") == true })
        #expect(refusal.readableBody().text.contains("Okänt område \"Hammarbi\""), "\(refusal.readableBody().text)")
        let toReporter = try await servers.waitForMessages(reporter).compactMap { try? MailMessage.parse($0.bytes) }
        #expect(toReporter.count == 1 && !toReporter[0].readableBody().text.contains("INS-"))

        // Changed by a reply to the acknowledgment, then by reference.
        try servers.sendSMTP(
            from: member, to: [world.gateway.address],
            message: Self.mail(
                world, from: member, id: "ins-4", subject: "SV: \(ack.subject ?? "")", inReplyTo: ack.messageID, body: "Status: genomförd"))
        try servers.sendSMTP(
            from: member, to: [world.gateway.address],
            message: Self.mail(world, from: member, id: "ins-5", subject: "Ändring", body: "Insats: \(reference)\nPlats: Råby centrum"))
        _ = try await servers.waitForMessages(world.gateway.address, count: 2)
        _ = await daemon.cycle()
        let changed = try #require(try world.store().insats(reference))
        #expect(changed.insats.status == .genomford && changed.insats.place == "Råby centrum" && changed.version == 3)
        #expect(try world.store().insatsHistory(reference).map(\.changedFields) == [[], ["Status"], ["Plats"]])
        #expect(try await servers.waitForMessages(member, count: 4).count == 4)
        #expect(world.gatewayMessages("EST/Behandlade").count == 3 && world.gatewayMessages("EST/Avvisade").count == 2)

        // On the follow-up date (a test clock eight weeks on), the follow-up goes out once; a restart
        // the same day sends nothing again.
        let followUp = changed.insats.followUp.start(in: TimeZone(identifier: "Europe/Stockholm")!).addingTimeInterval(9 * 3600)
        for _ in 0..<2 { _ = await (try await world.daemon(clock: { followUp })).cycle() }
        // (The member may also get the tertial's period report that the same clock makes due.)
        _ = try await servers.waitForMessages(member, count: 5)
        try await Task.sleep(for: .seconds(1))
        let all = world.servers.messages(member).compactMap { try? MailMessage.parse($0.bytes) }
        let followUps = all.filter { $0.messageID?.hasPrefix("<insats.\(reference).followup.") == true }
        #expect(followUps.count == 1, "once, also after the restart: \(all.map { $0.subject ?? "" })")
        #expect(followUps.first?.readableBody().text.contains("FÖRÄNDRING") == true)
    }
}
