import Foundation
import MailServerHarness
import Storage
import Testing

/// `purge` and `backup` as an operator runs them: the real executable on a database the test wrote.
@Suite struct RetentionCommandLineTests {
    let binary = TestSupport.gatewayBinary
    let config = TestSupport.exampleConfig

    /// A database holding one report received in September 2018.
    func database() async throws -> String {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("est.sqlite").path
        let received = Date(timeIntervalSince1970: 1_536_134_400)
        let store = try GatewayStore(path: path, clock: { received })
        let raw = TestSupport.mail(TestSupport.mimerHeaders(messageID: "cli@mimer.example"), body: TestSupport.reportBody)
        let outcome = TestSupport.pipeline(try await TestSupport.settings()).evaluate(raw, receivedAt: received)
        _ = try store.store(raw: raw, outcome: outcome, receivedAt: received)
        return path
    }

    func environment(_ overrides: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(overrides) { $1 }
    }

    @Test func purgeCountsFirstThenRemovesOnceAndSaysSo() async throws {
        let database = try await database()
        let off = try Subprocess.run(binary, ["purge", "--database", database, "--config", config])
        #expect(off.status == 2 && off.stderr.contains("retention is off"), "\(off.stderr)")

        let on = environment(["RETENTION_RAW_DAYS": "30", "RETENTION_FREE_TEXT_DAYS": "60"])
        let dry = try Subprocess.run(binary, ["purge", "--dry-run", "--database", database, "--config", config], environment: on)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(
            dry.stdout.contains("would remove: raw bytes of 1 received message and 0 sent mail, free text of 1 incident"), "\(dry.stdout)")
        let dryAgain = try Subprocess.run(binary, ["purge", "--dry-run", "--database", database, "--config", config], environment: on)
        #expect(dryAgain.stdout == dry.stdout, "a dry run changes nothing")

        let purged = try Subprocess.run(binary, ["purge", "--database", database, "--config", config], environment: on)
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(
            purged.stdout.contains("removed: raw bytes of 1 received message and 0 sent mail, free text of 1 incident"), "\(purged.stdout)")
        #expect(!purged.stdout.contains("Råbyvägen") && !purged.stdout.contains("anna@"), "counts, never content")
        let again = try Subprocess.run(binary, ["purge", "--database", database, "--config", config], environment: on)
        #expect(again.stdout.contains("removed: raw bytes of 0 received messages"), "\(again.stdout)")

        let export = try Subprocess.run(binary, ["export", "--format", "csv", "--database", database, "--config", config])
        #expect(export.status == 0 && export.stdout.contains("EST-2018-000001") && !export.stdout.contains("Råbyvägen"))

        let noKey = try Subprocess.run(
            binary, ["purge", "--database", database, "--config", config],
            environment: environment(["RETENTION_PSEUDONYMISE_DAYS": "30", "RETENTION_PSEUDONYM_KEY_FILE": "/nonexistent/est.key"]))
        #expect(noKey.status == 2 && noKey.stderr.contains("head -c 32 /dev/urandom"), "\(noKey.stderr)")
        let check = try Subprocess.run(
            binary, ["config", "check", "--config", config],
            environment: environment(["RETENTION_PSEUDONYMISE_DAYS": "30", "RETENTION_PSEUDONYM_KEY_FILE": "/nonexistent/est.key"]))
        #expect(check.status == 2 && check.stderr.contains("retention.pseudonym_key_file"), "\(check.stderr)")
        let run = try Subprocess.run(
            binary, ["run", "--once", "--database", database, "--config", config],
            environment: environment([
                "RETENTION_PSEUDONYMISE_DAYS": "30", "RETENTION_PSEUDONYM_KEY_FILE": "/nonexistent/est.key", "EST_IMAP_PASSWORD": "x",
                "EST_SMTP_PASSWORD": "x",
            ]))
        #expect(run.status == 2 && run.stderr.contains("pseudonym key file"), "the daemon does not start without its key: \(run.stderr)")
        let checkOn = try Subprocess.run(binary, ["config", "check", "--config", config], environment: on)
        #expect(
            checkOn.status == 0 && checkOn.stdout.contains("raw message bytes and sent mail deleted 30 days after receipt"),
            "\(checkOn.stdout)")
    }

    @Test func backupWritesACheckedCopyAndNeverOverwritesUnasked() async throws {
        let database = try await database()
        let copy = try TestSupport.temporaryDirectory().appendingPathComponent("copy.sqlite").path
        let first = try Subprocess.run(binary, ["backup", copy, "--database", database, "--config", config])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stdout.contains("wrote \(copy): ") && first.stdout.contains("schema v14-outbox-minutes, integrity ok"), "\(first.stdout)")
        let restored = try GatewayStore(path: copy)
        #expect(try restored.incidents(IncidentQuery()).map(\.ref) == ["EST-2018-000001"])

        let refused = try Subprocess.run(binary, ["backup", copy, "--database", database, "--config", config])
        #expect(refused.status == 1 && refused.stderr.contains("--force"), "\(refused.stderr)")
        let forced = try Subprocess.run(binary, ["backup", copy, "--force", "--database", database, "--config", config])
        #expect(forced.status == 0, "\(forced.stderr)")
        let missing = try Subprocess.run(binary, ["backup", copy, "--force", "--database", "/nonexistent/est.sqlite", "--config", config])
        #expect(missing.status == 1 && missing.stderr.contains("no database"), "\(missing.stderr)")
        let help = try Subprocess.run(binary, ["backup", "--help"])
        #expect(help.stdout.contains("Restore: stop the daemon"), "\(help.stdout)")
    }
}
