import Daemon
import Domain
import Foundation
import MIME
import MailAccess
import Storage
import Testing

/// Insatser by mail from working-group members (working-group.md §1–2), through the whole daemon on
/// in-memory mail: registered, changed by reply and by reference, refused with the reason, and
/// nothing insats-like for anyone else.
@Suite struct InsatsLogicTests {
    static func mail(
        id: String, from: String = "anna.berg@vasteras.example", subject: String = "Ny insats", inReplyTo: String? = nil, body: String
    ) -> [UInt8] {
        var headers = [
            "From: Anna Berg <\(from)>", "To: <est@vasteras.example>", "Subject: \(subject)", "Date: Fri, 7 Sep 2018 09:00:00 +0200",
            "Message-ID: <\(id)@vasteras.example>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        if let inReplyTo { headers += ["In-Reply-To: \(inReplyTo)", "References: \(inReplyTo)"] }
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
    }

    static let register = """
        Hej,

        Insats: Kvällsvandringar vid Råby centrum
        Område: Råby
        Plats: Råbyvägen 12
        Kategori: Klotter, skadegörelse
        Start: 2018-09-10
        Ansvarig: Mimer och fältgruppen
        Beskrivning: Två vuxna går runt centrum tisdag–lördag kl 19–23.

        Mvh Anna
        """

    static func text(_ s: MemorySubmitter.Submission) throws -> String { try MailMessage.parse(s.message).readableBody().text }

    @Test func aMemberRegistersAndChangesAnInsatsByMail() async throws {
        let world = try await LogicWorld()
        // A report in the baseline window first: the acknowledgment counts it.
        await world.mailbox.deliver(LogicWorld.report(id: "r1"))
        await world.mailbox.deliver(Self.mail(id: "i1", body: Self.register))
        let daemon = try world.daemon()
        _ = await daemon.cycle()
        let insatser = try world.store.insatser()
        #expect(insatser.map(\.reference) == ["INS-2018-0001"])
        let insats = try #require(insatser.first?.insats)
        #expect(insats.areas == ["raby"] && insats.categories == ["KLOT", "SKAD"] && insats.place == "Råbyvägen 12")
        #expect(insats.start == LocalDate(year: 2018, month: 9, day: 10) && insats.followUp == LocalDate(year: 2018, month: 11, day: 5))
        #expect(insats.status == .planerad, "before its start")
        let sent = await world.smtp.accepted
        let ack = try #require(sent.first { $0.recipients == ["anna.berg@vasteras.example"] })
        let message = try MailMessage.parse(ack.message)
        #expect(message.subject?.contains("Insats registrerad [INS-2018-0001]") == true, "\(message.subject ?? "")")
        #expect(message.messageID?.hasPrefix("<insats.INS-2018-0001.") == true)
        let body = try Self.text(ack)
        #expect(body.contains("Insatsen är registrerad med referensnumret INS-2018-0001"), "\(body)")
        #expect(body.contains("UTGÅNGSLÄGE") && body.contains("2018-07-16–2018-09-09"))
        #expect(body.contains("v.36: 1 (vid platsen: 1)") && body.contains("Totalt: 1 (vid Råbyvägen 12: 1)"), "\(body)")
        #expect(try world.store.incidents(IncidentQuery()).count == 1, "an insats is not a report")

        // A reply to the acknowledgment changes it; so does a new mail naming the reference.
        await world.mailbox.deliver(Self.mail(id: "i2", inReplyTo: message.messageID, body: "Status: pågår\n\nMvh Anna"))
        await world.mailbox.deliver(Self.mail(id: "i3", body: "Insats: ins-2018-1\nSlut: 2018-10-31"))
        _ = await daemon.cycle()
        let changed = try #require(try world.store.insats("INS-2018-0001"))
        #expect(changed.insats.status == .pagar && changed.insats.end == LocalDate(year: 2018, month: 10, day: 31))
        #expect(changed.version == 3)
        let history = try world.store.insatsHistory("INS-2018-0001")
        #expect(history.map(\.changedFields) == [[], ["Status"], ["Slut"]])
        #expect(history.map(\.changedBy) == Array(repeating: "anna.berg@vasteras.example", count: 3))
        #expect(history.map(\.messageID) == ["<i1@vasteras.example>", "<i2@vasteras.example>", "<i3@vasteras.example>"])
        let answers = await world.smtp.accepted.filter { $0.recipients == ["anna.berg@vasteras.example"] }
        #expect(answers.count == 3)
        #expect(try Self.text(answers[2]).contains("Insatsen INS-2018-0001 är ändrad (Slut)"))
    }

    @Test func badFieldsAreRefusedWithEveryErrorAndNothingIsStored() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(Self.mail(id: "bad", body: "Insats: Belysning\nOmråde: Rååby\nStart: snart\nStatus: kanske"))
        _ = await (try world.daemon()).cycle()
        #expect(try world.store.insatser().isEmpty)
        let body = try Self.text(#require(await world.smtp.accepted.first))
        #expect(body.contains("kunde inte registreras. Ingenting har sparats"), "\(body)")
        #expect(body.contains("Fältet Område, rad 2: Okänt område \"Rååby\""))
        #expect(body.contains("Fältet Start, rad 3: Kunde inte läsa datumet \"snart\""))
        #expect(body.contains("Fältet Status, rad 4: Okänd status \"kanske\""))
        #expect(body.contains("Insats: Kvällsvandringar vid centrum"), "the filled-in example")
        #expect(await world.mailbox.count("EST/Avvisade") == 1)
    }

    @Test func aChangeOfAnUnknownInsatsIsRefused() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(Self.mail(id: "x", body: "Insats: INS-2018-0042\nStatus: avbruten"))
        _ = await (try world.daemon()).cycle()
        #expect(try Self.text(#require(await world.smtp.accepted.first)).contains("Det finns ingen insats INS-2018-0042"))
    }

    @Test func aNonMemberGetsNothingInsatsLike() async throws {
        let world = try await LogicWorld()
        // A registered reporter who is not a member: an ordinary (and here empty) report.
        await world.mailbox.deliver(Self.mail(id: "n1", from: "anna.lind@mimer.example", body: Self.register))
        // Unknown to the gateway altogether: ignored, unanswered.
        await world.mailbox.deliver(Self.mail(id: "n2", from: "someone@elsewhere.example", body: Self.register))
        _ = await (try world.daemon()).cycle()
        #expect(try world.store.insatser().isEmpty)
        let sent = await world.smtp.accepted
        #expect(sent.map(\.recipients) == [["anna.lind@mimer.example"]])
        let body = try Self.text(#require(sent.first))
        // Read as the report it claims to be (missing Datum): nothing says insatser exist.
        #expect(!body.contains("INS-") && !body.contains("Insatsen") && !body.contains("insatsmejl"), "\(body)")
        #expect(body.contains("Fältet Datum"), "\(body)")
        #expect(try world.store.messageCounts() == ["rejected": 1, "ignored": 1])
    }

    @Test func aMemberWhoAlsoReportsStillSendsReports() async throws {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "police", from: "kommunpolis@polisen.example"))
        _ = await (try world.daemon()).cycle()
        #expect(try world.store.incidents(IncidentQuery()).count == 1)
        #expect(try world.store.insatser().isEmpty)
    }
}
