import ArgumentParser
import Assembly
import Daemon
import Foundation
import Logging
import MailConnections
import Monitoring
import Periodic
import ServiceLifecycle
import Settings
import Storage

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the gateway: poll the IMAP mailbox, store and answer reports, send the outbox.",
        discussion: """
            Runs until SIGTERM or SIGINT, which finish the message in hand and exit 0. IMAP or SMTP trouble is logged and retried with a growing pause; nothing is lost meanwhile.
            --once: one poll and one outbox pass, then exit (for cron and tests).
            --dry-run: read and parse what is new and print what would happen; stores nothing, sends nothing, moves nothing.
            Exit status: 0 done; 1 a poll or send failed (with --once); 2 bad configuration or a missing secret (a password, or the pseudonym key of retention.pseudonym_key_file); 3 another process holds the mailbox lease.
            Secrets: the IMAP password comes from the environment variable named by imap.password_env (default EST_IMAP_PASSWORD) or from imap.password_file; with imap.auth: xoauth2, an OAuth 2 access token from imap.token_file, read again for every new connection so that a refresher can replace it. Likewise for SMTP (smtp.username turns SMTP AUTH on).
            SIGHUP rereads the configuration (organisations, areas, members, contacts, caps, templates) for the next poll; a configuration that does not pass `config check` is refused with a log line and the running one stays. Connections, the database and the folders change only with a restart.
            """
    )

    @Flag(help: "One poll and one outbox pass, then exit.")
    var once = false

    @Flag(help: "Read and parse only: store, send and move nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error.", valueName: "level"))
    var logLevel: Logger.Level = .info

    @Option(help: ArgumentHelp("Log lines as text, or as one JSON object per line (for journald and log shippers).", valueName: "format"))
    var logFormat: LogFormat = .text

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let settings = try await GatewayContext.settings(options)
        let level = logLevel
        let format = logFormat
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let logger = Logger(label: "est.gateway")

        let daemonConfiguration: DaemonConfiguration
        let connections: MailConnections
        do {
            daemonConfiguration = try DaemonConfiguration(settings: settings)
            connections = try MailConnections(settings: settings, logger: logger)
            // A key that cannot be read would fail every daily pass; say so now, like a missing password.
            _ = try PeriodicRunner.pseudonymiser(settings.retention)
        } catch {
            printError("est-gateway run: \(error)")
            throw ExitCode(2)
        }
        let store: GatewayStore
        do {
            store = try GatewayStore(path: database ?? settings.databasePath)
        } catch {
            printError("est-gateway run: cannot open the database \(database ?? settings.databasePath): \(error)")
            throw ExitCode(1)
        }
        let daemon: GatewayDaemon
        do {
            daemon = try GatewayAssembly.daemon(
                settings, configuration: daemonConfiguration, store: store,
                imap: connections.imap, smtp: connections.smtp, logger: logger)
        } catch {
            printError("est-gateway run: \(error)")
            throw ExitCode(2)
        }

        if once || dryRun {
            if !dryRun {
                do { try daemon.acquireLease() } catch { printError("est-gateway run: \(error)"); throw ExitCode(3) }
                try daemon.recoverCrashLeftovers()
            }
            defer { if !dryRun { daemon.releaseLease() } }
            var printer: (@Sendable (String) -> Void)? = nil
            if dryRun { printer = printLine }
            let result = await daemon.cycle(dryRun: dryRun, report: printer)
            if let intake = result.intake {
                let statuses = ["accepted", "rejected", "ignored", "quarantined"].map { "\(intake.byStatus[$0, default: 0]) \($0)" }
                print(
                    "intake: \(intake.fetched) fetched, \(intake.stored) stored, \(intake.duplicates) duplicate, \(intake.moved) moved ("
                        + statuses.joined(separator: ", ") + ") in \(Self.seconds(result.intakeDuration))")
            }
            if let periodic = result.periodic, !periodic.queued.isEmpty {
                print("periodic: \(dryRun ? "would queue" : "queued") \(periodic.queued.joined(separator: ", "))")
            }
            if let outbox = result.outbox {
                print(
                    "outbox: \(outbox.sent) sent, \(outbox.deferred) deferred, \(outbox.failed) failed in \(Self.seconds(result.outboxDuration))"
                )
            }
            for error in result.errors { printError("est-gateway run: \(error)") }
            if !result.errors.isEmpty { throw ExitCode(1) }
            return
        }

        let configPath = options.config
        let reloader = ConfigurationReloader(daemon: daemon, settings: settings, logger: logger) {
            try await SettingsLoader.load(path: configPath)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: daemon),
                    // The daemon's end (a shutdown, or a lost lease) ends the reloader too.
                    .init(service: reloader, successTerminationBehavior: .ignore),
                ], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as DaemonError {
            printError("est-gateway run: \(error)")
            throw ExitCode(3)
        }
    }
}

extension RunCommand {
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.2f s", GatewayDaemon.seconds(duration))
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

@Sendable func printLine(_ line: String) {
    print(line)
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the intake cursor, stored counts, the outbox and the last successful poll.",
        discussion: "Reads the database only; safe while the daemon runs."
    )

    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?

    @Flag(help: "Print everything as one JSON object, with the check's verdict.")
    var json = false

    @Flag(
        help: ArgumentHelp(
            "One Nagios-style line and exit status 0 ok, 1 warning, 2 critical, 3 unknown.",
            discussion:
                "Judges the last successful poll's age, failed outbox rows, quarantined mail of the last 24 h, a lease left by a dead process and IMAP/SMTP failures in a row, by the monitoring.* thresholds."
        ))
    var check = false

    @OptionGroup var options: ConfigOption

    func run() async throws {
        if check, (try? await SettingsLoader.load(path: options.config)) == nil {
            Self.unknown("the configuration \(options.config) has problems (est-gateway config check lists them)")
        }
        let settings = try await GatewayContext.settings(options)
        let path = database ?? settings.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            if check { Self.unknown("no database at \(path): the gateway has not run yet") }
            printError("est-gateway status: no database at \(path); the gateway has not run yet (or pass --database)")
            throw ExitCode(1)
        }
        let status: GatewayStatus
        do {
            status = try GatewayStatus(
                store: GatewayStore(path: path), mailbox: settings.mail?.imap.mailbox ?? "INBOX",
                leaseName: try? DaemonConfiguration(settings: settings).leaseName)
        } catch {
            if check { Self.unknown("cannot read the database \(path): \(error)") }
            throw error
        }
        let thresholds = settings.monitoring.thresholds
        if check {
            let verdict = status.check(thresholds)
            print(verdict.line)
            throw ExitCode(Int32(verdict.level.rawValue))
        }
        print(json ? try status.json(thresholds) : status.render())
    }

    /// Nagios's UNKNOWN: the check itself could not look.
    static func unknown(_ reason: String) -> Never {
        print("EST-GATEWAY UNKNOWN - \(reason)")
        Foundation.exit(Int32(HealthLevel.unknown.rawValue))
    }
}
