import ArgumentParser
import Domain
import Foundation
import OutgoingMail
import PeriodReport
import Periodic
import Settings

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the report of a longer period (a tertial, a quarter, the pilot, any days), or queue it for the working group.",
        discussion: """
            Choose the period with one of --from DATE --to DATE, --quarter 2018-Q4 (Q1 January–March … Q4 October–December), \
            --tertial 2018-T3 (T1 January–April, T2 May–August, T3 September–December) or --pilot (pilot.start to pilot.end in the \
            configuration). The report holds, per area and category, the totals, the weekly series and the change between the \
            period's first and second half (rate ratio with an exact 95 % interval, and a plain sentence); perceived safety; the \
            places reported most often; weekday × part of day; reporting per organisation and week; how reporting worked (accepted, \
            rejected and why, corrected, withdrawn, days from incident to report); insatser; and what the numbers cannot say. \
            Withdrawn incidents are left out of every number.

            Without --send the report is printed (text or HTML) and nothing is queued. With --send it is queued in the outbox for \
            working_group.members, with the period's incidents and weekly series attached as CSV (UTF-8 with BOM, for Excel), under \
            the key report:<period>:<member> (never twice); the daemon, or `est-gateway run --once`, delivers it. The daemon queues \
            the tertial reports and the pilot's report itself (reports.after_tertial, reports.after_pilot) at the first digest time \
            after the period's last day.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, html }

    /// Longer periods make charts no one can read and mails that Gmail clips.
    static let maximumDays = 731

    @Option(help: ArgumentHelp("First day of the period (YYYY-MM-DD); with --to.", valueName: "date"))
    var from: LocalDate?

    @Option(help: ArgumentHelp("Last day of the period (YYYY-MM-DD); with --from.", valueName: "date"))
    var to: LocalDate?

    @Option(
        help: ArgumentHelp("A quarter, e.g. 2018-Q4.", valueName: "quarter"),
        transform: { text in
            guard let period = ReportPeriod(quarter: text) else {
                throw ValidationError("\"\(text)\" is not a quarter; write the year and Q1–Q4, e.g. 2018-Q4")
            }
            return period
        })
    var quarter: ReportPeriod?

    @Option(
        help: ArgumentHelp("A tertial, e.g. 2018-T3 (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec).", valueName: "tertial"),
        transform: { text in
            guard let period = ReportPeriod(tertial: text) else {
                throw ValidationError("\"\(text)\" is not a tertial; write the year and T1–T3, e.g. 2018-T3")
            }
            return period
        })
    var tertial: ReportPeriod?

    @Flag(help: "The pilot period configured as pilot.start and pilot.end.")
    var pilot = false

    @Option(help: "Printed format: text (default) or html.")
    var format: Format?

    @Flag(help: "Queue the report, with its CSV files, for working_group.members.")
    var send = false

    @Flag(
        help: "Show what --send would queue (keys, subject, size, attachments) and queue nothing; with --output, write that mail as a file."
    )
    var dryRun = false

    @Option(
        help: ArgumentHelp(
            "Write the printed report (or, with --dry-run, the mail) to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Database file; default: storage.database from the configuration.", valueName: "file"))
    var database: String?

    @OptionGroup var options: ConfigOption

    func validate() throws {
        let chosen = [from != nil || to != nil, quarter != nil, tertial != nil, pilot].filter { $0 }.count
        if chosen == 0 {
            throw ValidationError("choose the period: --from DATE --to DATE, --quarter 2018-Q4, --tertial 2018-T3 or --pilot")
        }
        if chosen > 1 { throw ValidationError("choose one period: --from/--to, --quarter, --tertial or --pilot, not several") }
        if from != nil, to == nil { throw ValidationError("--from needs --to, the period's last day") }
        if to != nil, from == nil { throw ValidationError("--to needs --from, the period's first day") }
        if let from, let to {
            guard let range = DateRange(first: from, last: to) else { throw ValidationError("--to \(to.iso) is before --from \(from.iso)") }
            if range.days > Self.maximumDays {
                throw ValidationError("a report covers at most \(Self.maximumDays) days (two years); \(range) is \(range.days)")
            }
        }
        if (send || dryRun), format != nil {
            throw ValidationError("--format chooses what is printed; a mailed report carries text, HTML and the CSV files")
        }
        if send, !dryRun, output != nil {
            throw ValidationError("--output writes what is printed; to see the mail --send queues, use --dry-run --output FILE")
        }
    }

    /// The period asked for; the pilot's dates come from the configuration.
    func period(_ settings: GatewaySettings) throws -> ReportPeriod {
        if let quarter { return quarter }
        if let tertial { return tertial }
        if let from, let to, let range = DateRange(first: from, last: to) { return .dates(range) }
        guard let range = settings.workingGroup.pilot else {
            throw ValidationError(
                "--pilot: no pilot is configured; set pilot.start and pilot.end in \(options.config)"
                    + " (e.g. start: \"2018-09-01\", end: \"2019-02-28\")")
        }
        return .pilot(range)
    }

    func run() async throws {
        // The period first: a missing pilot or a period still to come needs no database to be told.
        let configured = try await GatewayContext.settings(options)
        let period = try period(configured)
        if period.range.first > LocalDate(Date(), in: configured.timeZone) {
            throw ValidationError("\(period.key) (\(period.range)) has not begun yet; nothing to report")
        }
        let context = try await PeriodicContext.open(options, database: database)
        let settings = context.settings
        if dryRun { return try preview(period, context) }
        if send {
            guard !settings.workingGroup.members.isEmpty else {
                printError("est-gateway report: working_group.members is empty in the configuration; add the members' own addresses")
                throw ExitCode(2)
            }
            let summary = try context.runner.run([.report(period)], now: Date())
            for reason in summary.skipped { print("not queued: \(reason)") }
            if summary.skipped.isEmpty {
                print(
                    summary.queued.isEmpty
                        ? "report \(period.key): already queued earlier; nothing new" : "queued \(summary.queued.joined(separator: ", "))")
            }
            return
        }
        let report = try context.runner.buildReport(period, now: Date())
        let language = settings.periodic.digestLanguage
        let renderer = context.runner.reportRenderer
        let text = format == .html ? renderer.html(report, language: language) : renderer.text(report, language: language)
        try write(Array(text.utf8))
    }

    /// What --send would queue, and the mail itself with --output.
    private func preview(_ period: ReportPeriod, _ context: PeriodicContext) throws {
        let members = context.settings.workingGroup.members
        let report = try context.runner.buildReport(period, now: Date())
        let message = context.runner.reportMessage(report, to: [members.first ?? "working-group@example.invalid"], now: Date())
        let raw = MessageWriter.bytes(message, timeZone: context.settings.timeZone)
        if let output {
            try write(raw)
            printError("wrote the mail (\(raw.count) bytes) to \(output)")
        }
        print("subject: \(message.subject)")
        print("html: \(message.html?.utf8.count ?? 0) bytes; text: \(message.text.utf8.count) bytes")
        for a in message.attachments { print("attachment: \(a.filename) (\(a.data.count) bytes)") }
        if members.isEmpty { print("working_group.members is empty: nothing would be queued") }
        for member in members {
            let key = OutboxKey.report(period: period, recipient: member)
            print("\(try context.store.outboxKeyExists(key) ? "already queued" : "would queue") \(key)")
        }
    }

    private func write(_ bytes: [UInt8]) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: output))
        } catch {
            printError("cannot write \(output): \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
