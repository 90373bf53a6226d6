import Foundation
import MailServerHarness
import Storage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What the people who run the gateway use: `status --check`/`--json`, the metrics file, JSON log
/// lines and SIGHUP, against the real binary, Dovecot and Postfix.
@Suite(.serialized) struct OperationsTests {
    func servers() async throws -> MailServers { try await SharedMailServers.instance.get() }

    @Test func statusCheckAndJSONAfterAPollThenAfterFailures() async throws {
        let world = try GatewayWorld(servers: try await servers())
        let never = try world.runGateway(["status", "--check"])
        #expect(never.status == 3, "no database yet: UNKNOWN. \(never.output)")
        #expect(never.output.hasPrefix("EST-GATEWAY UNKNOWN - no database"))

        try world.servers.deliver(world.report(id: "check"), to: world.gateway.address)
        #expect(try world.runGateway(["run", "--once"]).status == 0)
        let ok = try world.runGateway(["status", "--check"])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.hasPrefix("EST-GATEWAY OK - last poll "), "\(ok.output)")
        #expect(ok.output.contains("| poll_age="))

        let json = try world.runGateway(["status", "--json"])
        #expect(json.status == 0, "\(json.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["messages"] as? [String: Int])?["accepted"] == 1)
        #expect((object["outbox"] as? [String: Any])?["sent"] as? Int == 1)
        #expect((object["cursor"] as? [String: Any])?["last_uid"] as? Int == 1)
        #expect((object["check"] as? [String: Any])?["level"] as? String == "ok")
        #expect(((object["connections"] as? [String: Any])?["imap"] as? [String: Any])?["failures_in_row"] as? Int == 0)

        // The IMAP server is away three polls in a row (nothing listens on the port): a warning.
        _ = try GatewayWorld.reconfigured(world, imapURL: "imaps://127.0.0.1:\(try freeLoopbackPorts(1)[0])")
        for _ in 0..<3 { #expect(try world.runGateway(["run", "--once"]).status == 1) }
        let warning = try world.runGateway(["status", "--check"])
        #expect(warning.status == 1, "\(warning.output)")
        #expect(warning.output.contains("3 IMAP failures in a row"), "\(warning.output)")
        #expect(try world.runGateway(["status"]).output.contains("imap: 3 failure(s) in a row"))
    }

    @Test func theMetricsFileIsRewrittenAfterEveryPollAndParses() async throws {
        let world = try GatewayWorld(servers: try await servers())
        let metrics = world.directory.appendingPathComponent("est-gateway.prom").path
        world.extraYAML = "metrics:\n  textfile: \(metrics)"
        try world.writeConfiguration()
        try world.servers.deliver(world.report(id: "metrics"), to: world.gateway.address)
        #expect(try world.runGateway(["run", "--once"]).status == 0)
        let first = try String(contentsOfFile: metrics, encoding: .utf8)
        let samples = try promSamples(first)
        #expect(samples["est_gateway_messages_total{outcome=accepted}"] == 1, "\(samples)")
        #expect(samples["est_gateway_outbox_rows{state=sent}"] == 1)
        #expect(samples["est_gateway_health{}"] == 0)
        #expect(samples["est_gateway_poll_duration_seconds{}"].map { $0 > 0 } == true)
        #expect(samples["est_gateway_last_success_timestamp_seconds{}"].map { abs($0 - Date().timeIntervalSince1970) < 60 } == true)

        try world.servers.deliver(world.report(id: "metrics-2"), to: world.gateway.address)
        #expect(try world.runGateway(["run", "--once"]).status == 0)
        let second = try promSamples(String(contentsOfFile: metrics, encoding: .utf8))
        #expect(second["est_gateway_messages_total{outcome=accepted}"] == 2)
        // Written by rename: no temporary file left beside it.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: world.directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func jsonLogLinesParseAndCarryNoSecretOrReportText() async throws {
        let world = try GatewayWorld(servers: try await servers())
        let marker = "Hemligt-\(UUID().uuidString.prefix(8))"
        let body = """
            Område: Råby
            Plats: Råbyvägen 12
            Datum: igår
            Kategori: Klotter
            Beskrivning: \(marker) i trapphuset.
            """
        try world.servers.deliver(world.report(id: "json-log", body: body), to: world.gateway.address)
        try world.servers.deliver(world.report(id: "json-bad", body: "Område: Råbyyy\nKategori: \(marker)"), to: world.gateway.address)
        let run = try Subprocess.run(
            GatewayWorld.binary, ["run", "--once", "--log-format", "json", "--config", world.configPath],
            environment: Subprocess.inheritedEnvironment(adding: world.environment))
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3, "\(run.stderr)")
        var messages: [String] = []
        for line in lines {
            let object = try #require(
                try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not one JSON object: \(line)")
            #expect(object["time"] is String && object["level"] is String && object["message"] is String, "\(line)")
            messages.append(object["message"] as? String ?? "")
        }
        #expect(messages.contains("message stored"), "\(messages)")
        #expect(messages.contains("outbox sent"))
        #expect(!run.stderr.contains(marker), "report text in the log")
        #expect(!run.stderr.contains(world.gateway.password), "a secret in the log")
    }

    @Test func sighupReloadsTheConfigurationAndRefusesABrokenOne() async throws {
        let world = try GatewayWorld(servers: try await servers(), organisations: ["mimer", "hsb"])
        world.unconfigured = ["hsb"]
        try world.writeConfiguration()
        let log = world.directory.appendingPathComponent("daemon.log")
        let daemon = try Subprocess.start(
            GatewayWorld.binary, ["run", "--config", world.configPath],
            environment: Subprocess.inheritedEnvironment(adding: world.environment), outputPath: log.path)
        defer { daemon.kill(SIGKILL); _ = daemon.wait() }
        let logText = { @Sendable in (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        try await waitUntil(timeout: .seconds(20), "the reload to be armed") { logText().contains("configuration reload armed") }

        // Not yet an organisation: stored as ignored, not answered.
        try world.servers.deliver(world.report(from: "hsb", id: "before-reload"), to: world.gateway.address)
        try await waitUntil(timeout: .seconds(20), "the unknown sender's mail to be stored") {
            try world.store().messageCounts()["ignored"] == 1
        }

        // A broken configuration is refused and the running one stays.
        let good = try String(contentsOfFile: world.configPath, encoding: .utf8)
        try good.replacingOccurrences(of: "time_zone: Europe/Stockholm", with: "time_zone: Mars/Olympus")
            .write(toFile: world.configPath, atomically: true, encoding: .utf8)
        daemon.kill(SIGHUP)
        try await waitUntil(timeout: .seconds(20), "the refusal") { logText().contains("configuration reload refused") }
        #expect(logText().contains("time_zone"), "the refusal names the key")
        #expect(daemon.isRunning)

        // The organisation added and SIGHUP: its next report is accepted and answered.
        world.unconfigured = []
        try world.writeConfiguration()
        daemon.kill(SIGHUP)
        try await waitUntil(timeout: .seconds(20), "the reload") { logText().contains("configuration reloaded") }
        try world.servers.deliver(world.report(from: "hsb", id: "after-reload"), to: world.gateway.address)
        let replies = try await world.servers.waitForMessages(world.reporters["hsb"]!.address, timeout: .seconds(20))
        #expect(replies.count == 1, "only the report after the reload is answered")
        #expect(try world.store().messageCounts()["accepted"] == 1)

        daemon.kill(SIGTERM)
        try await waitUntil(timeout: .seconds(15), "the daemon to stop") { !daemon.isRunning }
        #expect(daemon.poll() == Subprocess.Termination(status: 0), "\(logText())")
    }
}

/// Samples keyed `name{label=value,…}` as Python's prometheus_client parser reads the text.
func promSamples(_ text: String) throws -> [String: Double] {
    let script = """
        import sys
        from prometheus_client.parser import text_string_to_metric_families
        for family in text_string_to_metric_families(sys.stdin.read()):
            for s in family.samples:
                labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
                print(f"{s.name}{{{labels}}} {s.value!r}")
        """
    let run = try Subprocess.run("/usr/bin/python3", ["-c", script], stdin: Array(text.utf8))
    guard run.status == 0 else { throw HarnessError("prometheus_client refused the metrics: \(run.stderr)") }
    var samples: [String: Double] = [:]
    for line in run.stdout.split(separator: "\n") {
        let parts = line.split(separator: " ")
        if parts.count == 2, let value = Double(parts[1]) { samples[String(parts[0])] = value }
    }
    return samples
}
