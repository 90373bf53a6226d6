import Foundation
import MailServerHarness
import OutgoingMail

/// `est-bench intake`: N queued reports in a real Dovecot mailbox, processed by one
/// `est-gateway run --once` (fetch, parse, store, reply, move, send), against a raw download of the
/// same mailbox by the curl command-line tool (one process, one connection, a UID FETCH per message)
/// measured in the same run.
enum IntakeBench {
    static func run(messages count: Int, gatewayBinary: String, repoRoot: URL) async throws {
        let servers = try MailServers.start()
        defer { servers.stop() }
        let gateway = "est@\(servers.domain)", reporter = "anna@\(servers.domain)"
        let password = "bench-\(UUID().uuidString.prefix(8))"
        try servers.addUser(gateway, password: password)
        try servers.addUser(reporter, password: "x")
        var sample = SampleMail(seed: 0x0E57_2018)
        let corpus = (0..<count).map { index -> [UInt8] in
            // The generated mails come from the reporter, so each is a registered report that is answered.
            let text = String(decoding: sample.message(index: index), as: UTF8.self)
                .replacingOccurrences(of: "anna@mimer.example", with: reporter)
                .replacingOccurrences(
                    of: "Date: Tue, 4 Sep 2018 08:00:00 +0200",
                    with: "Date: \(MessageWriter.rfc5322Date(Date(), timeZone: TimeZone(identifier: "Europe/Stockholm")!))")
            return Array(text.utf8)
        }
        try servers.fillMaildir(gateway, messages: corpus)
        let bytes = corpus.reduce(0) { $0 + $1.count }
        print("mailbox: \(count) reports, \(String(format: "%.1f", Double(bytes) / 1e6)) MB in Dovecot (\(servers.imapsURL))")

        // Peer first: curl's fetch sets \Seen, which the gateway does not look at.
        let curlStart = Date()
        let curl = try Subprocess.run(
            "/usr/bin/curl",
            [
                "--silent", "--show-error", "--cacert", servers.caCertificatePath, "--user", "\(gateway):\(password)",
                "--output", "/dev/null", "\(servers.imapsURL)/INBOX;UID=[1-\(count)]",
            ])
        let curlSeconds = Date().timeIntervalSince(curlStart)
        guard curl.status == 0 else { throw BenchError("curl failed: \(curl.output)") }

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("est-bench-intake-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var file = GatewayConfigurationFile(
            repoRoot: repoRoot, gateway: gateway, database: work.appendingPathComponent("est.sqlite").path,
            imapURL: servers.imapsURL, smtpURL: servers.smtpURL, caFile: servers.caCertificatePath,
            organisations: [.init(id: "mimer", name: "Bostads AB Mimer", addresses: [reporter])])
        file.capPerRecipientPerHour = 10_000
        file.capPerHour = 100_000
        file.batchSize = 100
        let config = work.appendingPathComponent("est.yaml").path
        try file.write(to: config)

        let gatewayStart = Date()
        let level = ProcessInfo.processInfo.environment["EST_BENCH_LOG"] ?? "error"
        // One stream, so that the summary printed below keeps its log lines where they were written.
        let run = try Subprocess.run(
            gatewayBinary, ["run", "--once", "--config", config, "--log-level", level],
            environment: Subprocess.inheritedEnvironment(adding: ["EST_IMAP_PASSWORD": password]),
            stderrToStdout: true)
        let gatewaySeconds = Date().timeIntervalSince(gatewayStart)
        guard run.status == 0 else { throw BenchError("est-gateway failed: \(run.output)") }
        print(run.output.trimmingCharacters(in: .whitespacesAndNewlines))
        print(
            String(
                format: "peer (curl, one connection, UID FETCH per message, download only): %.2f s, %.0f messages/s", curlSeconds,
                Double(count) / curlSeconds))
        print(
            String(
                format: "est-gateway run --once (fetch, parse, store, reply, move, send): %.2f s, %.0f messages/s", gatewaySeconds,
                Double(count) / gatewaySeconds))
        print(String(format: "ratio: %.2f (gateway time / curl download time)", gatewaySeconds / curlSeconds))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
