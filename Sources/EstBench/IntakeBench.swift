import Domain
import Foundation
import MailServerHarness
import OutgoingMail
import Storage

/// `est-bench intake`: N queued reports in a real Dovecot mailbox, processed by one
/// `est-gateway run --once` (fetch, parse, store, reply, move, send), against the peers measured in
/// the same run on the same mailbox: the curl command-line tool's download (one connection, a UID
/// FETCH per message: the limit) and fetchmail handing each message to an MDA (what an operator
/// would otherwise script). With `--history M`, the gateway runs again on a database that already
/// holds M earlier messages and their replies, to show that a message's cost does not grow with it.
enum IntakeBench {
    struct Run {
        var seconds: Double
        var userSeconds: Double
        var systemSeconds: Double
        var peakRSSMegabytes: Double
        var output: String
    }

    static func run(messages count: Int, history: Int, peers: Bool, gatewayBinary: String, repoRoot: URL) async throws {
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

        // Peers first; their fetches set \Seen, which the gateway does not look at.
        let download =
            peers
            ? (
                curl: try timed { try runCurl(servers: servers, user: gateway, password: password, count: count) },
                fetchmail: try timed { try runFetchmail(servers: servers, user: gateway, password: password) }
            ) : nil

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("est-bench-intake-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let empty = try runGateway(
            binary: gatewayBinary, repoRoot: repoRoot, servers: servers, gateway: gateway, reporter: reporter, password: password,
            folder: work.appendingPathComponent("empty"))
        print(empty.output)
        if case let (curl, fetchmail)? = download {
            print(
                String(
                    format: "peer (curl, one connection, UID FETCH per message, download only): %.2f s, %.0f messages/s", curl,
                    Double(count) / curl))
            print(
                String(
                    format: "peer (fetchmail, one connection, each message to an MDA): %.2f s, %.0f messages/s", fetchmail,
                    Double(count) / fetchmail))
        }
        print(describe("est-gateway run --once, empty database", empty, count: count))
        if case let (curl, fetchmail)? = download {
            print(String(format: "ratio: %.2f (gateway time / curl download time)", empty.seconds / curl))
            print(String(format: "ratio: %.2f (gateway time / fetchmail time)", empty.seconds / fetchmail))
            if let intake = phaseSeconds(empty.output, "intake:") {
                // fetchmail only downloads: its peer is the intake (fetch, parse, store, reply, move), the
                // sends have theirs below.
                print(
                    String(
                        format: "ratio: %.2f (gateway intake time, %.2f s, without its sends / fetchmail time)", intake / fetchmail, intake
                    ))
            }
            let replies = try GatewayStore(path: work.appendingPathComponent("empty/est.sqlite").path).outboxRows()
            let smtp = try timed { try sendOnOneConnection(replies.map(\.raw), servers: servers, from: gateway, to: reporter) }
            if let ours = phaseSeconds(empty.output, "outbox:") {
                print(
                    String(
                        format: "peer (Python smtplib, one STARTTLS connection, the same %d replies): %.2f s; the gateway's sends: %.2f s",
                        replies.count, smtp, ours))
                print(String(format: "ratio: %.2f (gateway send time / one-connection SMTP)", ours / smtp))
            }
        }

        guard history > 0 else { return }
        // The same mail again, in a mailbox of its own (a refilled Maildir keeps Dovecot's memory of
        // the first run's files), on a database that has seen `history` messages and their replies.
        let second = "est2@\(servers.domain)"
        try servers.addUser(second, password: password)
        try servers.fillMaildir(second, messages: corpus)
        let folder = work.appendingPathComponent("history")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let seeding = try timed {
            try seedHistory(path: folder.appendingPathComponent("est.sqlite").path, count: history, sender: reporter, raw: corpus[0])
        }
        print(String(format: "history: %d earlier messages and replies written in %.1f s", history, seeding))
        let withHistory = try runGateway(
            binary: gatewayBinary, repoRoot: repoRoot, servers: servers, gateway: second, reporter: reporter, password: password,
            folder: folder)
        print(withHistory.output)
        print(describe("est-gateway run --once, \(history) earlier messages", withHistory, count: count))
        print(String(format: "ratio: %.3f (with history / empty database)", withHistory.seconds / empty.seconds))
        if let before = phaseSeconds(empty.output, "intake:"), let after = phaseSeconds(withHistory.output, "intake:") {
            print(String(format: "ratio: %.3f (intake without sends, with history / empty database)", after / before))
        }
    }

    static func describe(_ title: String, _ run: Run, count: Int) -> String {
        String(
            format:
                "%@ (fetch, parse, store, reply, move, send): %.2f s, %.0f messages/s, CPU %.2f s user + %.2f s system, peak RSS %.1f MB",
            title, run.seconds, Double(count) / run.seconds, run.userSeconds, run.systemSeconds, run.peakRSSMegabytes)
    }

    static func timed(_ body: () throws -> Void) throws -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    /// One `run --once` under GNU time, for its CPU and peak RSS.
    static func runGateway(
        binary: String, repoRoot: URL, servers: MailServers, gateway: String, reporter: String, password: String, folder: URL
    ) throws -> Run {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var file = configuration(repoRoot: repoRoot, servers: servers, gateway: gateway, reporter: reporter, folder: folder)
        file.capPerRecipientPerHour = 10_000
        file.capPerHour = 100_000
        file.batchSize = 100
        let config = folder.appendingPathComponent("est.yaml").path
        try file.write(to: config)
        let times = folder.appendingPathComponent("time.txt").path
        let level = ProcessInfo.processInfo.environment["EST_BENCH_LOG"] ?? "error"
        let start = Date()
        // One stream, so that the summary printed keeps its log lines where they were written.
        let run = try Subprocess.run(
            "/usr/bin/time", ["-o", times, "-f", "%M %U %S", binary, "run", "--once", "--config", config, "--log-level", level],
            environment: Subprocess.inheritedEnvironment(adding: ["EST_IMAP_PASSWORD": password]), stderrToStdout: true)
        let seconds = Date().timeIntervalSince(start)
        guard run.status == 0 else { throw BenchError("est-gateway failed: \(run.output)") }
        let figures = (try String(contentsOfFile: times, encoding: .utf8)).split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        guard figures.count == 3 else { throw BenchError("GNU time wrote no figures (apt install time)") }
        return Run(
            seconds: seconds, userSeconds: figures[1], systemSeconds: figures[2], peakRSSMegabytes: figures[0] / 1024,
            output: run.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The seconds in the gateway's `intake: … in X s` or `outbox: N sent, … in X s` line.
    static func phaseSeconds(_ output: String, _ prefix: String) -> Double? {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix(prefix) }),
            let range = line.range(of: " in ", options: .backwards)
        else { return nil }
        return Double(line[range.upperBound...].split(separator: " ").first ?? "")
    }

    /// The replies sent again through the same Postfix, as plainly as SMTP allows: one connection,
    /// STARTTLS, one transaction per message.
    static func sendOnOneConnection(_ messages: [[UInt8]], servers: MailServers, from: String, to: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("est-bench-smtp-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (n, message) in messages.enumerated() {
            try Data(message).write(to: folder.appendingPathComponent(String(format: "%06d.eml", n)))
        }
        let script = """
            import os, smtplib, ssl, sys
            folder, port, ca, sender, recipient = sys.argv[1:6]
            context = ssl.create_default_context(cafile=ca)
            context.check_hostname = False
            with smtplib.SMTP("127.0.0.1", int(port)) as smtp:
                smtp.starttls(context=context)
                for name in sorted(os.listdir(folder)):
                    with open(os.path.join(folder, name), "rb") as f:
                        smtp.sendmail(sender, [recipient], f.read())
            """
        let run = try Subprocess.run(
            "/usr/bin/python3", ["-c", script, folder.path, "\(servers.smtpPort)", servers.caCertificatePath, from, to])
        guard run.status == 0 else { throw BenchError("the SMTP peer failed: \(run.output)") }
    }

    /// The benchmarks' gateway: one mailbox on the bench's servers, one organisation with one reporter,
    /// its database in `folder`.
    static func configuration(
        repoRoot: URL, servers: MailServers, gateway: String, reporter: String, folder: URL
    ) -> GatewayConfigurationFile {
        GatewayConfigurationFile(
            repoRoot: repoRoot, gateway: gateway, database: folder.appendingPathComponent("est.sqlite").path,
            imapURL: servers.imapsURL, smtpURL: servers.smtpURL, caFile: servers.caCertificatePath,
            organisations: [.init(id: "mimer", name: "Bostads AB Mimer", addresses: [reporter])])
    }

    /// The curl command-line tool's download: one connection, a UID FETCH per message, nothing kept.
    static func runCurl(servers: MailServers, user: String, password: String, count: Int) throws {
        let run = try Subprocess.run(
            "/usr/bin/curl",
            [
                "--silent", "--show-error", "--cacert", servers.caCertificatePath, "--user", "\(user):\(password)",
                "--output", "/dev/null", "\(servers.imapsURL)/INBOX;UID=[1-\(count)]",
            ])
        guard run.status == 0 else { throw BenchError("curl failed: \(run.output)") }
    }

    /// fetchmail as an operator would run it: one connection, every message to an MDA, left on the server.
    static func runFetchmail(servers: MailServers, user: String, password: String) throws {
        guard let port = servers.imapsURL.split(separator: ":").last else { throw BenchError("no IMAPS port") }
        let rc = FileManager.default.temporaryDirectory.appendingPathComponent("est-bench-fetchmailrc-\(getpid())").path
        try """
        poll 127.0.0.1 service \(port) protocol IMAP auth password
          user "\(user)" password "\(password)" is root here
          ssl sslcertck sslcommonname localhost sslcertfile "\(servers.caCertificatePath)"
          keep fetchall mda "/bin/sh -c 'cat >/dev/null'"
        """.write(toFile: rc, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: rc) }
        // fetchmail refuses a run-control file others may read.
        chmod(rc, 0o600)
        let home = FileManager.default.temporaryDirectory.path
        let run = try Subprocess.run(
            "/usr/bin/fetchmail", ["--fetchmailrc", rc, "--nodetach", "--nosyslog", "--silent", "--idfile", rc + ".ids"],
            environment: Subprocess.inheritedEnvironment(adding: ["HOME": home, "FETCHMAILHOME": home]))
        try? FileManager.default.removeItem(atPath: rc + ".ids")
        // 0: mail fetched; 1: none (would mean the mailbox was empty: a broken benchmark).
        guard run.status == 0 else { throw BenchError("fetchmail failed (\(run.status)): \(run.output)") }
    }

    /// A year of earlier reports, each with its raw mail and its sent acknowledgment, as the gateway leaves them.
    static func seedHistory(path: String, count: Int, sender: String, raw: [UInt8]) throws {
        let store = try GatewayStore(path: path)
        let reply = Array(repeating: UInt8(ascii: "x"), count: 6_000)
        let start = Date().addingTimeInterval(-400 * 86_400)
        let stride = 365.0 * 86_400 / Double(max(count, 1))
        var reports: [FixtureReport] = []
        for n in 0..<count {
            let received = start.addingTimeInterval(Double(n) * stride)
            let day = LocalDate(received, in: TimeZone(identifier: "Europe/Stockholm")!)
            reports.append(
                FixtureReport(
                    organisation: "mimer", sender: sender, week: day.isoWeek, receivedAt: received,
                    incidents: [
                        Incident(
                            area: "raby", place: "Råbyvägen \(n % 90)", date: day, categories: ["KLOT"],
                            description: "Klotter i trapphuset.")
                    ]))
            if reports.count == 5_000 || n == count - 1 {
                try store.insertFixtures(reports, raw: raw, reply: reply)
                reports.removeAll(keepingCapacity: true)
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
