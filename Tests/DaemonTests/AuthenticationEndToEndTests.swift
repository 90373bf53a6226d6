import Daemon
import Foundation
import MailServerHarness
import Storage
import Testing

/// The daemon logging in as real providers require: SMTP AUTH on the submission port (Dovecot
/// SASL behind Postfix), and XOAUTH2 on IMAP and SMTP with a token file that a refresher rewrites.
@Suite(.serialized) struct AuthenticationEndToEndTests {
    func servers() async throws -> MailServers { try await SharedMailServers.instance.get() }

    /// A refused SMTP login stops the outbox pass and keeps every reply for later; once the
    /// password is right the same rows go out.
    @Test func wrongSMTPPasswordKeepsTheOutboxForLater() async throws {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers, smtpURL: servers.submissionURL)
        world.smtpLogin = ["username: \(world.gateway.address)", "auth: login", "password_env: EST_SMTP_PASSWORD"]
        world.extraEnvironment = ["EST_SMTP_PASSWORD": "not-the-password"]
        try world.writeConfiguration()
        try servers.deliver(world.report(id: "auth-1"), to: world.gateway.address)
        try servers.deliver(world.report(id: "auth-2"), to: world.gateway.address)

        let refused = await (try await world.daemon()).cycle()
        #expect(refused.intake?.stored == 2)
        #expect(refused.outbox == nil, "the pass stopped at the refused login")
        let error = try #require(refused.errors.first { $0.hasPrefix("smtp:") })
        #expect(error.contains("as \(world.gateway.address) with a password (AUTH=LOGIN) was refused"), "\(error)")
        #expect(error.contains("check the user name and the password"))
        #expect(!error.contains("not-the-password"))
        let rows = try world.store().outboxRows()
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.status == .pending && $0.sentAt == nil }, "\(rows.map(\.status))")
        #expect(rows.map(\.attempts).sorted() == [0, 1], "one login tried, not one per row")
        #expect(rows.contains { $0.lastError?.contains("was refused") == true })
        #expect(
            servers.countLines(
                in: servers.postfixLogPath, containing: ["SASL LOGIN authentication failed", "sasl_username=\(world.gateway.address)"]) == 1
        )

        // The operator fixes the secret and restarts: the kept replies go out.
        world.extraEnvironment = ["EST_SMTP_PASSWORD": world.gateway.password]
        try await Task.sleep(for: .milliseconds(300))  // past the first retry's backoff
        let fixed = await (try await world.daemon()).cycle()
        #expect(fixed.errors.isEmpty, "\(fixed.errors)")
        #expect(fixed.outbox?.sent == 2)
        _ = try await servers.waitForMessages(world.reporters["mimer"]!.address, count: 2)
        // Postfix logs the login with each message it accepted.
        #expect(
            servers.countLines(in: servers.postfixLogPath, containing: ["sasl_method=LOGIN,", "sasl_username=\(world.gateway.address)"])
                == 2)
    }

    /// One daemon, never restarted: polls and sends with a token; the provider expires it and the
    /// poll fails saying so; the refresher writes a new token file and the next cycle works.
    @Test func xoauth2TokenExpiresAndTheRefreshersFileIsUsed() async throws {
        let servers = try await servers()
        let world = try GatewayWorld(servers: servers, smtpURL: servers.submissionURL)
        let tokenFile = world.directory.appendingPathComponent("token").path
        world.imapLogin = ["auth: xoauth2", "token_file: \(tokenFile)"]
        world.smtpLogin = ["username: \(world.gateway.address)", "auth: xoauth2", "token_file: \(tokenFile)"]
        try world.writeConfiguration()
        let first = try servers.oauth.issue(for: world.gateway.address)
        try first.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let reporter = world.reporters["mimer"]!.address

        let daemon = try await world.daemon()
        try servers.deliver(world.report(id: "oauth-1"), to: world.gateway.address)
        let working = await daemon.cycle()
        #expect(working.errors.isEmpty, "\(working.errors)")
        #expect(working.intake?.stored == 1)
        #expect(working.outbox?.sent == 1)
        _ = try await servers.waitForMessages(reporter)
        #expect(
            servers.countLines(in: servers.dovecotLogPath, containing: ["Login: user=<\(world.gateway.address)>", "method=XOAUTH2,"]) >= 1)

        try servers.oauth.expire(first)
        try servers.deliver(world.report(id: "oauth-2"), to: world.gateway.address)
        let expired = await daemon.cycle()
        let error = try #require(expired.errors.first { $0.hasPrefix("imap:") }, "\(expired.errors)")
        #expect(error.contains("with the XOAUTH2 token from \(tokenFile) was refused"), "\(error)")
        #expect(!error.contains(first))
        #expect(expired.intake == nil)

        // The refresher replaces the file (write a temporary file, rename it into place).
        let second = try servers.oauth.issue(for: world.gateway.address)
        try second.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let refreshed = await daemon.cycle()
        #expect(refreshed.errors.isEmpty, "\(refreshed.errors)")
        #expect(refreshed.intake?.stored == 1)
        #expect(refreshed.outbox?.sent == 1)
        _ = try await servers.waitForMessages(reporter, count: 2)
        // SMTP logged in once with each token: it did not keep using the old token's connection.
        // (Token logins are IMAP's, which Dovecot logs as "Login:", plus SMTP's through Dovecot SASL.)
        let imapLogins = servers.countLines(
            in: servers.dovecotLogPath, containing: ["Login: user=<\(world.gateway.address)>", "method=XOAUTH2,"])
        let tokenLogins = servers.oauth.acceptedLogins(with: first) + servers.oauth.acceptedLogins(with: second)
        #expect(tokenLogins - imapLogins == 2, "\(tokenLogins) token logins, \(imapLogins) of them IMAP")
        #expect(
            servers.countLines(in: servers.postfixLogPath, containing: ["sasl_method=XOAUTH2,", "sasl_username=\(world.gateway.address)"])
                == 2)
    }
}
