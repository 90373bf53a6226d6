import Foundation
import Settings
import Testing

/// `auth:`, `token_file:` and the password keys of the imap and smtp sections.
@Suite struct MailLoginSettingsTests {
    @Test func passwordsByDefault() async throws {
        let mail = try #require(try await TestSupport.settings().mail)
        #expect(mail.imap.credential == .password(.environment("EST_IMAP_PASSWORD"), mechanism: nil))
        #expect(mail.smtp.credential == .password(.environment("EST_SMTP_PASSWORD"), mechanism: nil))
    }

    @Test func mechanismsAndTokenFiles() async throws {
        let settings = try await TestSupport.settings([
            "IMAP_AUTH": "xoauth2", "IMAP_TOKEN_FILE": "/run/est/token", "SMTP_AUTH": "LOGIN",
            "SMTP_PASSWORD_FILE": "/etc/est/smtp",
        ])
        let mail = try #require(settings.mail)
        #expect(mail.imap.credential == .xoauth2(tokenFile: "/run/est/token"))
        #expect(mail.smtp.credential == .password(.file("/etc/est/smtp"), mechanism: .login))
        // The earlier key still works without `auth:`, and a relative path is taken from the
        // configuration's folder.
        let legacy = try #require(try await TestSupport.settings(["IMAP_AUTH": "", "IMAP_XOAUTH2_TOKEN_FILE": "token"]).mail)
        guard case .xoauth2(let file) = legacy.imap.credential else { Issue.record("\(legacy.imap.credential)"); return }
        #expect(file.hasSuffix("/config/token"))
        #expect(
            try #require(try await TestSupport.settings(["SMTP_AUTH": "plain"]).mail).smtp.credential
                == .password(.environment("EST_SMTP_PASSWORD"), mechanism: .plain))
    }

    @Test func inconsistentLoginsAreProblemsWithTheirKeys() async throws {
        do {
            _ = try await TestSupport.settings(["IMAP_AUTH": "xoauth2", "SMTP_AUTH": "kerberos"])
            Issue.record("accepted")
        } catch let error as SettingsError {
            #expect(Set(error.problems.map(\.key)) == ["imap.token_file", "smtp.auth"], "\(error.problems)")
            #expect(error.problems.contains { $0.message.contains("password, plain, login or xoauth2") })
        }
        do {
            _ = try await TestSupport.settings(["SMTP_AUTH": "plain", "SMTP_TOKEN_FILE": "/run/est/token"])
            Issue.record("accepted")
        } catch let error as SettingsError {
            #expect(error.problems.map(\.key) == ["smtp.token_file"], "\(error.problems)")
        }
    }
}
