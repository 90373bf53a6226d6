import Domain
import Foundation
import Intake
import MIME
import Reports
import Storage
import Testing

@testable import Replies

@Suite struct ReplyRulesTests {
    @Test(arguments: [
        "60",  // unknown sender
        "61",  // unknown subdomain
        "50",  // Exchange out-of-office
        "52",  // Sieve vacation
        "56",  // bounce of our acknowledgment
        "58",  // our own mail coming back
        "59",  // list mail
        "62",  // From with two addresses
    ])
    func noReplyToMailThatMayNotBeAnswered(_ fixture: String) async throws {
        let gateway = try await Gateway()
        let (stored, _) = try gateway.ingest(try Support.corpusMessage(fixture))
        #expect(!stored.isDuplicate)
        #expect(try gateway.outbox().isEmpty)
    }

    @Test func noReplyToForgedMail() async throws {
        let gateway = try await Gateway(environment: ["AUTHENTICATION_AUTHSERV_ID": "mx.vasteras.example"])
        for fixture in ["69", "70"] {
            let (_, outcome) = try gateway.ingest(try Support.corpusMessage(fixture))
            #expect(outcome.result.status == .quarantined)
            #expect(outcome.result.reason == "authentication-failed")
        }
        #expect(try gateway.outbox().isEmpty)
        if case .none(let reason)? = gateway.log.last { #expect(reason == "no-reply-address") }
    }

    @Test func noReplyToSystemMailWithoutHumanContact() async throws {
        let gateway = try await Gateway(organisations: { orgs in
            orgs.map {
                var o = $0; if o.id == "mimer" { o.contact = nil }; return o
            }
        })
        let raw = Support.mail(
            from: "Mimer Larm <larm@mimer.example>", extra: ["Auto-Submitted: auto-generated"],
            body: Support.reportBody)
        let (_, outcome) = try gateway.ingest(raw)
        // Stored as a report (§2 A) but not answered (§2 B).
        #expect(outcome.result.status == .accepted)
        #expect(outcome.classification?.replyTo == nil)
        #expect(try gateway.outbox().isEmpty)
        #expect(gateway.log.last == .none(reason: "no-reply-address"))
    }

    @Test func theSameReportTwiceIsAnsweredOnce() async throws {
        let gateway = try await Gateway()
        let raw = Support.mail(messageID: "<same@mimer.example>", body: Support.reportBody)
        // The same bytes again (a redelivery), and a copy with other bytes but the same Message-ID
        // (delivered to two watched addresses).
        let copy = Support.mail(messageID: "<same@mimer.example>", extra: ["X-Copy: 2"], body: Support.reportBody)
        let first = try gateway.ingest(raw)
        let second = try gateway.ingest(raw)
        let third = try gateway.ingest(copy)
        #expect(!first.stored.isDuplicate)
        #expect(second.stored.isDuplicate)
        #expect(third.stored.isDuplicate)
        let sent = try gateway.outbox()
        #expect(sent.count == 1)
        #expect(sent.first?.item.key.rawValue == "reply:mimer:<same@mimer.example>")
    }

    @Test func aReplyKeyAlreadyQueuedIsNotQueuedAgain() async throws {
        let gateway = try await Gateway()
        try gateway.ingest(Support.mail(messageID: "<k@mimer.example>", body: Support.reportBody))
        // Another organisation's message under the same Message-ID is a different key.
        try gateway.ingest(
            Support.mail(
                from: "butik@ica-backby.example", messageID: "<k@mimer.example>",
                body: "Inga händelser denna vecka"))
        let keys = try gateway.outbox().map(\.item.key.rawValue)
        #expect(keys == ["reply:mimer:<k@mimer.example>", "reply:ica-backby:<k@mimer.example>"])
    }

    @Test func recipientCapHoldsFurtherReplies() async throws {
        let gateway = try await Gateway(capPerRecipient: 2, capPerHour: 100)
        for n in 1...3 {
            try gateway.ingest(Support.mail(body: Support.reportBody.replacingOccurrences(of: "ca 5", with: "ca \(n)")))
        }
        #expect(try gateway.outbox().count == 2)
        #expect(gateway.log.last == .held(HeldReply(recipient: "anna.lind@mimer.example", kind: .ack, reason: .recipientCap)))
        if let held = try gateway.heldReplies() { #expect(held == ["anna.lind@mimer.example|ack|recipient-cap"]) }
        // Someone else is still answered.
        try gateway.ingest(Support.mail(from: "jonas.berg@mimer.example", body: Support.reportBody))
        #expect(try gateway.outbox().count == 3)
    }

    @Test func hourlyCapHoldsEveryoneElse() async throws {
        let gateway = try await Gateway(capPerRecipient: 10, capPerHour: 2)
        for sender in ["a@mimer.example", "b@mimer.example", "c@mimer.example"] {
            try gateway.ingest(Support.mail(from: sender, body: Support.reportBody))
        }
        #expect(try gateway.outbox().count == 2)
        #expect(gateway.log.last == .held(HeldReply(recipient: "c@mimer.example", kind: .ack, reason: .hourlyCap)))
        if let held = try gateway.heldReplies() { #expect(held == ["c@mimer.example|ack|hourly-cap"]) }
    }

    @Test func headerInjectionThroughTheSubjectIsStripped() async throws {
        let gateway = try await Gateway()
        // An encoded word decodes to CR LF: the reader's subject really holds a line break.
        let evil = "EST v.36\r\nBcc: victim@example.com\r\nX-Evil: 1"
        let encoded = "=?UTF-8?B?" + Data(evil.utf8).base64EncodedString() + "?="
        let (_, outcome) = try gateway.ingest(Support.mail(subject: encoded, body: Support.reportBody))
        #expect(outcome.message?.subject?.contains("\n") == true)
        let reply = try #require(try gateway.outbox().first)
        #expect(reply.header("Bcc") == nil)
        #expect(reply.header("X-Evil") == nil)
        #expect(!reply.rawText.contains("\r\nBcc:"))
        #expect(!reply.rawText.contains("\nBcc:"))
        #expect(reply.subject == "Re: EST v.36 Bcc: victim@example.com X-Evil: 1 – Mottagen [EST-2018-000001]")
        #expect(AddressList.parse(reply.header("To") ?? "")?.count == 1)
    }

    @Test func linesStayShortWhateverPeopleWrite() async throws {
        let gateway = try await Gateway()
        let long = String(repeating: "Mycket lång beskrivning utan radbrytning, med å ä ö och = tecken. ", count: 40)
        let body = Support.reportBody.replacingOccurrences(
            of: "Beskrivning: Nytt klotter i trapphuset och en krossad ruta.",
            with: "Beskrivning: \(long)")
        let subject = "EST v.36 " + String(repeating: "Råby ", count: 60)
        let (_, outcome) = try gateway.ingest(Support.mail(subject: subject, body: body))
        #expect(outcome.result.status == .accepted)
        let reply = try #require(try gateway.outbox().first)
        for line in reply.rawLines { #expect(line.utf8.count <= 998) }
        for line in reply.headerLines { #expect(line.utf8.count <= 78, "\(line)") }
        // Bodies are quoted-printable: 76 octets at most.
        let bodyLines = reply.rawLines.drop { !$0.isEmpty }
        for line in bodyLines { #expect(line.utf8.count <= 76, "\(line)") }
        #expect(reply.text.contains(long.trimmingCharacters(in: .whitespaces)))
        // The subject is cut to a readable length.
        #expect(reply.subject.count < 140)
        #expect(reply.subject.hasSuffix("– Mottagen [EST-2018-000001]"))
    }

    @Test func reporterTextIsEscapedInHTML() async throws {
        let gateway = try await Gateway()
        let body = Support.reportBody.replacingOccurrences(
            of: "Beskrivning: Nytt klotter i trapphuset och en krossad ruta.",
            with: "Beskrivning: <script>alert(1)</script> & <img src=x onerror=y> \"citat\"")
        try gateway.ingest(Support.mail(subject: "<b>EST</b>", body: body))
        let reply = try #require(try gateway.outbox().first)
        let html = try #require(reply.html)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>EST"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=y&gt; &quot;citat&quot;"))
        // The text part shows it as written.
        #expect(reply.text.contains("<script>alert(1)</script> & <img src=x onerror=y> \"citat\""))
    }

    @Test func theRejectionDayIsTheLocalDate() async throws {
        let gateway = try await Gateway()
        let broken = Support.reportBody.replacingOccurrences(of: "Kategori: graffiti, krossad ruta\n", with: "")
        // 23:30 UTC on 7 September is 01:30 on 8 September in Stockholm.
        let lateEvening = Date(timeIntervalSince1970: 1_536_363_000)
        try gateway.ingest(Support.mail(body: broken), now: lateEvening)
        #expect(try gateway.outbox().first?.item.key.rawValue == "rejection:anna.lind@mimer.example:missingField:2018-09-08")
    }

    @Test func subjectsDoNotDoubleReplyPrefixes() async throws {
        let gateway = try await Gateway()
        try gateway.ingest(Support.mail(subject: "SV: Re: EST v.36 – Mottagen [EST-2018-000009]", body: Support.reportBody))
        try gateway.ingest(Support.mail(subject: nil, body: Support.reportBody + "\n"))
        try gateway.ingest(Support.mail(subject: "   ", body: Support.reportBody + "\n\n"))
        let subjects = try gateway.outbox().map(\.subject)
        #expect(
            subjects == [
                "Re: EST v.36 – Mottagen [EST-2018-000001]",
                "Re: Mottagen [EST-2018-000002]",
                "Re: Mottagen [EST-2018-000003]",
            ])
    }

    @Test func templatesDirectoryOverrideIsUsed() async throws {
        let dir = try Support.copyTemplates()
        let ack = dir.appendingPathComponent("sv/ack.mustache")
        let original = try String(contentsOf: ack, encoding: .utf8)
        try ("ÖVERSTYRD MALL {{references}}\n" + original).write(to: ack, atomically: true, encoding: .utf8)
        let gateway = try await Gateway(templates: dir.path)
        try gateway.ingest(Support.mail(body: Support.reportBody))
        let reply = try #require(try gateway.outbox().first)
        #expect(reply.text.hasPrefix("ÖVERSTYRD MALL EST-2018-000001\n"))
    }
}

@Suite struct TemplateLoadingTests {
    func settings(_ dir: String) -> ReplySettings {
        ReplySettings(
            identity: .init(instanceName: "t", address: "est@example.org", messageIDDomain: "example.org"),
            templatesDirectory: dir)
    }

    @Test func missingTemplateNamesTheFile() throws {
        let dir = try Support.copyTemplates()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("en/zero.html.mustache"))
        #expect(throws: ReplyTemplateError.missingTemplate(file: dir.appendingPathComponent("en/zero.html.mustache").path)) {
            try ReplyPlanner(settings: settings(dir.path), catalog: Catalog(areas: [], categories: []), organisations: [])
        }
    }

    @Test func brokenTemplateNamesTheFileAndLine() throws {
        let dir = try Support.copyTemplates()
        let file = dir.appendingPathComponent("sv/rejection.mustache")
        try "Hej!\n\n{{#errors}}\n{{message}}\n{{/warnings}}\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try ReplyPlanner(settings: settings(dir.path), catalog: Catalog(areas: [], categories: []), organisations: [])
            Issue.record("a broken template was accepted")
        } catch let error as ReplyTemplateError {
            #expect(error.file == file.path)
            if case .syntax(_, let line, _, _) = error { #expect(line == 5) } else { Issue.record("\(error)") }
            #expect(error.description.contains("rejection.mustache"))
        }
    }

    @Test func emptyTemplateIsRefused() throws {
        let dir = try Support.copyTemplates()
        let file = dir.appendingPathComponent("sv/guide.html.mustache")
        try "  \n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ReplyTemplateError.rendersEmpty(file: file.path)) {
            try ReplyPlanner(settings: settings(dir.path), catalog: Catalog(areas: [], categories: []), organisations: [])
        }
    }

    @Test func missingFolderIsRefused() throws {
        let dir = try Support.temporaryDirectory().appendingPathComponent("nothing").path
        #expect(throws: ReplyTemplateError.missingDirectory(path: dir)) {
            try ReplyPlanner(settings: settings(dir), catalog: Catalog(areas: [], categories: []), organisations: [])
        }
    }

    @Test func shippedTemplatesLoad() throws {
        _ = try ReplyPlanner(settings: settings(Support.templates), catalog: Catalog(areas: [], categories: []), organisations: [])
    }
}
