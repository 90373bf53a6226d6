import Foundation
import MIME
import MailServerHarness

/// `scripts/demo`: real Dovecot and Postfix on 127.0.0.1 in a temporary folder, sample reports from
/// several organisations sent through Postfix, the gateway run once, and what it stored and sent.
@main
struct Demo {
    static func main() async throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let binary = CommandLine.arguments.dropFirst().first ?? repo.appendingPathComponent(".build/debug/est-gateway").path

        section("1. Starting real mail servers on 127.0.0.1")
        let servers = try MailServers.start()
        defer {
            servers.stop()
            print("\nMail servers stopped.")
        }
        print("Dovecot IMAPS :\(servers.imapsPort), Postfix SMTP :\(servers.smtpPort) (STARTTLS), in \(servers.directory.path)")

        let domain = servers.domain
        let gateway = "est@\(domain)"
        let users = ["est", "anna.lind", "rektor", "butik.backby", "night.ops", "fritidsgard", "okand", "lena.ek"]
        var passwords: [String: String] = [:]
        for user in users {
            let password = "demo-\(UUID().uuidString.prefix(8))"
            try servers.addUser(user, password: password)
            passwords[user] = password
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("est-demo-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let config = work.appendingPathComponent("est-gateway.yaml").path
        let database = work.appendingPathComponent("est.sqlite").path
        try DemoConfiguration.file(repo: repo, servers: servers, gateway: gateway, database: database).write(to: config)
        print("Gateway mailbox \(gateway); configuration \(config)")

        section("2. Reporters send their mail through Postfix")
        let samples = DemoMail.samples(gateway: gateway, domain: domain)
        for sample in samples {
            let reply = try servers.sendSMTP(from: sample.from, to: [gateway], message: Array(sample.raw.utf8))
            print("  \(sample.from.padding(toLength: 28, withPad: " ", startingAt: 0)) \(sample.title)  [\(reply.code)]")
        }
        _ = try await servers.waitForMessages(gateway, count: samples.count, timeout: .seconds(20))
        print("All \(samples.count) messages are in the gateway's inbox.")

        section("3. est-gateway run --once")
        let environment = ["EST_IMAP_PASSWORD": passwords["est"]!]
        print(try run(binary, ["run", "--once", "--config", config, "--log-level", "warning"], environment))

        section("4. What the gateway stored (est-gateway export --format jsonl)")
        let lines = try Subprocess.run(
            binary, ["export", "--format", "jsonl", "--config", config],
            environment: Subprocess.inheritedEnvironment(adding: environment)
        ).stdout
        var mimerReferences: [String] = []
        for line in lines.split(separator: "\n") {
            guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            if record["organisation"] as? String == "mimer", let ref = record["ref"] as? String { mimerReferences.append(ref) }
            let fields = ["ref", "organisation", "area", "date", "time_from", "time_of_day", "categories", "place"].map { key -> String in
                switch record[key] {
                case let list as [String]: return list.joined(separator: "+")
                case let text as String: return text
                default: return "–"
                }
            }
            print("  " + fields.joined(separator: " | "))
        }
        print("\n" + (try run(binary, ["status", "--config", config], environment)))

        section("5. The replies, as they arrived in the reporters' mailboxes")
        try await Task.sleep(for: .seconds(1))
        for user in users.dropFirst().filter({ $0 != "lena.ek" }) {
            let inbox = servers.messages(user)
            print(
                "\n── \(servers.address(user)): \(inbox.isEmpty ? "no mail (nothing is ever sent to unknown or automatic senders)" : "\(inbox.count) message(s)")"
            )
            for stored in inbox {
                guard let message = try? MailMessage.parse(stored.bytes) else { continue }
                print("Subject: \(message.subject ?? "")")
                for header in ["In-Reply-To", "Auto-Submitted", "Precedence"] {
                    if let value = message.headers.first(header) { print("\(header): \(value)") }
                }
                let body = message.readableBody().text
                let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
                print(lines.prefix(28).map { "  │ " + $0 }.joined(separator: "\n"))
                if lines.count > 28 { print("  │ … (\(lines.count - 28) more lines)") }
            }
        }

        section("6. Anna corrects one incident by replying to her acknowledgment, and withdraws the other")
        if let changed = try DemoCorrections.send(servers: servers, gateway: gateway, references: mimerReferences) {
            _ = try await servers.waitForMessages(gateway, count: 2, timeout: .seconds(20))
            print("  Rätta \(changed.corrected) / Område: Hammarby   and   Återkalla \(changed.withdrawn)")
            print(try run(binary, ["run", "--once", "--config", config, "--log-level", "warning"], environment))
            try await Task.sleep(for: .seconds(1))
            for stored in servers.messages("anna.lind") {
                guard let message = try? MailMessage.parse(stored.bytes), message.messageID?.hasPrefix("<change.") == true else { continue }
                print("Subject: \(message.subject ?? "")")
                let body = message.readableBody().text.split(separator: "\n", omittingEmptySubsequences: false)
                print(body.prefix(16).map { "  │ " + $0 }.joined(separator: "\n"))
            }
            let states = try run(binary, ["export", "--format", "csv", "--include-withdrawn", "--config", config], environment)
            print("\nexport --include-withdrawn (ref, area, state, version):")
            for row in states.split(separator: "\r\n").dropFirst() {
                let cells = row.split(separator: ",", omittingEmptySubsequences: false)
                guard cells.count > 5, cells[0].hasPrefix("EST-") else { continue }
                print("  \(cells[0]) \(cells[5]) \(cells[cells.count - 2]) v\(cells[cells.count - 1])")
            }
        } else {
            print("  (Anna got no acknowledgment naming two incidents; nothing to correct)")
        }

        section("7. Lena, of the working group, registers an insats by mail; its figures so far (est-gateway insats effect)")
        let start = try DemoInsats.send(servers: servers, gateway: gateway)
        _ = try await servers.waitForMessages(gateway, count: 1, timeout: .seconds(20))
        print("  Insats: Kvällsvandringar i Råby centrum / Område: Råby / Start: \(start) …")
        print(try run(binary, ["run", "--once", "--config", config, "--log-level", "warning"], environment))
        try await Task.sleep(for: .seconds(1))
        if let answer = servers.messages("lena.ek").compactMap({ try? MailMessage.parse($0.bytes) }).first {
            print("Subject: \(answer.subject ?? "")")
            print(
                answer.readableBody().text.split(separator: "\n", omittingEmptySubsequences: false).prefix(30).map { "  │ " + $0 }.joined(
                    separator: "\n"))
        }
        print(try run(binary, ["insats", "list", "--config", config], environment))
        if let reference = try run(binary, ["insats", "list", "--config", config], environment).split(separator: " ").first {
            print(try run(binary, ["insats", "effect", String(reference), "--until", currentWeek(), "--config", config], environment))
        }

        section("8. The working group's lägesbild for this week so far (est-gateway digest)")
        let digest = try run(binary, ["digest", "--week", currentWeek(), "--config", config], environment)
        let digestLines = digest.split(separator: "\n", omittingEmptySubsequences: false)
        print(digestLines.prefix(45).joined(separator: "\n"))
        if digestLines.count > 45 { print("… (\(digestLines.count - 45) more lines; --format html gives the HTML version)") }

        section("9. The pilot report so far, its first screen (est-gateway report --pilot)")
        let pilot = try run(binary, ["report", "--pilot", "--config", config], environment)
        print(pilot.split(separator: "\n", omittingEmptySubsequences: false).prefix(40).joined(separator: "\n"))
        print("… (--format html for the HTML; --send mails it to the working group with the CSV attachments)")

        section("10. The gateway's folders on the IMAP server")
        // Dovecot keeps folder names on disk as IMAP writes them: modified UTF-7 (Karantän → Karant&AOQ-n).
        for (folder, onDisk) in [
            ("INBOX", "INBOX"), ("EST/Behandlade", "EST/Behandlade"), ("EST/Avvisade", "EST/Avvisade"),
            ("EST/Ignorerade", "EST/Ignorerade"), ("EST/Karantän", "EST/Karant&AOQ-n"),
        ] {
            print("  \(folder.padding(toLength: 16, withPad: " ", startingAt: 0)) \(servers.messages(gateway, mailbox: onDisk).count)")
        }
    }

    static func currentWeek() -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Europe/Stockholm")!
        let c = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: Date())
        return String(format: "%04d-W%02d", c.yearForWeekOfYear!, c.weekOfYear!)
    }

    static func section(_ title: String) {
        print("\n\(title)\n" + String(repeating: "═", count: title.count))
    }

    /// What an operator would see on the terminal: both streams, in the order written.
    static func run(_ binary: String, _ arguments: [String], _ environment: [String: String]) throws -> String {
        try Subprocess.run(
            binary, arguments, environment: Subprocess.inheritedEnvironment(adding: environment),
            stderrToStdout: true
        ).stdout.trimmingCharacters(in: .newlines)
    }
}
