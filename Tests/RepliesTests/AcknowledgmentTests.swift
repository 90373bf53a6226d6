import Domain
import Foundation
import Intake
import MIME
import Reports
import Storage
import Testing

@testable import Replies

@Suite struct AcknowledgmentTests {
    @Test func acceptedReportGetsOneAcknowledgmentWithTheReplyHeaders() async throws {
        let gateway = try await Gateway()
        let raw = Support.mail(
            messageID: "<report-1@mimer.example>",
            extra: ["References: <older-1@mimer.example>,\r\n <older-2@mimer.example>"],
            body: Support.reportBody)
        let (stored, outcome) = try gateway.ingest(raw)
        guard case .stored(_, let references) = stored else { Issue.record("not stored: \(stored)"); return }
        #expect(outcome.result.status == .accepted)
        #expect(references.count == 1)
        let reference = try #require(references.first)

        let sent = try gateway.outbox()
        #expect(sent.count == 1)
        let reply = try #require(sent.first)
        #expect(reply.item.key.rawValue == "reply:mimer:<report-1@mimer.example>")
        #expect(reply.item.recipient == "anna.lind@mimer.example")

        // Exactly one recipient, no Cc, from our own address.
        let to = try #require(reply.header("To"))
        #expect(AddressList.parse(to)?.map(\.address) == ["anna.lind@mimer.example"])
        #expect(reply.header("Cc") == nil)
        #expect(reply.header("Bcc") == nil)
        #expect(reply.message.from?.first?.address == "est@vasteras.example")

        // RFC 3834 and our loop header.
        #expect(reply.header("In-Reply-To") == "<report-1@mimer.example>")
        #expect(reply.message.references == ["<older-1@mimer.example>", "<older-2@mimer.example>", "<report-1@mimer.example>"])
        #expect(reply.header("References")?.contains(",") == false)
        #expect(reply.header("Auto-Submitted") == "auto-replied")
        #expect(reply.header("X-Auto-Response-Suppress") == "All")
        #expect(reply.header("Precedence") == "auto_reply")
        #expect(reply.header("X-EST-Gateway-Loop") == "est-vasteras")

        // Our Message-ID says what it answers.
        let id = try #require(reply.message.messageID)
        #expect(id.hasPrefix("<ack.\(reference)."))
        #expect(id.hasSuffix("@est.vasteras.example>"))
        let random = id.dropFirst("<ack.\(reference).".count).prefix { $0 != "@" }
        #expect(random.count >= 12)
        #expect(random.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) })

        #expect(reply.subject == "Re: EST v.36 Råby – Mottagen [\(reference)]")
        #expect(reply.message.root.contentType.mimeType == "multipart/alternative")
    }

    @Test func acknowledgmentListsTheFieldsAsRead() async throws {
        let gateway = try await Gateway()
        try gateway.ingest(Support.mail(body: Support.reportBody))
        let reply = try #require(try gateway.outbox().first)
        let text = reply.text
        let reference = "EST-2018-000001"
        #expect(text.contains("Händelsen är registrerad med referensnumret \(reference)."))
        #expect(text.contains("Händelse 1 – \(reference)"))
        // Normalised: area name for "Raby", ISO date for "3/9", the part of the day, category names and codes.
        #expect(text.contains("Område:         Råby"))
        #expect(text.contains("Datum:          2018-09-03"))
        #expect(text.contains("Tid:            kväll (18–24)"))
        #expect(text.contains("Plats:          Råbyvägen 12, trapphus B"))
        #expect(text.contains("Kategori:       Klotter (KLOT), Skadegörelse (SKAD)"))
        #expect(text.contains("Antal personer: 5"))
        #expect(text.contains("Bedömning:      2 (medel)"))
        #expect(text.contains("Polisanmält:    nej"))
        #expect(!text.contains("Personuppgifter borttagna"))

        // The HTML alternative carries the same content in a table, with inline CSS only.
        let html = try #require(reply.html)
        #expect(html.contains("<table"))
        #expect(
            html.contains(
                ">Kategori</th><td style=\"vertical-align:top;padding:3px 0;white-space:pre-line\">Klotter (KLOT), Skadegörelse (SKAD)</td>"
            ))
        #expect(html.contains(reference))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("src="))
    }

    @Test func firstContactGetsTheGuideAppendedOnlyOnce() async throws {
        let gateway = try await Gateway()
        try gateway.ingest(Support.mail(body: Support.reportBody))
        try gateway.ingest(Support.mail(body: Support.reportBody.replacingOccurrences(of: "ca 5", with: "ca 6")))
        let sent = try gateway.outbox()
        #expect(sent.count == 2)
        #expect(sent[0].text.contains("Det här är första gången vi skriver till dig"))
        #expect(sent[0].text.contains("SÅ RAPPORTERAR DU TILL EST"))
        #expect(sent[0].text.contains("KLOT  Klotter – även: graffiti, tag, tags, taggning, sprayat"))
        #expect(sent[0].html?.contains("Så rapporterar du till EST") == true)
        #expect(sent[0].html?.components(separatedBy: "</body>").count == 2)
        #expect(!sent[1].text.contains("SÅ RAPPORTERAR DU TILL EST"))
        #expect(sent[1].html?.contains("Mall att kopiera") == false)
        // The guide follows the acknowledgment, it does not replace it.
        #expect(sent[1].text.contains("EST-2018-000002"))
    }

    @Test func severalIncidentsAreListedInOrderWithAShortSubject() async throws {
        let gateway = try await Gateway()
        let body = """
            Område: Råby
            Plats: Råbyvägen 1
            Datum: 2018-09-03
            Kategori: Klotter
            Beskrivning: Ett.
            ---
            Område: Hammarby
            Plats: Hammarby centrum
            Datum: 2018-09-04
            Tid: 21:30-23
            Kategori: bråk
            Beskrivning: Två.
            Koordinater: 59.6162, 16.5528
            ---
            Område: Skälby
            Plats: Skälby gård
            Datum: 2018-09-05
            Kategori: Nedskräpning
            Beskrivning: Tre.
            Återkommande: ja
            """
        try gateway.ingest(Support.mail(subject: "EST v.36", body: body))
        try gateway.ingest(
            Support.mail(subject: "EST v.36 igen", body: body.components(separatedBy: "---\n").prefix(2).joined(separator: "---\n")))
        let sent = try gateway.outbox()
        #expect(sent.count == 2)
        #expect(sent[0].subject == "Re: EST v.36 – Mottagen [EST-2018-000001 … EST-2018-000003]")
        #expect(sent[1].subject == "Re: EST v.36 igen – Mottagen [EST-2018-000004, EST-2018-000005]")
        let text = sent[0].text
        #expect(text.contains("De 3 händelserna är registrerade med referensnumren EST-2018-000001, EST-2018-000002, EST-2018-000003."))
        let positions = ["Händelse 1 – EST-2018-000001", "Händelse 2 – EST-2018-000002", "Händelse 3 – EST-2018-000003"]
            .map { text.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(text.contains("Tid:          21:30–23:00"))
        #expect(text.contains("Koordinater:  59.6162, 16.5528"))
        #expect(text.contains("Område:       Bäckby/Skälby"))
        #expect(text.contains("Återkommande: ja"))
        #expect(sent[0].message.messageID?.hasPrefix("<ack.EST-2018-000001.") == true)
    }

    @Test func redactionIsAnnounced() async throws {
        let gateway = try await Gateway()
        try gateway.ingest(try Support.corpusMessage("40"))
        let reply = try #require(try gateway.outbox().first)
        #expect(reply.text.contains("Personuppgifter borttagna"))
        #expect(reply.text.contains("[borttaget]"))
        #expect(reply.html?.contains("Personuppgifter borttagna") == true)
    }

    @Test func warningsAreShownWithTheirPlace() async throws {
        let gateway = try await Gateway()
        let (_, outcome) = try gateway.ingest(try Support.corpusMessage("36"))
        let report = try #require(outcome.report)
        #expect(!report.warnings.isEmpty)
        let reply = try #require(try gateway.outbox().first)
        for warning in report.warnings {
            #expect(reply.text.contains(warning.message(.swedish).capitalisedFirstForTest))
        }
        #expect(reply.text.contains("Observera:"))
    }

    @Test func multiLineFreeTextStaysReadable() async throws {
        let gateway = try await Gateway()
        let (_, outcome) = try gateway.ingest(try Support.corpusMessage("74"))
        #expect(outcome.result.status == .accepted)
        let incident = try #require(outcome.result.incidents.first)
        let reply = try #require(try gateway.outbox().first)
        let lines = incident.description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 1)
        // Continuation lines are indented under the value.
        if let second = lines.dropFirst().first(where: { !$0.isEmpty }) {
            #expect(reply.text.contains("\n" + String(repeating: " ", count: 3)))
            #expect(reply.text.contains(String(second)))
        }
        #expect(reply.html?.contains("white-space:pre-line") == true)
    }

    @Test func zeroReportGetsAShortAcknowledgment() async throws {
        let gateway = try await Gateway()
        let (_, outcome) = try gateway.ingest(try Support.corpusMessage("19"))
        #expect(outcome.result.zeroReport)
        let reply = try #require(try gateway.outbox().first)
        #expect(reply.item.key.rawValue.hasPrefix("reply:ica-backby:"))
        #expect(reply.subject == "Re: EST v.36 Bäckby – Nollrapport mottagen")
        #expect(reply.message.messageID?.hasPrefix("<zero.2018-W36.") == true)
        #expect(reply.text.contains("Nollrapporten från ICA Bäckby för vecka 36 (2018-09-03 – 2018-09-09) är mottagen"))
    }

    @Test func englishOrganisationIsAnsweredInEnglish() async throws {
        let gateway = try await Gateway()
        let (_, outcome) = try gateway.ingest(try Support.corpusMessage("47"))
        #expect(outcome.result.organisation == "nordic-guard")
        let reply = try #require(try gateway.outbox().first)
        #expect(reply.subject.hasPrefix("Re: Incident Skalby – Received [EST-2018-"))
        #expect(reply.text.contains("Thank you for the report from Nordic Guard Security."))
        #expect(reply.text.contains("Area:"))
        #expect(reply.text.contains("HOW TO REPORT TO EST"))
        #expect(!reply.text.contains("Tack för rapporten"))
        #expect(reply.message.from?.first?.displayName == "EST reporting")
        #expect(reply.html?.contains("lang=\"en\"") == true)
    }

    @Test func systemGeneratedReportIsAnsweredToTheHumanContact() async throws {
        let gateway = try await Gateway()
        let (_, outcome) = try gateway.ingest(try Support.corpusMessage("48"))
        #expect(outcome.result.status == .accepted)
        let reply = try #require(try gateway.outbox().first)
        #expect(reply.item.recipient == "trygghet@mimer.example")
        #expect(AddressList.parse(reply.header("To") ?? "")?.map(\.address) == ["trygghet@mimer.example"])
        #expect(reply.subject.hasPrefix("Re: Larm: inbrott källarförråd Nordanbygärdet 28 – Mottagen [EST-2018-"))
    }

    @Test func policeReportingForAnotherOrganisationIsAnsweredToThePolice() async throws {
        let gateway = try await Gateway()
        let (_, outcome) = try gateway.ingest(try Support.corpusMessage("39"))
        #expect(outcome.result.organisation == "rabyskolan")
        let reply = try #require(try gateway.outbox().first)
        #expect(reply.item.recipient == "kommunpolis@polisen.example")
        #expect(reply.text.contains("från Polisen Västerås"))
    }

    @Test func messageWithoutMessageIDIsKeyedByRow() async throws {
        let gateway = try await Gateway()
        let (stored, outcome) = try gateway.ingest(try Support.corpusMessage("64"))
        #expect(outcome.result.messageID == nil)
        guard case .stored(let row, _) = stored else { Issue.record("not stored"); return }
        let reply = try #require(try gateway.outbox().first)
        #expect(reply.item.key.rawValue == "reply:row:\(row)")
        #expect(reply.header("In-Reply-To") == nil)
        #expect(reply.header("References") == nil)
        #expect(reply.header("Auto-Submitted") == "auto-replied")
    }
}

extension String {
    var capitalisedFirstForTest: String {
        guard let f = first else { return self }
        return f.uppercased() + dropFirst()
    }
}
