import ArgumentParser
import Domain
import Foundation
import Periodic
import ReadModels
import Settings
import Storage

/// Gallring by hand: what the daemon's daily pass does, run now and to the end, or only counted.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete and pseudonymise what is past the retention periods (gallring).",
        discussion: """
            Applies the retention section of the configuration now: raw message bytes and sent mail past retention.raw_days are deleted, reporter addresses past retention.pseudonymise_days become keyed pseudonyms, and Plats, Beskrivning and Åtgärd of incidents past retention.free_text_days are cleared. Counts, dates, areas, categories and Trygghet stay. The daemon does the same once a day; this runs it to the end in short transactions, safe while the daemon runs, and can be run again (what is done is not done twice).
            --dry-run: count what would be removed and change nothing.
            Output: counts only, never content.
            Exit status: 0 done (or nothing due); 1 no database; 2 retention is not configured, the configuration has problems, or the pseudonym key cannot be read.
            """
    )

    @Flag(help: "Count what would be removed; change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let settings = try await GatewayContext.settings(options)
        let retention = settings.retention
        guard retention.isEnabled else {
            printError(
                "est-gateway purge: retention is off; set retention.raw_days, retention.pseudonymise_days or retention.free_text_days in \(options.config) (the municipality's gallringsbeslut decides the periods)"
            )
            throw ExitCode(2)
        }
        let store = try await OutboxCommand.open(options, database: database, command: "purge")
        let now = store.now
        let cutoffs = PeriodicRunner.cutoffs(retention, now: now)
        if dryRun {
            print("would remove: " + Self.describe(try store.retentionDue(cutoffs)))
            return
        }
        let pseudonym: (@Sendable (String) -> String)?
        do {
            pseudonym = try PeriodicRunner.pseudonymiser(retention)
        } catch {
            printError("est-gateway purge: \(error)")
            throw ExitCode(2)
        }
        let pass = try store.purge(cutoffs, pseudonym: pseudonym, day: LocalDate(now, in: settings.timeZone))
        print("removed: " + Self.describe(pass.counts))
    }

    static func describe(_ c: RetentionCounts) -> String {
        "raw bytes of \(c.rawMessages) received message\(c.rawMessages == 1 ? "" : "s") and \(c.sentMail) sent mail, free text of \(c.freeTextIncidents) incident\(c.freeTextIncidents == 1 ? "" : "s"), \(c.addresses) address\(c.addresses == 1 ? "" : "es") pseudonymised"
    }
}

/// An online copy of the database, for backups taken while the daemon runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database to FILE, safe while the daemon runs.",
        discussion: """
            Uses SQLite's online backup: the copy is one snapshot of the database, whatever the daemon writes meanwhile, and it is written beside FILE and renamed into place only when complete. The copy is checked (PRAGMA integrity_check) before the command reports success.
            Restore: stop the daemon, copy the backup over the database path (storage.database), start the daemon.
            Exit status: 0 written; 1 FILE exists (without --force), no database, or the copy failed its check.
            """
    )

    @Argument(help: ArgumentHelp("Where to write the copy.", valueName: "file"))
    var file: String

    @Flag(help: "Replace FILE when it exists.")
    var force = false

    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let store = try await OutboxCommand.open(options, database: database, command: "backup")
        let result: BackupResult
        do {
            result = try store.backup(to: file, replacing: force)
        } catch let error as BackupError {
            printError("est-gateway backup: \(error)")
            throw ExitCode(1)
        }
        print("wrote \(result.path): \(result.bytes) bytes, schema \(result.schemaVersion), integrity ok")
    }
}
