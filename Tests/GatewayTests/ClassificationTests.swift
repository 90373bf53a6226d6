import Classification
import Domain
import MIME
import MailServerHarness
import Testing

@Suite struct ClassificationTests {
    static let organisations = [
        Organisation(id: "mimer", name: "Mimer", domains: ["mimer.example"], contact: "trygghet@mimer.example"),
        Organisation(id: "skola", name: "Skolan", addresses: ["rektor@skolan.example"]),
        Organisation(id: "guard", name: "Guard", domains: ["*.guard.example"]),
    ]
    let classifier = MailClassifier(identity: TestSupport.identity, organisations: organisations, authservID: nil)

    func classify(_ headers: [String], body: String = TestSupport.reportBody, hasFields: Bool = true) throws -> Classification {
        try classifier.classify(TestSupport.message(headers, body: body), bodyHasFieldLines: hasFields)
    }

    func ignored(_ c: Classification) -> IgnoreReason? {
        if case .ignored(let r) = c.disposition { return r }
        return nil
    }

    let base = ["From: Anna <anna@mimer.example>", "To: est@vasteras.example", "Subject: EST v.36", "Message-ID: <1@mimer.example>"]

    @Test func registeredSenderIsAReportAndAnsweredAtItsAddress() throws {
        let c = try classify(base)
        guard case .report(let organisation, let sender) = c.disposition else { Issue.record("\(c.disposition)"); return }
        #expect(organisation.id == "mimer")
        #expect(sender == "anna@mimer.example")
        #expect(c.replyTo == "anna@mimer.example")
    }

    @Test func senderMatching() {
        let registry = SenderRegistry(Self.organisations)
        #expect(registry.organisation(for: "REKTOR@Skolan.example")?.id == "skola")
        #expect(registry.organisation(for: "other@skolan.example") == nil)
        #expect(registry.organisation(for: "x@sub.mimer.example") == nil, "a plain domain does not cover subdomains")
        #expect(registry.organisation(for: "x@vasteras.guard.example")?.id == "guard")
        #expect(registry.organisation(for: "x@guard.example")?.id == "guard")
        #expect(registry.organisation(for: "x@evilguard.example") == nil)
    }

    @Test func unknownSenderIsIgnored() throws {
        #expect(ignored(try classify(["From: someone@elsewhere.example", "Subject: hej"])) == .unknownSender)
    }

    @Test func autoRepliesAreIgnored() throws {
        #expect(ignored(try classify(base + ["Auto-Submitted: auto-replied"])) == .autoReply)
        #expect(ignored(try classify(base + ["X-Autoreply: yes"])) == .autoReply)
        #expect(ignored(try classify(base + ["X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent"])) == .autoReply)
        // An out-of-office subject counts with another signal, or without field lines.
        let oof = ["From: anna@mimer.example", "Subject: Autosvar: EST v.36"]
        #expect(ignored(try classify(oof + ["Precedence: bulk"])) == .autoReply)
        #expect(ignored(try classify(oof, body: "Jag är på semester.", hasFields: false)) == .autoReply)
        #expect(ignored(try classify(oof)) == nil, "a report with an odd subject is still a report")
    }

    @Test func exchangeSuppressHeaderAloneIsOrdinaryMail() throws {
        let c = try classify(base + ["X-Auto-Response-Suppress: All"])
        #expect(ignored(c) == nil)
        #expect(c.replyTo == "anna@mimer.example")
    }

    @Test func systemGeneratedReportIsStoredButOnlyTheContactIsAnswered() throws {
        let c = try classify(["From: larm@mimer.example", "Auto-Submitted: auto-generated", "Subject: Larm"])
        guard case .report = c.disposition else { Issue.record("\(c.disposition)"); return }
        #expect(c.replyTo == "trygghet@mimer.example")
        let noContact = try classify(["From: system@x.guard.example", "Precedence: bulk", "Subject: Rapport"])
        guard case .report = noContact.disposition else { Issue.record("\(noContact.disposition)"); return }
        #expect(noContact.replyTo == nil)
        let noreply = try classify(["From: no-reply@mimer.example", "Subject: Rapport"])
        #expect(noreply.replyTo == "trygghet@mimer.example")
    }

    @Test func listMailAndOwnMail() throws {
        #expect(ignored(try classify(base + ["List-Id: <trygghet.lists.example>"])) == .list)
        #expect(ignored(try classify(["From: est@vasteras.example", "Subject: x"])) == .ownMail)
        #expect(ignored(try classify(base + ["X-EST-Gateway-Loop: est-test"])) == .ownMail)
        #expect(
            ignored(try classify(["From: anna@mimer.example", "Message-ID: <ack.EST-2018-000001.x@est.vasteras.example>"])) == .ownMail)
    }

    @Test func aReplyToUsIsAReportUnlessAutomatic() throws {
        let reply = base + ["In-Reply-To: <ack.EST-2018-000001.abc@est.vasteras.example>"]
        #expect(ignored(try classify(reply)) == nil)
        #expect(ignored(try classify(reply + ["Precedence: bulk"])) == .autoReply)
    }

    @Test func bounceComesFirstAmongReasons() throws {
        // A bounce from the mailer daemon that also looks like list mail: bounce wins (§2 order).
        let c = try classify(["From: MAILER-DAEMON@mx.example", "List-Id: <x>", "Subject: Undelivered"], body: "x")
        #expect(ignored(c) == .bounce)
        #expect(ignored(try classify(["From: anna@mimer.example", "Return-Path: <>", "Subject: x"])) == .bounce)
    }

    @Test func deliveryStatusNotificationIsLinkedToOurMail() throws {
        let raw = DeliveryStatusMail.bounce(of: "<ack.EST-2018-000123.k3j@est.vasteras.example>", recipient: "nobody@mimer.example")
        let message = try MailMessage.parse(raw)
        let c = classifier.classify(message, bodyHasFieldLines: false)
        #expect(ignored(c) == .bounce)
        let bounce = try #require(c.bounce)
        #expect(bounce.originalMessageIDs == ["<ack.EST-2018-000123.k3j@est.vasteras.example>"])
        #expect(bounce.recipients.count == 1)
        #expect(bounce.recipients.first?.address == "nobody@mimer.example")
        #expect(bounce.recipients.first?.status == "5.1.1")
        #expect(bounce.recipients.first?.isPermanent == true)
    }

    @Test func badFromIsQuarantined() throws {
        for from in ["From: anna@mimer.example, bo@mimer.example", "From: <<<>>>", "X-No-From: 1"] {
            let c = try classify([from, "Subject: x"])
            guard case .quarantined(let reason, _) = c.disposition else { Issue.record("\(from): \(c.disposition)"); continue }
            #expect(reason == .badFrom)
            #expect(c.replyTo == nil)
        }
    }

    @Test func authenticationResultsFromOurServerOnly() throws {
        let checked = MailClassifier(identity: TestSupport.identity, organisations: Self.organisations, authservID: "mx.vasteras.example")
        func disposition(_ extra: [String]) throws -> Classification.Disposition {
            checked.classify(try TestSupport.message(extra + base, body: TestSupport.reportBody), bodyHasFieldLines: true).disposition
        }
        func passes(_ extra: [String]) throws -> Bool {
            if case .report = try disposition(extra) { return true }
            return false
        }
        #expect(try passes(["Authentication-Results: mx.vasteras.example; dmarc=pass header.from=mimer.example"]))
        #expect(try passes(["Authentication-Results: mx.vasteras.example 1; dkim=pass (good sig) header.d=mail.mimer.example; spf=fail"]))
        #expect(try passes(["Authentication-Results: mx.vasteras.example; spf=pass smtp.mailfrom=bounces@mimer.example"]))
        #expect(
            try !passes([
                "Authentication-Results: mx.vasteras.example; dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=x@evil.example"
            ]))
        #expect(try !passes([]), "no header from our server")
        // A forged pass further down (added before our server saw it) must not count.
        #expect(
            try !passes([
                "Authentication-Results: mx.vasteras.example; dmarc=fail header.from=mimer.example",
                "Authentication-Results: mx.vasteras.example; dmarc=pass header.from=mimer.example",
            ]))
        #expect(try !passes(["Authentication-Results: other.example; dmarc=pass"]))
        guard case .quarantined(let reason, _) = try disposition([]) else { Issue.record("not quarantined"); return }
        #expect(reason == .authenticationFailed)
    }
}
