import Assembly
import Daemon
import Foundation
import MIME
import MailServerHarness
import Settings
import Storage
import Testing

/// `est-gateway report` as an operator runs it: the real executable, its help, its errors and exit codes, printing,
/// the mail it would send, and queueing once.
@Suite struct ReportCommandTests {
    let binary = BuiltProduct.path("est-gateway", repoRoot: PilotWorld.repoRoot)

    func run(_ arguments: [String]) throws -> Subprocess.Result { try Subprocess.run(binary, ["report"] + arguments) }

    @Test func helpExplainsThePeriodsAndWhatIsSent() throws {
        let help = try run(["--help"])
        #expect(help.status == 0)
        for text in [
            "--from <date>", "--to <date>", "--quarter <quarter>", "--tertial <tertial>", "--pilot", "--format", "--send", "--dry-run",
            "--output <file>", "2018-T3", "T1 January–April", "pilot.start", "working_group.members", "CSV",
        ] {
            #expect(help.stdout.contains(text), "\(text)")
        }
    }

    @Test(arguments: [
        ([String](), "choose the period"),
        (["--tertial", "2018-T3", "--pilot"], "choose one period"),
        (["--quarter", "2018-Q4", "--from", "2018-10-01", "--to", "2018-10-31"], "choose one period"),
        (["--from", "2018-09-01"], "--from needs --to"),
        (["--to", "2018-09-01"], "--to needs --from"),
        (["--from", "2018-10-01", "--to", "2018-09-30"], "--to 2018-09-30 is before --from 2018-10-01"),
        (["--from", "2016-01-01", "--to", "2018-12-31"], "at most 731 days"),
        (["--quarter", "2018-Q5"], "\"2018-Q5\" is not a quarter"),
        (["--tertial", "2018-T4"], "\"2018-T4\" is not a tertial"),
        (["--tertial", "T3"], "is not a tertial"),
        (["--from", "2018-13-01", "--to", "2018-12-31"], "2018-13-01"),
        (["--tertial", "2018-T3", "--send", "--format", "html"], "--format chooses what is printed"),
        (["--tertial", "2018-T3", "--send", "--output", "x.eml"], "use --dry-run --output"),
        (["--tertial", "2018-T3", "--format", "pdf"], "pdf"),
    ])
    func badArgumentsAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let result = try run(arguments + ["--config", PilotWorld.repoRoot.appendingPathComponent("config/est-gateway.example.yaml").path])
        #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }

    @Test func pilotWithoutAPilotSaysWhichKeysToSet() throws {
        let directory = try PilotWorld.temporaryDirectory("nopilot")
        let config = try PilotWorld.writeConfiguration(in: directory, pilot: false)
        let result = try run(["--pilot", "--config", config])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("no pilot is configured; set pilot.start and pilot.end in \(config)"), "\(result.stderr)")
        let future = try run(["--from", "2099-01-01", "--to", "2099-01-31", "--config", config])
        #expect(future.status == 64 && future.stderr.contains("has not begun yet"), "\(future.stderr)")
    }

    @Test func printsTheReportAsTextOrHTML() async throws {
        let world = try await PilotWorld.shared()
        let text = try run(["--pilot", "--database", world.databasePath, "--config", world.configPath])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("EST PERIODRAPPORT: PILOTPERIODEN\n"))
        #expect(text.stdout.contains("\(try world.report().total.total) händelser under 1 september 2018–28 februari 2019"))
        let file = world.directory.appendingPathComponent("t3-\(UUID().uuidString.prefix(6)).html").path
        let html = try run([
            "--tertial", "2018-T3", "--format", "html", "--output", file, "--database", world.databasePath, "--config", world.configPath,
        ])
        #expect(html.status == 0 && html.stdout.isEmpty, "\(html.stderr)")
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written.hasPrefix("<!DOCTYPE html>\n<html lang=\"sv\">") && written.contains("tertial 3 2018 (september–december)"))
        let missing = try run(["--pilot", "--database", "/nonexistent/est.sqlite", "--config", world.configPath])
        #expect(missing.status == 1 && missing.stderr.contains("no database at /nonexistent/est.sqlite"))
    }

    @Test func dryRunShowsAndWritesTheMailAndSendQueuesItOnce() async throws {
        let directory = try PilotWorld.temporaryDirectory("cli")
        let config = try PilotWorld.writeConfiguration(in: directory)
        let settings = try await SettingsLoader.load(path: config, environment: [:])
        let database = directory.appendingPathComponent("est.sqlite").path
        let store = try GatewayStore(path: database)
        let processor = MessageProcessor(pipeline: GatewayAssembly.pipeline(settings), store: store, folders: OutcomeFolders(), plan: nil)
        let mail = PilotSeed.mail(
            [
                "From: Anna <anna@mimer.example>", "To: est@vasteras.example", "Subject: EST", "Date: Sun, 14 Oct 2018 21:00:00 +0200",
                "Message-ID: <cli@mimer.example>",
            ], body: "Område: Hammarby\nPlats: Hammarby centrum\nDatum: 2018-10-12\nKategori: Stök\nBeskrivning: Bråk vid torget.\n")
        #expect(try processor.process(mail, source: nil).outcome.result.status == .accepted)
        let common = ["--tertial", "2018-T3", "--database", database, "--config", config]

        let eml = directory.appendingPathComponent("t3.eml").path
        let dry = try run(common + ["--dry-run", "--output", eml])
        #expect(dry.status == 0, "\(dry.stderr)")
        for member in settings.workingGroup.members { #expect(dry.stdout.contains("would queue report:2018-T3:\(member)")) }
        #expect(dry.stdout.contains("subject: EST periodrapport T3 2018") && dry.stdout.contains("attachment: est-händelser-2018-T3.csv"))
        let parsed = try MailMessage.parse(Array(try Data(contentsOf: URL(fileURLWithPath: eml))))
        #expect(parsed.allParts().filter(\.isAttachment).count == 2)
        #expect(try store.outboxRows().isEmpty, "a dry run queues nothing")

        let send = try run(common + ["--send"])
        #expect(send.status == 0, "\(send.stderr)")
        #expect(send.stdout == "queued " + settings.workingGroup.members.map { "report:2018-T3:\($0)" }.joined(separator: ", ") + "\n")
        let again = try run(common + ["--send"])
        #expect(again.stdout == "report 2018-T3: already queued earlier; nothing new\n", "\(again.stdout)")
        #expect(try store.outboxRows().filter { $0.kind == .report }.count == 3)
        let nothing = try run(["--quarter", "2018-Q2", "--send", "--database", database, "--config", config])
        #expect(nothing.stdout == "not queued: report:2018-Q2 (no reports in the period)\n", "\(nothing.stdout)")
    }
}
