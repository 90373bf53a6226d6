import Foundation
import MailServerHarness
import Testing

@testable import MailTransport

@Suite(.timeLimit(.minutes(2))) struct IMAPTests {
    @Test func statusReportsCountsAndUIDValidity() async throws {
        let s = try await servers()
        let user = try newUser(s)
        for i in 1...3 { try s.deliver(message(subject: "m\(i)", body: "hello \(i)"), to: user.address) }
        let client = try imapClient(s, user)
        let status = try await client.status("INBOX")
        #expect(status.messages == 3)
        #expect(status.unseen == 3)
        #expect(status.uidNext == 4)
        #expect(status.uidValidity > 0)
        #expect(try await client.status("INBOX").uidValidity == status.uidValidity)
    }

    /// One EXPUNGE line per message would exceed libcurl's response cap from about 250 messages on:
    /// the client enables QRESYNC, so the server answers a move of thousands with one VANISHED line.
    @Test func aMoveOfThousandsIsOneCommand() async throws {
        let s = try await servers()
        let user = try newUser(s)
        try s.fillMaildir(user.address, messages: (0..<2_000).map { message(subject: "m\($0)", body: "b \($0)") })
        let client = try imapClient(s, user)
        try await client.createMailbox("EST/Behandlade")
        try await client.move(uids: Array(1...2_000), from: "INBOX", to: "EST/Behandlade")
        #expect(try await client.status("INBOX").messages == 0)
        #expect(try await client.status("EST/Behandlade").messages == 2_000)
    }

    /// A long backlog is fetched on the connection it started with: a new one costs a large mailbox
    /// dearly (Dovecot writes its UID list at LOGOUT and rescans the Maildir at SELECT), and libcurl's
    /// limit on the response "headers" one handle has seen (6 MB) must not end the session either.
    @Test func aBacklogOfTenMegabytesIsFetchedOnOneConnection() async throws {
        let s = try await servers()
        let user = try newUser(s)
        let body = String(repeating: "Klotter i trapphuset, rapporterat av väktare.\n", count: 180)
        let delivered = (0..<1_200).map { message(subject: "m\($0)", body: "\($0)\n" + body) }
        #expect(delivered.reduce(0) { $0 + $1.count } > 10_000_000)
        try s.fillMaildir(user.address, messages: delivered)
        let client = try imapClient(s, user)
        var fetched: [[UInt8]] = []
        for start in stride(from: 1, through: 1_200, by: 100) {
            fetched += try await client.fetch("INBOX", uids: Array(UInt32(start)...UInt32(start + 99))).map(\.bytes)
        }
        #expect(fetched == delivered)
        #expect(s.countLines(in: s.dovecotLogPath, containing: ["Login: user=<\(user.address)>"]) == 1)
    }

    @Test func uidSearchAboveACursor() async throws {
        let s = try await servers()
        let user = try newUser(s)
        for i in 1...5 { try s.deliver(message(subject: "m\(i)", body: "b"), to: user.address) }
        let client = try imapClient(s, user)
        #expect(try await client.uidSearch("INBOX", criteria: "UID 3:*") == [3, 4, 5])
        #expect(try await client.uidSearch("INBOX", criteria: "UID 1:*") == [1, 2, 3, 4, 5])
        // "UID 6:*" matches UID 5 on the wire (n:* includes the highest UID); the client filters it.
        #expect(try await client.uidSearch("INBOX", criteria: "UID 6:*") == [])
        #expect(try await client.uidSearch("INBOX", criteria: "SINCE 10-Sep-2018 UID 4:*") == [4, 5])
        #expect(try await client.uidSearch("INBOX", criteria: "ALL") == [1, 2, 3, 4, 5])
        await #expect(throws: TransportError.self) { try await client.uidSearch("INBOX", criteria: "ALL\r\nA1 LOGOUT") }
    }

    @Test func batchedFetchReturnsExactBytesAndSetsNoFlag() async throws {
        let s = try await servers()
        let user = try newUser(s)
        var delivered: [[UInt8]] = []
        // Tricky content: a literal marker, a lone ")", a fake FETCH response, 8-bit bytes, a dot line.
        var tricky = Array(
            "From: a@example.org\r\nSubject: tricky {5}\r\n\r\nline {5}\r\n)\r\n* 3 FETCH (UID 99 BODY[] {3}\r\n.\r\n)) (\r\n".utf8)
        tricky += [0xE4, 0xF6, 0x0D, 0x0A] + Array("räksmörgås ✓\r\n{0}\r\n".utf8) + Array("ends without newline )".utf8)
        delivered.append(tricky)
        // A 2 MB message of ordinary 76-character lines.
        var big = Array("From: a@example.org\r\nSubject: big\r\n\r\n".utf8)
        let line = Array(String(repeating: "ABCDEFGHIJ", count: 7).appending("KLMNOP\r\n").utf8)
        while big.count < 2_000_000 { big += line }
        delivered.append(big)
        // A single 200 kB line (libcurl splits server responses into lines; nothing may be lost).
        delivered.append(
            Array("From: a@example.org\r\nSubject: long line\r\n\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 200_000) + [
                13, 10,
            ])
        // A message without a body.
        delivered.append(Array("From: a@example.org\r\nSubject: no body\r\n\r\n".utf8))
        while delivered.count < 50 {
            delivered.append(message(subject: "plain \(delivered.count)", body: "Hej!\nRad två.\n\(delivered.count)"))
        }
        for m in delivered { try s.deliver(m, to: user.address) }

        let client = try imapClient(s, user)
        let fetched = try await client.fetch("INBOX", uids: Array(1...50))
        #expect(fetched.map(\.uid) == Array(1...50))
        for (i, m) in fetched.enumerated() {
            #expect(m.bytes == delivered[i], "message \(i + 1): \(m.bytes.count) bytes fetched, \(delivered[i].count) delivered")
        }
        let status = try await client.status("INBOX")
        #expect(status.unseen == 50)
        let flags = try await client.flags("INBOX", uids: Array(1...50))
        #expect(flags.count == 50)
        #expect(flags.values.allSatisfy { !$0.contains("\\Seen") })
        #expect(s.messages(user.address).allSatisfy { !$0.isSeen })
        // A subset, with a UID that does not exist.
        let some = try await client.fetch("INBOX", uids: [2, 7, 77])
        #expect(some.map(\.uid) == [2, 7])
        #expect(some[0].bytes == delivered[1])
    }

    @Test func smallMessagesComeInOneFetchCommand() async throws {
        let s = try await servers()
        let user = try newUser(s)
        var delivered: [[UInt8]] = []
        for i in 1...50 {
            delivered.append(message(subject: "report \(i)", body: "Rapport \(i)\n" + String(repeating: "Fält: värde\n", count: 100)))
            try s.deliver(delivered.last!, to: user.address)
        }
        let client = try imapClient(s, user)
        _ = try await client.status("INBOX")  // log in first
        let before = await client.transferCount
        let fetched = try await client.fetch("INBOX", uids: Array(1...50))
        #expect(await client.transferCount - before == 2, "one FETCH of sizes, one UID FETCH (UID BODY.PEEK[]) for all 50")
        #expect(fetched.map(\.bytes) == delivered)
        #expect(try await client.status("INBOX").unseen == 50)
    }

    @Test func largeMessagesRepeatedlyOnOneConnection() async throws {
        let s = try await servers()
        let user = try newUser(s)
        var big = Array("From: a@example.org\r\nSubject: big\r\n\r\n".utf8)
        var n = 0
        while big.count < 3_000_000 { big += Array("line \(n) \(String(repeating: "z", count: n % 90))\r\n".utf8); n += 1 }
        for _ in 1...3 { try s.deliver(big, to: user.address) }
        let client = try imapClient(s, user)
        for round in 1...2 {
            let fetched = try await client.fetch("INBOX", uids: [1, 2, 3])
            #expect(fetched.count == 3 && fetched.allSatisfy { $0.bytes == big }, "round \(round)")
        }
    }

    @Test func createFoldersAndMove() async throws {
        let s = try await servers()
        let user = try newUser(s)
        for i in 1...6 { try s.deliver(message(subject: "m\(i)", body: "body \(i)"), to: user.address) }
        let client = try imapClient(s, user)
        let folders = ["EST/Behandlade", "EST/Avvisade", "EST/Ignorerade", "EST/Karantän"]
        for f in folders { try await client.createMailbox(f) }
        try await client.createMailbox("EST/Karantän")  // already exists: fine
        let listed = try await client.listMailboxes()
        for f in folders { #expect(listed.contains { $0.name == f }, "\(f) listed") }
        #expect(listed.contains { $0.wireName == "EST/Karant&AOQ-n" && $0.delimiter == "/" })
        #expect(FileManager.default.fileExists(atPath: s.maildir(user.address, mailbox: "EST/Karant&AOQ-n").path))

        let original = try await client.fetch("INBOX", uids: [2, 3, 5])
        try await client.move(uids: [2, 3, 5], from: "INBOX", to: "EST/Karantän")
        #expect(try await client.status("INBOX").messages == 3)
        #expect(try await client.uidSearch("INBOX", criteria: "ALL") == [1, 4, 6])
        let target = try await client.status("EST/Karantän")
        #expect(target.messages == 3)
        #expect(target.unseen == 3, "moving keeps messages unseen")
        let moved = try await client.fetch("EST/Karantän", uids: Array(1...3))
        #expect(moved.map(\.bytes) == original.map(\.bytes))
        try await client.move(uids: [1], from: "INBOX", to: "EST/Behandlade")
        #expect(try await client.status("EST/Behandlade").messages == 1)
    }

    @Test func copyFallbackWhenMoveIsNotUsed() async throws {
        let s = try await servers()
        let user = try newUser(s)
        for i in 1...4 { try s.deliver(message(subject: "m\(i)", body: "b\(i)"), to: user.address) }
        let client = try imapClient(s, user, moveStrategy: .copyAndExpunge)
        try await client.createMailbox("EST/Avvisade")
        let before = await client.transferCount
        try await client.move(uids: [1, 3], from: "INBOX", to: "EST/Avvisade")
        #expect(await client.transferCount - before >= 3, "COPY, STORE and EXPUNGE were sent")
        #expect(try await client.uidSearch("INBOX", criteria: "ALL") == [2, 4])
        #expect(try await client.uidSearch("INBOX", criteria: "DELETED") == [])
        let target = try await client.status("EST/Avvisade")
        #expect(target.messages == 2 && target.unseen == 2)
    }

    @Test func moveToMissingFolderIsAMailboxError() async throws {
        let s = try await servers()
        let user = try newUser(s)
        try s.deliver(message(subject: "m", body: "b"), to: user.address)
        let client = try imapClient(s, user)
        let error = await transportError { try await client.move(uids: [1], from: "INBOX", to: "EST/Saknas") }
        guard case .mailboxUnavailable(let name, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(name == "EST/Saknas")
        #expect(try await client.status("INBOX").messages == 1)
    }

    @Test func wrongPasswordIsALoginError() async throws {
        let s = try await servers()
        let user = try newUser(s)
        let client = try imapClient(s, (user.address, "wrong-secret-xyz"))
        let error = await transportError { _ = try await client.status("INBOX") }
        guard case .authenticationFailed(_, let name, .password(nil), let reply)? = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(name == user.address)
        #expect(reply.contains("AUTHENTICATIONFAILED"))
        #expect(error?.isRetryable == false)
        #expect(error?.description.contains("wrong-secret-xyz") == false)
    }

    @Test func missingMailboxIsAMailboxErrorAndTheClientRecovers() async throws {
        let s = try await servers()
        let user = try newUser(s)
        try s.deliver(message(subject: "m", body: "b"), to: user.address)
        let client = try imapClient(s, user)
        #expect(try await client.uidSearch("INBOX", criteria: "ALL") == [1])
        let e1 = await transportError { _ = try await client.uidSearch("Finns inte", criteria: "ALL") }
        guard case .mailboxUnavailable(let name, _)? = e1 else { Issue.record("got \(String(describing: e1))"); return }
        #expect(name == "Finns inte")
        let e2 = await transportError { _ = try await client.status("Finns inte") }
        guard case .mailboxUnavailable? = e2 else { Issue.record("got \(String(describing: e2))"); return }
        let e3 = await transportError { _ = try await client.fetch("Finns inte", uids: [1]) }
        guard case .mailboxUnavailable? = e3 else { Issue.record("got \(String(describing: e3))"); return }
        // The same client goes on working (and re-selects INBOX).
        #expect(try await client.uidSearch("INBOX", criteria: "ALL") == [1])
        #expect(try await client.fetch("INBOX", uids: [1]).count == 1)
    }

    @Test func capabilitiesIncludeMove() async throws {
        let s = try await servers()
        let client = try imapClient(s, try newUser(s))
        let caps = try await client.capabilities()
        #expect(caps.contains("MOVE") && caps.contains("UIDPLUS"))
    }
}

@Suite(.timeLimit(.minutes(2))) struct IMAPSecurityTests {
    @Test func imapsWithSelfSignedCertificateNeedsTheCAFile() async throws {
        let s = try await servers()
        let user = try newUser(s)
        let untrusted = try imapClient(s, user, caFile: .some(nil))
        let error = await transportError { _ = try await untrusted.status("INBOX") }
        guard case .tls? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.isRetryable == false)
        let trusted = try imapClient(s, user)
        #expect(try await trusted.status("INBOX").messages == 0)
    }

    @Test func imapWithSTARTTLSIsRequiredAndVerified() async throws {
        let s = try await servers()
        let user = try newUser(s)
        let viaSTARTTLS = try imapClient(s, user, url: s.imapURL)
        #expect(try await viaSTARTTLS.status("INBOX").messages == 0)
        let untrusted = try imapClient(s, user, url: s.imapURL, caFile: .some(nil))
        let error = await transportError { _ = try await untrusted.status("INBOX") }
        guard case .tls? = error else { Issue.record("got \(String(describing: error))"); return }
        let plaintext = try imapClient(s, user, url: s.imapURL, caFile: .some(nil), allowInsecure: true)
        #expect(try await plaintext.status("INBOX").messages == 0)
    }

    @Test func plaintextIsRefusedWithoutAllowInsecureTransport() async throws {
        // An IMAP server that offers no STARTTLS.
        let fake = try plainOnlyIMAPServer()
        defer { fake.stop() }
        let config = IMAPConfiguration(
            url: "imap://127.0.0.1:\(fake.port)", username: "gw", auth: .password("secret"),
            timeouts: testTimeouts)
        let client = try IMAPClient(configuration: config, logger: testLogger)
        let error = await transportError { _ = try await client.status("INBOX") }
        guard case .tls(_, let detail)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(detail.contains("STARTTLS"))
    }

    @Test func silentServerTimesOut() async throws {
        let fake = try ScriptedLineServer(greeting: nil) { _ in nil }
        defer { fake.stop() }
        let config = IMAPConfiguration(
            url: "imaps://127.0.0.1:\(fake.port)", username: "gw", auth: .password("secret"),
            timeouts: TransportTimeouts(
                connect: .seconds(1), serverResponse: .seconds(1),
                lowSpeedTime: .seconds(1), total: .seconds(2)))
        let client = try IMAPClient(configuration: config, logger: testLogger)
        let start = ContinuousClock.now
        let error = await transportError { _ = try await client.status("INBOX") }
        guard case .timeout? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.isRetryable == true)
        // Gives up instead of hanging: the bound is loose so that a busy machine does not fail it.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func configurationIsChecked() throws {
        #expect(throws: TransportError.self) {
            try IMAPClient(configuration: IMAPConfiguration(url: "imaps://gw:pw@host", username: "gw", auth: .password("pw")))
        }
        #expect(throws: TransportError.self) {
            try IMAPClient(configuration: IMAPConfiguration(url: "imaps://host/INBOX", username: "gw", auth: .password("pw")))
        }
        #expect(throws: TransportError.self) {
            try IMAPClient(configuration: IMAPConfiguration(url: "pop3://host", username: "gw", auth: .password("pw")))
        }
    }

    @Test func xoauth2TokenFileIsReadOnEachConnect() throws {
        let path = NSTemporaryDirectory() + "token-\(UUID().uuidString)"
        try "  abc.def\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try MailAuthentication.readToken(path) == "abc.def")
        try "ghi".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try MailAuthentication.readToken(path) == "ghi")
        #expect(throws: TransportError.self) { try MailAuthentication.readToken(path + ".missing") }
    }
}
