import ArgumentParser
import Daemon
import Domain
import Foundation
import Storage

/// The operator's view of the outbox: what waits, what failed, what a crash made go out again.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List outgoing mail, or send a failed one again.",
        discussion: """
            Every mail the gateway sends goes through the outbox: replies, digests, reminders and alerts. \
            A row that failed (a permanent SMTP refusal, or retries given up) stays failed until a person \
            retries it; a row a crash interrupted is sent again by itself, and marked a possible duplicate \
            when the whole message had gone out before the crash.
            """,
        subcommands: [List.self, Retry.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List outbox rows, oldest first.",
            discussion: "Reads the database only; safe while the daemon runs.")

        @Option(help: ArgumentHelp("Only rows in this state: pending, sending, sent or failed; default all.", valueName: "status"))
        var status: OutboxStatus?

        @Option(help: "At most this many rows (the newest).")
        var limit = 100

        @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
        var database: String?

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let store = try await OutboxCommand.open(options, database: database, command: "outbox list")
            let rows = try store.outboxRows(status: status, newest: max(1, limit))
            if rows.isEmpty {
                print("no outbox rows\(status.map { " with status \($0.rawValue)" } ?? "")")
                return
            }
            for row in rows {
                var line = "\(GatewayStatus.describe(row)) \(row.status.rawValue), \(row.attempts) attempt\(row.attempts == 1 ? "" : "s")"
                if row.resent > 0 { line += ", sent again after a crash \(row.resent)×" }
                if row.possibleDuplicate { line += ", possible duplicate" }
                if let error = row.lastError, row.status != .sent { line += ": \(error)" }
                print(line)
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue a failed row again; the daemon sends it on its next pass.",
            discussion: "Exit status 1 when the row does not exist or is not failed.")

        @Argument(help: "The row's number, as `outbox list` shows it (#12 → 12).")
        var id: Int64

        @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
        var database: String?

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let store = try await OutboxCommand.open(options, database: database, command: "outbox retry")
            do {
                let row = try store.retryFailed(id)
                print("queued again: \(GatewayStatus.describe(row))")
            } catch let error as OutboxError {
                printError("est-gateway outbox retry: \(error)")
                throw ExitCode(1)
            }
        }
    }

    static func open(_ options: ConfigOption, database: String?, command: String) async throws -> GatewayStore {
        let settings = try await GatewayContext.settings(options)
        let path = database ?? settings.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            printError("est-gateway \(command): no database at \(path); the gateway has not run yet (or pass --database)")
            throw ExitCode(1)
        }
        return try GatewayStore(path: path)
    }
}

extension OutboxStatus: ExpressibleByArgument {}
