import Foundation
import MailServerHarness
import Storage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The running daemon while its IMAP server goes away in the middle of work and comes back.
/// Servers of its own: stopping the shared Dovecot would disturb the other tests.
@Suite(.serialized) struct OutageTests {
    @Test func imapStoppedMidPollIsSurvivedAndCaughtUp() async throws {
        let servers = try MailServers.start()
        defer { servers.stop() }
        let world = try GatewayWorld(servers: servers, caps: (5_000, 5_000), batchSize: 5)
        let count = 600
        try servers.fillMaildir(world.gateway.address, messages: (0..<count).map { world.report(id: "outage-\($0)") })

        // Opened (and migrated) before the daemon starts, so that counting during the run only reads.
        let store = try world.store()
        let log = world.directory.appendingPathComponent("daemon.log")
        let daemon = try Subprocess.start(
            GatewayWorld.binary, ["run", "--config", world.configPath, "--log-level", "warning"],
            environment: Subprocess.inheritedEnvironment(adding: world.environment), outputPath: log.path)
        defer { daemon.kill(SIGKILL); _ = daemon.wait() }

        @Sendable func stored() -> Int { (try? store.messageCounts().values.reduce(0, +)) ?? 0 }
        // Watched from a thread of its own: the test runner's shared threads can be busy with other
        // tests for seconds, long enough for the whole mailbox to be done before the outage.
        let atOutage: Int = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let deadline = Date().addingTimeInterval(30)
                var seen = stored()
                while seen == 0 && Date() < deadline {
                    usleep(5_000)
                    seen = stored()
                }
                servers.stopDovecot()
                continuation.resume(returning: seen)
            }
        }
        #expect(atOutage > 0 && atOutage < count, "the server went away mid-poll (\(atOutage) of \(count) stored)")
        // The daemon notices the outage (a failed poll, logged) and keeps running.
        try await waitUntil(timeout: .seconds(60), "the daemon to log a failed poll") {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("poll failed; will retry")
        }
        #expect(daemon.isRunning, "the daemon keeps running without its server")

        try servers.startDovecotAgain()
        let deadline = Date().addingTimeInterval(90)
        while stored() < count && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        daemon.kill(SIGTERM)
        let stopBy = Date().addingTimeInterval(30)
        while daemon.isRunning && Date() < stopBy { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!daemon.isRunning, "the daemon stops within 30 s of SIGTERM")
        daemon.kill(SIGKILL)
        let ended = daemon.wait()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""

        #expect(ended.status == 0, "\(output.suffix(2000))")
        #expect(output.contains("poll failed; will retry"), "the outage was noticed and logged")
        #expect(try store.messageCounts() == ["accepted": count], "every report stored once")
        #expect(try store.incidents(IncidentQuery()).count == count)
        #expect(try store.outboxRows().count == count, "one reply each")
        #expect(world.gatewayMessages().isEmpty, "the inbox caught up")
    }
}
