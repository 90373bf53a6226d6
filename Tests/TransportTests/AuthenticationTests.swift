import Foundation
import MailServerHarness
import Testing

@testable import MailTransport

/// Logging in as real servers require it: SMTP AUTH (PLAIN, LOGIN) after STARTTLS on Postfix's
/// submission listener through Dovecot SASL, and XOAUTH2 on IMAP and SMTP with tokens that Dovecot
/// checks at the harness's introspection endpoint.
@Suite(.timeLimit(.minutes(2))) struct AuthenticationTests {
    func submissionClient(
        _ s: MailServers, username: String?, auth: MailAuthentication?, url: String? = nil
    ) throws -> SMTPClient {
        try SMTPClient(
            configuration: SMTPConfiguration(
                url: url ?? s.submissionURL, username: username, auth: auth, caFile: s.caCertificatePath,
                heloName: "gateway.test.local", timeouts: testTimeouts),
            logger: testLogger)
    }

    func tokenClient(_ s: MailServers, _ user: String, tokenFile: String) throws -> IMAPClient {
        try IMAPClient(
            configuration: IMAPConfiguration(
                url: s.imapsURL, username: user, auth: .xoauth2(tokenFile: tokenFile), caFile: s.caCertificatePath,
                timeouts: testTimeouts),
            logger: testLogger)
    }

    /// Writes the token as a refresher should: a temporary file renamed into place.
    func writeToken(_ token: String, to path: String) throws {
        try token.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func tokenPath() -> String { NSTemporaryDirectory() + "est-token-\(UUID().uuidString)" }

    /// Lines of a server log that mention `needle`, waiting briefly for the line to be written.
    func logLines(_ path: String, containing needles: [String]) async -> [String] {
        for _ in 0..<40 {
            let lines = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            let found = lines.filter { line in needles.allSatisfy { line.contains($0) } }
            if !found.isEmpty { return found }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return []
    }

    @Test(arguments: PasswordMechanism.allCases)
    func submissionWithAPasswordArrives(_ mechanism: PasswordMechanism) async throws {
        let s = try await servers()
        let gateway = try newUser(s, "gw")
        let recipient = try newUser(s, "org")
        let client = try submissionClient(s, username: gateway.address, auth: .password(gateway.password, mechanism: mechanism))
        let id = "<auth-\(mechanism.rawValue)-\(UUID().uuidString)@test.local>"
        let mail = message(subject: "AUTH \(mechanism.rawValue)", from: gateway.address, to: recipient.address, messageID: id, body: "x")
        let receipt = try await client.send(from: gateway.address, recipients: [recipient.address], message: mail)
        #expect(receipt.code == 250)
        let arrived = try await s.waitForMessages(recipient.address)
        #expect(arrived.first?.text.contains("Message-ID: \(id)") == true)
        // Postfix logged in the gateway through Dovecot SASL with the mechanism asked for.
        let logged = await logLines(
            s.postfixLogPath, containing: ["sasl_method=\(mechanism.rawValue),", "sasl_username=\(gateway.address)"])
        #expect(logged.count == 1, "\(logged)")
    }

    @Test func submissionRequiresLoginAndTLS() async throws {
        let s = try await servers()
        let recipient = try newUser(s, "org")
        let mail = message(subject: "no auth", to: recipient.address, body: "x")
        let anonymous = await transportError {
            _ = try await submissionClient(s, username: nil, auth: nil).send(
                from: "gw@test.local", recipients: [recipient.address], message: mail)
        }
        guard case .smtpRejected(let code, _, true)? = anonymous else { Issue.record("got \(String(describing: anonymous))"); return }
        #expect(code == 554)
        // Without STARTTLS the listener offers no AUTH and takes no mail.
        let gateway = try newUser(s, "gw")
        let plaintext = try SMTPClient(
            configuration: SMTPConfiguration(
                url: s.submissionURL, username: gateway.address, auth: .password(gateway.password), allowInsecureTransport: true,
                timeouts: testTimeouts),
            logger: testLogger)
        let refused = await transportError {
            _ = try await plaintext.send(from: gateway.address, recipients: [recipient.address], message: mail)
        }
        guard case .smtpRejected(530, _, true)? = refused else { Issue.record("got \(String(describing: refused))"); return }
    }

    @Test func wrongSubmissionPasswordSaysWhatToCheck() async throws {
        let s = try await servers()
        let gateway = try newUser(s, "gw")
        let client = try submissionClient(s, username: gateway.address, auth: .password("wrong-secret-abc", mechanism: .plain))
        let error = await transportError {
            _ = try await client.send(from: gateway.address, recipients: [gateway.address], message: message(subject: "x", body: "x"))
        }
        guard case .authenticationFailed(let server, let name, .password(.some("PLAIN")), let reply)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(server == s.submissionURL)
        #expect(name == gateway.address)
        #expect(reply.hasPrefix("535"), "\(reply)")
        let text = error?.description ?? ""
        #expect(text.contains("check the user name and the password"), "\(text)")
        #expect(!text.contains("wrong-secret-abc"))
        #expect(error?.isRetryable == false)
        #expect(error?.concernsTheConnection == true)
        // The same client works once it is given the right password (a fresh connection, no stale state).
        let fixed = try submissionClient(s, username: gateway.address, auth: .password(gateway.password, mechanism: .plain))
        _ = try await fixed.send(from: gateway.address, recipients: [gateway.address], message: message(subject: "x", body: "x"))
    }

    @Test(arguments: PasswordMechanism.allCases)
    func imapWithANamedMechanism(_ mechanism: PasswordMechanism) async throws {
        let s = try await servers()
        let user = try newUser(s)
        let client = try IMAPClient(
            configuration: IMAPConfiguration(
                url: s.imapURL, username: user.address, auth: .password(user.password, mechanism: mechanism),
                caFile: s.caCertificatePath, timeouts: testTimeouts),
            logger: testLogger)
        #expect(try await client.status("INBOX").messages == 0)
        let logged = await logLines(s.dovecotLogPath, containing: ["Login: user=<\(user.address)>", "method=\(mechanism.rawValue),"])
        #expect(!logged.isEmpty)
    }

    @Test func aMechanismTheServerDoesNotOfferIsNamed() async throws {
        let fake = try plainOnlyIMAPServer()
        defer { fake.stop() }
        let client = try IMAPClient(
            configuration: IMAPConfiguration(
                url: "imap://127.0.0.1:\(fake.port)", username: "gw", auth: .password("secret", mechanism: .login),
                allowInsecureTransport: true, timeouts: testTimeouts),
            logger: testLogger)
        let error = await transportError { _ = try await client.status("INBOX") }
        guard case .mechanismUnavailable(_, "LOGIN", let offered)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(offered == ["PLAIN"])
        #expect(error?.description.contains("does not offer AUTH=LOGIN (it offers PLAIN)") == true)
    }

    @Test func offeredMechanismsAreReadFromSMTPAndIMAPReplies() {
        let smtp = "250-mx.test.local\r\n250-AUTH PLAIN LOGIN XOAUTH2\r\n250 CHUNKING\r\n"
        #expect(MailAuthentication.offeredMechanisms(in: Array(smtp.utf8)) == ["PLAIN", "LOGIN", "XOAUTH2"])
        let imap = "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2] ready\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n"
        #expect(MailAuthentication.offeredMechanisms(in: Array(imap.utf8)) == ["PLAIN", "XOAUTH2"])
    }

    /// The token file is read for every connection: a token that expired is refused with an error
    /// naming the file, and the refresher's new file is used by the same client without a restart.
    @Test func imapXOAUTH2FollowsTheTokenFile() async throws {
        let s = try await servers()
        let user = try newUser(s, "oauth")
        let path = tokenPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try s.oauth.issue(for: user.address)
        try writeToken(first, to: path)
        try s.deliver(message(subject: "m", body: "b"), to: user.address)
        let client = try tokenClient(s, user.address, tokenFile: path)
        #expect(try await client.status("INBOX").messages == 1)
        let logged = await logLines(s.dovecotLogPath, containing: ["Login: user=<\(user.address)>", "method=XOAUTH2,"])
        #expect(logged.count == 1, "libcurl used XOAUTH2, not OAUTHBEARER: \(logged)")

        // The provider expires the token; the next connection is refused and says what to check.
        try s.oauth.expire(first)
        try await client.startFreshSession()
        let error = await transportError { _ = try await client.status("INBOX") }
        guard case .authenticationFailed(_, let name, .xoauth2(let file), _)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(name == user.address)
        #expect(file == path)
        #expect(error?.description.contains("check that the token refresher keeps \(path) current") == true)
        #expect(error?.description.contains(first) == false)
        #expect(error?.description.contains("(server said: + {\"status\":\"401\"") == true, "\(String(describing: error))")

        // The refresher writes a new token: the same client logs in with it at its next connection.
        try writeToken(try s.oauth.issue(for: user.address), to: path)
        #expect(try await client.status("INBOX").messages == 1)

        // A changed file is noticed even while the old token is still good: libcurl does not reuse
        // a connection that logged in with another token (three logins: first, second, third token).
        try writeToken(try s.oauth.issue(for: user.address), to: path)
        #expect(try await client.status("INBOX").messages == 1)
        var logins = 0
        for _ in 0..<40 where logins < 3 {
            logins = await logLines(s.dovecotLogPath, containing: ["Login: user=<\(user.address)>", "method=XOAUTH2,"]).count
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(logins == 3)
    }

    @Test func aTokenForAnotherUserOrAMissingFileIsRefused() async throws {
        let s = try await servers()
        let user = try newUser(s, "oauth")
        let other = try newUser(s, "other")
        let path = tokenPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeToken(try s.oauth.issue(for: other.address), to: path)
        let error = await transportError { _ = try await tokenClient(s, user.address, tokenFile: path).status("INBOX") }
        guard case .authenticationFailed? = error else { Issue.record("got \(String(describing: error))"); return }

        let missing = await transportError { _ = try await tokenClient(s, user.address, tokenFile: path + ".missing").status("INBOX") }
        guard case .credentialUnavailable(let detail)? = missing else { Issue.record("got \(String(describing: missing))"); return }
        #expect(detail.contains(path + ".missing"))
        #expect(missing?.isRetryable == true, "a refresher may write it before the next poll")
    }

    @Test func smtpXOAUTH2FollowsTheTokenFile() async throws {
        let s = try await servers()
        let gateway = try newUser(s, "oauth")
        let recipient = try newUser(s, "org")
        let path = tokenPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try s.oauth.issue(for: gateway.address)
        try writeToken(first, to: path)
        let mail = message(subject: "xoauth2", from: gateway.address, to: recipient.address, body: "x")
        _ = try await submissionClient(s, username: gateway.address, auth: .xoauth2(tokenFile: path)).send(
            from: gateway.address, recipients: [recipient.address], message: mail)
        _ = try await s.waitForMessages(recipient.address)
        let logged = await logLines(s.postfixLogPath, containing: ["sasl_method=XOAUTH2,", "sasl_username=\(gateway.address)"])
        #expect(logged.count == 1, "\(logged)")

        try s.oauth.expire(first)
        let client = try submissionClient(s, username: gateway.address, auth: .xoauth2(tokenFile: path))
        let error = await transportError {
            _ = try await client.send(from: gateway.address, recipients: [recipient.address], message: mail)
        }
        guard case .authenticationFailed(_, _, .xoauth2(path), let reply)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        // libcurl stops at the server's SASL continuation carrying the JSON error; it is shown decoded.
        #expect(reply.hasPrefix("334 {\"status\":\"401\""), "\(reply)")
        #expect(error?.concernsTheConnection == true)

        try writeToken(try s.oauth.issue(for: gateway.address), to: path)
        _ = try await client.send(from: gateway.address, recipients: [recipient.address], message: mail)
        _ = try await s.waitForMessages(recipient.address, count: 2)
    }
}
