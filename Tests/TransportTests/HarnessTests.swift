import Foundation
import MailServerHarness
import Testing

@testable import MailTransport

@Suite(.timeLimit(.minutes(1))) struct HarnessTests {
    @Test func startAndStopLeaveNothingBehind() async throws {
        let servers = try MailServers.start(MailServers.Options(postfix: false))
        let pids = servers.processIDs
        #expect(pids.count == 1)
        #expect(pids.allSatisfy { kill($0, 0) == 0 })
        let user = try newUser(servers)
        try servers.deliver(message(subject: "x", body: "y"), to: user.address)
        #expect(try await imapClient(servers, user).status("INBOX").messages == 1)
        servers.stop()
        #expect(pids.allSatisfy { kill($0, 0) != 0 }, "Dovecot is gone")
        #expect(!FileManager.default.fileExists(atPath: servers.directory.path))
        servers.stop()  // idempotent
    }
}
