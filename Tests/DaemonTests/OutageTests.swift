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
        let world = try GatewayWorld(servers: servers, caps: (5_000, 5_000), batchSize: 10)
        let count = 300
        try servers.fillMaildir(world.gateway.address, messages: (0..<count).map { world.report(id: "outage-\($0)") })

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

        func stored() -> Int { (try? world.store().messageCounts().values.reduce(0, +)) ?? 0 }
        // Stop the server while the first poll is working through the batches.
        var deadline = Date().addingTimeInterval(30)
        while stored() == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        servers.stopDovecot()
        let atOutage = stored()
        #expect(atOutage > 0 && atOutage < count, "the server went away mid-poll (\(atOutage) of \(count) stored)")
        try await Task.sleep(for: .seconds(3))
        #expect(process.isRunning, "the daemon keeps running without its server")

        try servers.startDovecotAgain()
        deadline = Date().addingTimeInterval(90)
        while stored() < count && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        try handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""

        #expect(process.terminationStatus == 0, "\(output.suffix(2000))")
        #expect(output.contains("poll failed; will retry"), "the outage was noticed and logged")
        let store = try world.store()
        #expect(try store.messageCounts() == ["accepted": count], "every report stored once")
        #expect(try store.incidents(IncidentQuery()).count == count)
        #expect(try store.outboxRows().count == count, "one reply each")
        #expect(world.gatewayMessages().isEmpty, "the inbox caught up")
    }
}
