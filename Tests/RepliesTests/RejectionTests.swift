import Domain
import Foundation
import Intake
import MIME
import Reports
import Storage
import Testing

@testable import Replies

@Suite struct RejectionTests {
    @Test func rejectionListsEveryErrorAndAnExample() async throws {
        let gateway = try await Gateway()
        let (stored, outcome) = try gateway.ingest(try Support.corpusMessage("35"))
        #expect(outcome.result.status == .rejected)
        guard case .stored(_, let references) = stored else { Issue.record("not stored"); return }
        #expect(references.isEmpty)
        let report = try #require(outcome.report)
        #expect(report.errors.count == 2)

        let reply = try #require(try gateway.outbox().first)
        #expect(reply.item.key.rawValue == "rejection:anna.lind@mimer.example:missingField:2018-09-07")
        #expect(reply.subject == "Re: EST v.36 Raby – Kunde inte registreras")
        #expect(reply.message.messageID?.hasPrefix("<reject.") == true)
        #expect(reply.message.messageID?.hasSuffix("@est.vasteras.example>") == true)
        #expect(reply.header("In-Reply-To") == outcome.result.messageID)
        #expect(reply.header("Auto-Submitted") == "auto-replied")

        let text = reply.text
        #expect(text.contains("kunde inte registreras. Ingenting har sparats."))
        #expect(text.contains("Ett enda fel gör att hela mejlet avvisas"))
        #expect(text.contains("De 2 felen:"))
        #expect(text.contains("1. Händelse 2, fältet Plats, rad 9: Fältet Plats saknas eller är tomt"))
        #expect(text.contains("2. Händelse 2, fältet Kategori, rad 11: "))
        for error in report.errors {
            #expect(text.contains(error.message(.swedish).capitalisedFirstForTest))
            if let expected = error.expected(.swedish) { #expect(text.contains("Förväntat: \(expected)")) }
        }
        #expect(text.contains(ReportGuide.example(gateway.settings.catalog, language: .swedish)))
        // First contact: the guide comes along.
        #expect(text.contains("SÅ RAPPORTERAR DU TILL EST"))

        let html = try #require(reply.html)
        #expect(html.contains("<ol"))
        #expect(html.contains("Händelse 2, fältet Kategori, rad 11:"))
        #expect(html.contains("<pre"))
    }

    @Test func secondRejectionForTheSameReasonTheSameDayIsHeld() async throws {
        let gateway = try await Gateway()
        let broken = Support.reportBody.replacingOccurrences(of: "Kategori: graffiti, krossad ruta\n", with: "")
        try gateway.ingest(Support.mail(body: broken))
        try gateway.ingest(Support.mail(subject: "Nytt försök", body: broken + "\n"))
        #expect(try gateway.outbox().count == 1)
        #expect(
            gateway.log.last == .held(HeldReply(recipient: "anna.lind@mimer.example", kind: .rejection, reason: .rejectionAlreadySentToday))
        )
        if let held = try gateway.heldReplies() {
            #expect(held == ["anna.lind@mimer.example|rejection|rejection-already-sent-today"])
        }

        // Another reason the same day is answered.
        try gateway.ingest(Support.mail(body: Support.reportBody.replacingOccurrences(of: "Raby", with: "Narnia")))
        #expect(try gateway.outbox().count == 2)
        #expect(try gateway.outbox().last?.item.key.rawValue == "rejection:anna.lind@mimer.example:unknownArea:2018-09-07")

        // The same reason the next day is answered too.
        try gateway.ingest(Support.mail(body: broken + "\n\n"), now: Support.now.addingTimeInterval(86_400))
        #expect(try gateway.outbox().count == 3)
        #expect(try gateway.outbox().last?.item.key.rawValue == "rejection:anna.lind@mimer.example:missingField:2018-09-08")
    }

    @Test func helpRequestGetsTheGuide() async throws {
        let gateway = try await Gateway()
        let (_, outcome) = try gateway.ingest(try Support.corpusMessage("49"))
        #expect(outcome.report?.isHelpRequest == true)
        let sent = try gateway.outbox()
        #expect(sent.count == 1)
        let reply = try #require(sent.first)
        #expect(reply.item.key.rawValue.hasPrefix("reply:mimer:<"))
        #expect(reply.subject == "Re: hjälp – Så rapporterar du till EST")
        #expect(reply.message.messageID?.hasPrefix("<guide.") == true)
        let text = reply.text
        #expect(text.contains("Här kommer en kort guide"))
        #expect(text.contains(ReportGuide.example(gateway.settings.catalog, language: .swedish)))
        #expect(text.contains(ReportGuide.fieldList(language: .swedish)))
        for category in gateway.settings.catalog.categories {
            #expect(text.contains(category.code))
            #expect(text.contains(category.name))
            for synonym in category.synonyms { #expect(text.contains(synonym)) }
        }
        #expect(text.contains("Inga händelser"))
        #expect(!text.contains("kunde inte registreras"))
        // Sent once, not twice (no appended copy).
        #expect(text.components(separatedBy: "SÅ RAPPORTERAR DU TILL EST").count == 2)
        let html = try #require(reply.html)
        #expect(html.contains("<td style=\"vertical-align:top;padding:3px 16px 3px 0;font-family:Consolas,Menlo,monospace\">KLOT</td>"))
    }

    @Test func englishRejection() async throws {
        let gateway = try await Gateway()
        let body = "Area: Nowhere\nPlace: Gate 4\nDate: 2018-09-05\nCategory: graffiti\nDescription: Tags.\n"
        try gateway.ingest(Support.mail(from: "vakt7@vasteras.nordicguard.example", subject: "Incident", body: body))
        let reply = try #require(try gateway.outbox().first)
        #expect(reply.subject == "Re: Incident – Could not be registered")
        #expect(reply.text.contains("Nothing has been stored."))
        #expect(reply.text.contains("A single error rejects the whole e-mail"))
        #expect(reply.text.contains("Incident 1, field Område, line 1: Unknown area \"Nowhere\""))
        #expect(reply.text.contains("Expected: an area from the list of EST areas"))
        #expect(reply.text.contains(ReportGuide.example(gateway.settings.catalog, language: .english)))
    }
}
