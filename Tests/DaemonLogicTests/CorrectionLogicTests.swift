import Daemon
import Domain
import Foundation
import MIME
import MailAccess
import Storage
import Testing

/// Corrections, withdrawals and likely duplicates through the whole daemon on in-memory mail: what
/// is changed, what is answered, and what is refused.
@Suite struct CorrectionLogicTests {
    /// A reply from `from` to the gateway mail `answering` (its raw bytes), with `body` above the quote.
    static func reply(
        id: String, to answering: [UInt8]?, body: String, from: String = "anna.lind@mimer.example",
        date: String = "Fri, 7 Sep 2018 09:00:00 +0200"
    ) throws -> [UInt8] {
        var headers = [
            "From: Anna Lind <\(from)>", "To: <est@vasteras.example>", "Date: \(date)",
            "Message-ID: <\(id)@mimer.example>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        var quoted = ""
        if let answering {
            let original = try MailMessage.parse(answering)
            let parent = try #require(original.messageID)
            headers.append("Subject: SV: \(original.subject ?? "")")
            headers.append("In-Reply-To: \(parent)")
            headers.append("References: <one@mimer.example> \(parent)")
            let text = original.readableBody().text
            quoted =
                "\r\n\r\nDen fre 7 sep. 2018 kl 08:50 skrev EST-rapportering <est@vasteras.example>:\r\n"
                + text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\r\n")
        } else {
            headers.append("Subject: Rättelse")
        }
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + quoted).utf8)
    }

    static func text(_ submission: MemorySubmitter.Submission) throws -> String {
        try MailMessage.parse(submission.message).readableBody().text
    }

    /// A world with one stored and acknowledged report from Mimer (EST-2018-000001).
    static func reported() async throws -> (LogicWorld, GatewayDaemon, ack: [UInt8]) {
        let world = try await LogicWorld()
        await world.mailbox.deliver(LogicWorld.report(id: "one"))
        let daemon = try world.daemon()
        _ = await daemon.cycle()
        let ack = try #require(await world.smtp.accepted.first).message
        return (world, daemon, ack)
    }

    @Test func aReplyToTheAcknowledgmentCorrectsTheIncident() async throws {
        let (world, daemon, ack) = try await Self.reported()
        #expect(try Self.text(#require(await world.smtp.accepted.first)).contains("Rätta EST-2018-000001"))
        await world.mailbox.deliver(try Self.reply(id: "fix", to: ack, body: "Rätta EST-2018-000001\nOmråde: Hammarby\n\nMvh Anna"))
        let result = await daemon.cycle()
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(await world.mailbox.count("EST/Behandlade") == 2)

        let incidents = try world.store.incidents(IncidentQuery())
        #expect(incidents.map(\.incident.area) == ["hammarby"])
        #expect(incidents.map(\.state) == [.corrected] && incidents.map(\.version) == [2])
        let history = try world.store.history(of: "EST-2018-000001")
        #expect(history.map(\.version) == [1, 2])
        #expect(history.map(\.incident.area) == ["raby", "hammarby"])
        #expect(history.map(\.messageID) == ["<one@mimer.example>", "<fix@mimer.example>"])
        #expect(history[1].changedFields == ["Område"])
        #expect(try world.store.messageCounts() == ["accepted": 2])
        // A correction is not a report: the week's reporting still counts the one report.
        #expect(try world.store.organisationsReported(week: ISOWeek(year: 2018, week: 36)) == ["mimer"])

        let sent = await world.smtp.accepted
        #expect(sent.count == 2)
        let confirmation = try MailMessage.parse(sent[1].message)
        #expect(confirmation.headers.first("In-Reply-To") == "<fix@mimer.example>")
        #expect(confirmation.headers.first("Auto-Submitted") == "auto-replied")
        #expect(confirmation.subject?.contains("Ändring registrerad [EST-2018-000001]") == true, "\(confirmation.subject ?? "")")
        let body = confirmation.readableBody().text
        #expect(body.contains("EST-2018-000001 – rättad (Område)"), "\(body)")
        #expect(body.contains("Hammarby"))
        #expect(try world.store.outboxRows().map(\.kind) == [.ack, .confirmation])
    }

    @Test func aBareWithdrawalInAReplyWithdrawsWhatTheAcknowledgmentNamed() async throws {
        let (world, daemon, ack) = try await Self.reported()
        await world.mailbox.deliver(try Self.reply(id: "undo", to: ack, body: "Återkalla\n\nMvh Anna"))
        _ = await daemon.cycle()
        #expect(try world.store.incidents(IncidentQuery()).isEmpty)
        let all = try world.store.incidents(IncidentQuery(includeWithdrawn: true))
        #expect(all.map(\.state) == [.withdrawn] && all.map(\.version) == [2])
        let body = try Self.text(#require(await world.smtp.accepted.last))
        #expect(body.contains("EST-2018-000001 – återkallad"), "\(body)")
        // Withdrawn is final: a second withdrawal is refused with the reason.
        await world.mailbox.deliver(try Self.reply(id: "undo-again", to: nil, body: "Återkalla EST-2018-000001"))
        _ = await daemon.cycle()
        let refusal = try Self.text(#require(await world.smtp.accepted.last))
        #expect(refusal.contains("EST-2018-000001 är redan återkallad"), "\(refusal)")
        #expect(refusal.contains("Ingenting har ändrats"))
    }

    @Test func anotherOrganisationLearnsNothingAndChangesNothing() async throws {
        let (world, daemon, _) = try await Self.reported()
        await world.mailbox.deliver(
            try Self.reply(id: "other", to: nil, body: "Återkalla EST-2018-000001", from: "rektor@rabyskolan.example"))
        _ = await daemon.cycle()
        #expect(try world.store.incidents(IncidentQuery()).map(\.state) == [.active])
        let whole = try Self.text(#require(await world.smtp.accepted.last))
        // A first mail to this address carries the reporting guide below; only the answer matters here.
        let body = String(whole[..<(whole.range(of: "Det här är första gången")?.lowerBound ?? whole.endIndex)])
        #expect(body.contains("EST-2018-000001, rad 1:"), "\(body)")
        // The same words as for a reference that does not exist.
        #expect(body.contains("Det finns ingen händelse EST-2018-000001 som er organisation har rapporterat"), "\(body)")
        #expect(!body.contains("Råbyvägen") && !body.contains("Mimer"))
        #expect(body.contains("Rätta EST-2018-000001"), "the filled-in example names the reference")
        // One rejection per sender and reason a day (mail-rules §4): the next day's is answered.
        world.clock.advance(by: 86_400)
        await world.mailbox.deliver(
            try Self.reply(id: "unknown", to: nil, body: "Återkalla EST-2018-000999", from: "rektor@rabyskolan.example"))
        _ = await daemon.cycle()
        #expect(try Self.text(#require(await world.smtp.accepted.last)).contains("ingen händelse EST-2018-000999 som er organisation"))
    }

    @Test func aCorrectionAfterTheConfiguredDaysIsRefused() async throws {
        let (world, daemon, ack) = try await Self.reported()
        world.clock.advance(by: 31 * 86_400)
        await world.mailbox.deliver(
            try Self.reply(id: "late", to: ack, body: "Rätta EST-2018-000001\nBedömning: 3", date: "Mon, 8 Oct 2018 09:00:00 +0200"))
        _ = await daemon.cycle()
        #expect(try world.store.incidents(IncidentQuery()).map(\.version) == [1])
        let body = try Self.text(#require(await world.smtp.accepted.last))
        #expect(body.contains("för mer än 30 dagar sedan"), "\(body)")
        #expect(await world.mailbox.count("EST/Avvisade") == 1)
    }

    @Test func theSameCorrectionDeliveredTwiceChangesOnce() async throws {
        let (world, daemon, ack) = try await Self.reported()
        let fix = try Self.reply(id: "fix", to: ack, body: "Rätta EST-2018-000001\nBedömning: 3")
        await world.mailbox.deliver(fix)
        await world.mailbox.deliver(fix + Array("\r\n".utf8))
        _ = await daemon.cycle()
        #expect(try world.store.history(of: "EST-2018-000001").count == 2)
        #expect(await world.smtp.accepted.count == 2, "one acknowledgment, one confirmation")
    }

    @Test func aBareCommandThatAnswersNothingOfOursIsRefused() async throws {
        let (world, daemon, _) = try await Self.reported()
        await world.mailbox.deliver(try Self.reply(id: "bare", to: nil, body: "Återkalla"))
        _ = await daemon.cycle()
        #expect(try world.store.incidents(IncidentQuery()).map(\.state) == [.active])
        #expect(try Self.text(#require(await world.smtp.accepted.last)).contains("fungerar bara som svar på en kvittens"))
    }

    @Test func theSameEventFromTwoColleaguesGetsTheHint() async throws {
        let (world, daemon, _) = try await Self.reported()
        await world.mailbox.deliver(LogicWorld.report(id: "two", from: "erik.berg@mimer.example", place: "Råbyvägen 12"))
        _ = await daemon.cycle()
        let second = try Self.text(#require(await world.smtp.accepted.last))
        #expect(second.contains("EST-2018-000002 liknar EST-2018-000001"), "\(second)")
        #expect(second.contains("Återkalla EST-2018-000002"))
        #expect(try world.store.incidents(IncidentQuery()).count == 2, "stored all the same")
    }

    @Test func anotherPlaceOnTheSameDayGetsNoHint() async throws {
        let (world, daemon, _) = try await Self.reported()
        await world.mailbox.deliver(LogicWorld.report(id: "two", from: "erik.berg@mimer.example", place: "Hammarbyvägen 3"))
        _ = await daemon.cycle()
        let second = try Self.text(#require(await world.smtp.accepted.last))
        #expect(!second.contains("liknar"), "\(second)")
    }
}
