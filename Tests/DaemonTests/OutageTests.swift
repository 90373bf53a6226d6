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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GatewayWorld.binary)
        process.arguments = ["run", "--config", world.configPath, "--log-level", "warning"]
        process.environment = ProcessInfo.processInfo.environment.merging(world.environment) { $1 }
        let log = world.directory.appendingPathComponent("daemon.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

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
        #expect(process.isRunning, "the daemon keeps running without its server")

        try servers.startDovecotAgain()
        let deadline = Date().addingTimeInterval(90)
        while stored() < count && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        kill(process.processIdentifier, SIGTERM)
        let stopBy = Date().addingTimeInterval(30)
        while process.isRunning && Date() < stopBy { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning, "the daemon stops within 30 s of SIGTERM")
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""

        #expect(process.terminationStatus == 0, "\(output.suffix(2000))")
        #expect(output.contains("poll failed; will retry"), "the outage was noticed and logged")
        #expect(try store.messageCounts() == ["accepted": count], "every report stored once")
        #expect(try store.incidents(IncidentQuery()).count == count)
        #expect(try store.outboxRows().count == count, "one reply each")
        #expect(world.gatewayMessages().isEmpty, "the inbox caught up")
    }
}
