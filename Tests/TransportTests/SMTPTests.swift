import Foundation
import MailServerHarness
import Synchronization
import Testing

@testable import MailTransport

func smtpClient(
    _ url: String, caFile: String?, allowInsecure: Bool = false,
    timeouts: TransportTimeouts = testTimeouts
) throws -> SMTPClient {
    try SMTPClient(
        configuration: SMTPConfiguration(
            url: url, caFile: caFile, allowInsecureTransport: allowInsecure,
            heloName: "gateway.test.local", timeouts: timeouts),
        logger: testLogger)
}

@Suite(.timeLimit(.minutes(2))) struct SMTPTests {
    /// The outbox records "the whole message went out" before the server's answer, so that a crash
    /// in between is known to risk a duplicate: the hook fires once, for small and large messages.
    @Test func transmittedIsReportedOnceBeforeTheAnswer() async throws {
        let s = try await servers()
        let sender = try newUser(s, "gw")
        let recipient = try newUser(s, "org")
        let client = try smtpClient(s.smtpURL, caFile: s.caCertificatePath)
        for size in [10, 70_000, 1_500_000] {
            let mail = message(
                subject: "size \(size)", from: sender.address, to: recipient.address,
                messageID: "<size-\(size)@test.local>", body: String(repeating: "x", count: size))
            let calls = Mutex(0)
            _ = try await client.send(from: sender.address, recipients: [recipient.address], message: mail) {
                calls.withLock { $0 += 1 }
            }
            #expect(calls.withLock { $0 } == 1, "size \(size)")
        }
    }

    @Test func sentMailArrivesInTheRecipientsMailbox() async throws {
        let s = try await servers()
        let sender = try newUser(s, "gw")
        let recipient = try newUser(s, "org")
        let id = "<ack.EST-2018-000123.\(UUID().uuidString)@test.local>"
        let body = "Tack för rapporten.\n.\n..två punkter\nSlut."
        let mail = message(subject: "Re: EST v.36 – Mottagen", from: sender.address, to: recipient.address, messageID: id, body: body)
        let client = try smtpClient(s.smtpURL, caFile: s.caCertificatePath)  // STARTTLS, verified
        let receipt = try await client.send(from: sender.address, recipients: [recipient.address], message: mail)
        #expect(receipt.code == 250)
        #expect(receipt.queueID != nil)

        _ = try await s.waitForMessages(recipient.address)
        let imap = try imapClient(s, recipient)
        let uids = try await imap.uidSearch("INBOX", criteria: "UID 1:*")
        #expect(uids == [1])
        let fetched = try await imap.fetch("INBOX", uids: uids)
        let text = try #require(fetched.first).bytes.text
        #expect(text.contains("Message-ID: \(id)"))
        #expect(text.contains("Return-Path: <\(sender.address)>"))
        #expect(text.hasSuffix("\r\n\r\nTack för rapporten.\r\n.\r\n..två punkter\r\nSlut.\r\n"), "dot-stuffing undone, body intact")
        // The same client sends again (reused connection).
        _ = try await client.send(from: sender.address, recipients: [recipient.address], message: mail)
        _ = try await s.waitForMessages(recipient.address, count: 2)
    }

    @Test func implicitTLSAndPlaintextPolicy() async throws {
        let s = try await servers()
        let recipient = try newUser(s)
        let mail = message(subject: "policy", to: recipient.address, body: "x")
        _ = try await smtpClient(s.smtpsURL, caFile: s.caCertificatePath).send(
            from: "gw@test.local", recipients: [recipient.address], message: mail)

        let untrusted = await transportError {
            _ = try await smtpClient(s.smtpsURL, caFile: nil).send(from: "gw@test.local", recipients: [recipient.address], message: mail)
        }
        guard case .tls? = untrusted else { Issue.record("got \(String(describing: untrusted))"); return }

        // A server without STARTTLS: refused unless allowInsecureTransport.
        let refused = await transportError {
            _ = try await smtpClient(s.smtpPlainURL, caFile: s.caCertificatePath).send(
                from: "gw@test.local", recipients: [recipient.address], message: mail)
        }
        guard case .tls(_, let detail)? = refused else { Issue.record("got \(String(describing: refused))"); return }
        #expect(detail.contains("STARTTLS"))
        _ = try await smtpClient(s.smtpPlainURL, caFile: nil, allowInsecure: true).send(
            from: "gw@test.local", recipients: [recipient.address], message: mail)
        _ = try await s.waitForMessages(recipient.address, count: 2)
    }

    @Test func unknownRecipientBouncesAsADSNToTheSender() async throws {
        let s = try await servers()
        let sender = try newUser(s, "gw")
        let id = "<ack.EST-2018-000777.\(UUID().uuidString)@test.local>"
        let mail = message(subject: "Re: report", from: sender.address, to: "nobody@test.local", messageID: id, body: "hello")
        let receipt = try await smtpClient(s.smtpURL, caFile: s.caCertificatePath)
            .send(from: sender.address, recipients: ["nobody-\(UUID().uuidString.prefix(6))@test.local"], message: mail)
        #expect(receipt.code == 250, "accepted; the bounce comes later")
        let bounces = try await s.waitForMessages(sender.address)
        let dsn = try #require(bounces.first).text
        #expect(dsn.contains("multipart/report"))
        #expect(dsn.contains("report-type=delivery-status"))
        #expect(dsn.contains("Status: 5.1.1"))
        #expect(dsn.contains(id), "the DSN carries our Message-ID")
        #expect(dsn.contains("Return-Path: <>"))
        // And it is readable over IMAP, unseen.
        let imap = try imapClient(s, sender)
        #expect(try await imap.status("INBOX").unseen == 1)
    }

    @Test func nullSenderIsAllowed() async throws {
        let s = try await servers()
        let recipient = try newUser(s)
        let mail = message(subject: "bounce-like", from: "MAILER-DAEMON@test.local", to: recipient.address, body: "x")
        let receipt = try await smtpClient(s.smtpPlainURL, caFile: nil, allowInsecure: true)
            .send(from: "", recipients: [recipient.address], message: mail)
        #expect(receipt.code == 250)
        let got = try await s.waitForMessages(recipient.address)
        #expect(got[0].text.contains("Return-Path: <>"))
    }

    @Test func permanentRejectionIsTypedAndFinal() async throws {
        let s = try await servers()
        let client = try smtpClient(s.smtpPlainURL, caFile: nil, allowInsecure: true)
        let error = await transportError {
            _ = try await client.send(from: "gw@test.local", recipients: [s.rejectedRecipient], message: message(subject: "x", body: "x"))
        }
        guard case .smtpRejected(let code, let reply, let permanent)? = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(code == 550)
        #expect(permanent)
        #expect(reply.hasPrefix("550 5.7.1") && reply.contains("Rejected by the test server"))
        #expect(error?.isRetryable == false)
        // The client still works afterwards.
        let ok = try newUser(s)
        _ = try await client.send(from: "gw@test.local", recipients: [ok.address], message: message(subject: "x", body: "x"))
    }

    @Test func temporaryRejectionByPostfixIsRetryable() async throws {
        let s = try await servers()
        let error = await transportError {
            _ = try await smtpClient(s.smtpURL, caFile: s.caCertificatePath)
                .send(from: "gw@test.local", recipients: [s.deferredRecipient], message: message(subject: "x", body: "x"))
        }
        guard case .smtpRejected(450, let reply, false)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reply.contains("4.7.1"))
        #expect(error?.isRetryable == true && error?.rejectsMessagePermanently == false)
    }

    @Test func temporaryRejectionIsRetryable() async throws {
        let fake = try ScriptedLineServer(greeting: "220 fake ESMTP\r\n") { line in
            let verb = line.prefix(4).uppercased()
            switch verb {
            case "EHLO": return "250-fake\r\n250 8BITMIME\r\n"
            case "MAIL": return "250 2.1.0 Ok\r\n"
            case "RCPT": return "451 4.3.0 Try again later\r\n"
            case "RSET": return "250 Ok\r\n"
            case "QUIT": return "221 Bye\r\n"
            default: return "502 what\r\n"
            }
        }
        defer { fake.stop() }
        let error = await transportError {
            _ = try await smtpClient("smtp://127.0.0.1:\(fake.port)", caFile: nil, allowInsecure: true)
                .send(from: "gw@test.local", recipients: ["x@example.org"], message: message(subject: "x", body: "x"))
        }
        guard case .smtpRejected(451, let reply, false)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reply.contains("Try again later"))
        #expect(error?.isRetryable == true)
    }

    @Test func serverDownIsARetryableConnectionError() async throws {
        let port = try freeLoopbackPorts(1)[0]
        let error = await transportError {
            _ = try await smtpClient("smtp://127.0.0.1:\(port)", caFile: nil, allowInsecure: true)
                .send(from: "gw@test.local", recipients: ["x@test.local"], message: message(subject: "x", body: "x"))
        }
        guard case .connectionFailed? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.isRetryable == true)
        #expect(error?.rejectsMessagePermanently == false)
    }

    @Test func vacationAutoResponderAnswersThroughPostfix() async throws {
        let s = try await servers()
        let sender = try newUser(s, "gw")
        let away = try newUser(s, "away")
        try s.installVacation(
            user: away.address,
            script: """
                require ["vacation"];
                vacation :days 1 :subject "Frånvaro" "Jag är borta.";
                """)
        let mail = message(subject: "Rapport", from: sender.address, to: away.address, body: "hej")
        _ = try s.sendSMTP(from: sender.address, to: [away.address], message: mail)
        let replies = try await s.waitForMessages(sender.address)
        #expect(replies[0].text.contains("Auto-Submitted: auto-replied"))
        _ = try await s.waitForMessages(away.address)
    }
}
