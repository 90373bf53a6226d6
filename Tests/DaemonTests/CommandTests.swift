import Foundation
import MailServerHarness
import Storage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `est-gateway run` as an operator starts it: dry runs, signals, status.
@Suite(.serialized) struct CommandTests {
    func servers() async throws -> MailServers { try await SharedMailServers.instance.get() }

    @Test func dryRunReadsButStoresSendsAndMovesNothing() async throws {
        let world = try GatewayWorld(servers: try await servers())
        try world.servers.deliver(world.report(id: "dry"), to: world.gateway.address)
        let dry = try world.runGateway(["run", "--dry-run"])
        #expect(dry.status == 0, "\(dry.output)")
        #expect(dry.output.contains("accepted 1 incident(s) from mimer"), "\(dry.output)")
        #expect(dry.output.contains("would move to EST/Behandlade"))
        #expect(try world.store().messageCounts().isEmpty, "nothing stored")
        #expect(try world.store().outboxRows().isEmpty, "nothing queued")
        #expect(world.gatewayMessages().count == 1, "nothing moved")
        #expect(world.gatewayMessages().allSatisfy { !$0.isSeen }, "nothing flagged")
        #expect(world.inbox().isEmpty, "nothing sent")
    }

    @Test func sigtermFinishesAndExitsZero() async throws {
        let world = try GatewayWorld(servers: try await servers())
        try world.servers.deliver(world.report(id: "term"), to: world.gateway.address)
        let log = world.directory.appendingPathComponent("daemon.log")
        let daemon = try Subprocess.start(
            GatewayWorld.binary, ["run", "--config", world.configPath],
            environment: Subprocess.inheritedEnvironment(adding: world.environment), outputPath: log.path)
        defer { daemon.kill(SIGKILL); _ = daemon.wait() }
        // Wait until the first poll has stored and answered the report, then ask it to stop.
        _ = try await world.servers.waitForMessages(world.reporters["mimer"]!.address, timeout: .seconds(20))
        daemon.kill(SIGTERM)
        let deadline = Date().addingTimeInterval(15)
        while daemon.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(!daemon.isRunning, "the daemon stops within 15 s of SIGTERM")
        #expect(daemon.poll() == Subprocess.Termination(status: 0), "\(output)")
        #expect(output.contains("gateway stopped"), "\(output)")
        // The lease was released: the next start is not refused.
        let next = try world.runGateway(["run", "--once"])
        #expect(next.status == 0, "\(next.output)")
    }

    @Test func statusShowsTheCursorAndTheOutbox() async throws {
        let world = try GatewayWorld(servers: try await servers())
        try world.servers.deliver(world.report(id: "status"), to: world.gateway.address)
        _ = try world.runGateway(["run", "--once"])
        let status = try world.runGateway(["status"])
        #expect(status.status == 0)
        #expect(status.output.contains("last UID stored 1"), "\(status.output)")
        #expect(status.output.contains("1 accepted"))
        #expect(status.output.contains("1 sent"))
        #expect(status.output.contains("ago)"))
    }

    @Test func missingSecretSaysWhichVariable() async throws {
        let world = try GatewayWorld(servers: try await servers())
        var environment = ProcessInfo.processInfo.environment
        environment["EST_IMAP_PASSWORD"] = nil
        let run = try Subprocess.run(GatewayWorld.binary, ["run", "--once", "--config", world.configPath], environment: environment)
        #expect(run.status == 2)
        #expect(run.output.contains("EST_IMAP_PASSWORD"), "\(run.output)")
    }
}
