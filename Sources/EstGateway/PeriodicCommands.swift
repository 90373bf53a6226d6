import ArgumentParser
import Assembly
import Daemon
import Digest
import Domain
import Foundation
import Logging
import Periodic
import Settings
import Statistics
import Storage

/// The database and the periodic runner, opened the way every lägesbild command needs them.
struct PeriodicContext {
    let settings: GatewaySettings
    let store: GatewayStore
    let runner: PeriodicRunner

    static func open(_ options: ConfigOption, database: String?) async throws -> PeriodicContext {
        let settings = try await GatewayContext.settings(options)
        let path = database ?? settings.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            printError("no database at \(path); run the gateway or `est-gateway ingest` first, or pass --database")
            throw ExitCode(1)
        }
        let store = try GatewayStore(path: path)
        do {
            let runner = try GatewayAssembly.periodicRunner(settings, store: store, logger: Logger(label: "est.periodic"))
            return PeriodicContext(settings: settings, store: store, runner: runner)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
    }

    /// The week just closed, in the configured zone.
    static func lastClosedWeek(_ settings: GatewaySettings) -> ISOWeek {
        LocalDate(Date(), in: settings.timeZone).isoWeek.adding(weeks: -1)
    }
}

struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the weekly lägesbild, or queue it for the working group.",
        discussion: """
            Without --send the digest is printed (text or HTML) and nothing is queued. With --send it is queued in the outbox for digest.recipients under the key digest:<week>:<recipient> (never twice); the daemon, or `est-gateway run --once`, delivers it.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, html }

    @Option(help: ArgumentHelp("ISO week, e.g. 2018-W36; default: the week just closed.", valueName: "week"))
    var week: ISOWeek?

    @Flag(help: "Print only (the default).")
    var dryRun = false

    @Flag(help: "Queue the digest for the configured recipients.")
    var send = false

    @Option(help: "Printed format: text or html.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?

    @OptionGroup var options: ConfigOption

    func validate() throws {
        if dryRun && send { throw ValidationError("choose --dry-run or --send, not both") }
    }

    func run() async throws {
        let context = try await PeriodicContext.open(options, database: database)
        let week = self.week ?? PeriodicContext.lastClosedWeek(context.settings)
        let options = context.runner.digestOptions
        let digest = try DigestBuilder.build(week: week, options: options, now: Date(), read: context.store.digestInput)
        guard send else {
            let language = context.settings.periodic.digestLanguage
            print(
                format == .html
                    ? context.runner.renderer.html(digest, language: language) : context.runner.renderer.text(digest, language: language))
            return
        }
        guard !context.settings.periodic.digestRecipients.isEmpty else {
            printError("est-gateway digest: digest.recipients is empty in the configuration; add the working group's address")
            throw ExitCode(2)
        }
        let summary = try context.runner.run([.digest(week)], now: Date())
        print(
            summary.queued.isEmpty
                ? "digest \(week): already queued earlier; nothing new" : "queued \(summary.queued.joined(separator: ", "))")
    }
}

struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Evaluate spike detection for a week and queue the alerts (or only show them).",
        discussion: """
            Per area and per area × category: the negative-binomial threshold over the previous weeks and a Poisson CUSUM. The running week is evaluated on its counts so far. Alerts go to the area's contacts, once per series and week, and not again for alerts.quiet_weeks unless the count rises.
            """
    )

    @Option(help: ArgumentHelp("ISO week; default: the running week.", valueName: "week"))
    var week: ISOWeek?

    @Flag(help: "Show the flags and what would be queued; queue nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let context = try await PeriodicContext.open(options, database: database)
        let current = LocalDate(Date(), in: context.settings.timeZone).isoWeek
        let week = self.week ?? current
        let partial = week >= current
        let evaluated = try context.runner.evaluate(week, partial: partial)
        if evaluated.isEmpty { print("\(week)\(partial ? " (so far)" : ""): no spikes") }
        for (area, category, flags) in evaluated {
            for flag in flags {
                print(
                    String(
                        format: "%@ %@ %@: observed %d, expected %.2f, threshold %.2f (%@)%@", week.description, area.name,
                        category?.name ?? "all categories", flag.observed, flag.expected, flag.threshold,
                        flag.method.rawValue, flag.partialWeek ? ", week so far" : ""))
            }
        }
        let summary = try context.runner.run([.alerts(week, partial: partial)], now: Date(), dryRun: dryRun)
        for key in summary.queued { print("\(dryRun ? "would queue" : "queued") \(key)") }
        for reason in summary.skipped { print("not sent: \(reason)") }
    }
}

struct TrendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Weekly incident counts with a sparkline, for following the picture over time."
    )

    @Option(help: ArgumentHelp("Only this area id (e.g. raby).", valueName: "id"))
    var area: String?

    @Option(help: ArgumentHelp("Only this category code (e.g. SKAD).", valueName: "code"))
    var category: String?

    @Option(help: "Number of weeks.")
    var weeks: Int = 12

    @Option(help: ArgumentHelp("Last week shown, e.g. 2018-W36; default: the running week.", valueName: "week"))
    var until: ISOWeek?

    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?

    @OptionGroup var options: ConfigOption

    func validate() throws {
        if !(1...520).contains(weeks) { throw ValidationError("--weeks must be between 1 and 520") }
    }

    func run() async throws {
        let context = try await PeriodicContext.open(options, database: database)
        let end = until ?? LocalDate(Date(), in: context.settings.timeZone).isoWeek
        do {
            print(
                try TrendTable.render(
                    area: area, category: category, weeks: weeks, endingAt: end,
                    options: context.runner.digestOptions, counts: context.store.weeklyCounts))
        } catch let error as TrendTableError {
            throw ValidationError("\(error)")
        }
    }
}
