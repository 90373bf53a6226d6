import Classification
import Digest
import Domain
import Foundation
import Insatser
import Logging
import OutgoingMail
import PeriodReport
import Replies
import Settings
import Statistics
import Storage

/// Turns due periodic jobs into outbox rows, each under a period key so that nothing goes out
/// twice whatever restarts (mail-rules §5): the digest, reminders, spike alerts, period reports.
public struct PeriodicRunner: Sendable {
    public let settings: GatewaySettings
    public let store: GatewayStore
    public let composer: PeriodicComposer
    public let renderer: DigestRenderer
    public let reportRenderer: PeriodReportRenderer
    public let logger: Logger
    /// Insats figures for follow-ups and `insats effect`; nil leaves follow-ups out.
    public let insatsRenderer: InsatsEffectRenderer?

    public init(
        settings: GatewaySettings, store: GatewayStore, composer: PeriodicComposer, renderer: DigestRenderer,
        reportRenderer: PeriodReportRenderer, logger: Logger, insatsRenderer: InsatsEffectRenderer? = nil
    ) {
        self.insatsRenderer = insatsRenderer
        self.settings = settings
        self.store = store
        self.composer = composer
        self.renderer = renderer
        self.reportRenderer = reportRenderer
        self.logger = logger
    }

    public var digestOptions: DigestOptions {
        DigestOptions(
            timeZone: settings.timeZone, areas: settings.areas, categories: settings.categories,
            organisations: settings.organisations, spike: spikeParameters, language: settings.periodic.digestLanguage)
    }

    public var spikeParameters: SpikeParameters {
        var p = SpikeParameters()
        p.baselineWeeks = settings.periodic.alertBaselineWeeks
        p.alpha = settings.periodic.alertAlpha
        p.minimumCount = settings.periodic.alertMinimumCount
        p.cusumLambdaFloor = settings.periodic.cusumLambdaFloor
        p.cusumTargetARL = settings.periodic.cusumTargetRunLength
        return p
    }

    /// What one pass queued (keys), for logs and `--dry-run` output.
    public struct Summary: Sendable, Hashable {
        public var queued: [String] = []
        public var skipped: [String] = []
    }

    public func run(_ jobs: [PeriodicJob], now: Date, dryRun: Bool = false) throws -> Summary {
        var summary = Summary()
        for job in jobs {
            switch job {
            case .digest(let week): try digest(week, now: now, dryRun: dryRun, &summary)
            case .reminders(let week): try reminders(week, now: now, dryRun: dryRun, &summary)
            case .alerts(let week, let partial): try alerts(week, partial: partial, now: now, dryRun: dryRun, &summary)
            case .insatsFollowUps(let today): try insatsFollowUps(today, now: now, dryRun: dryRun, &summary)
            case .report(let period): try periodReport(period, now: now, dryRun: dryRun, &summary)
            case .retention(let today): retention(today, now: now, dryRun: dryRun, &summary)
            }
        }
        return summary
    }

    // MARK: digest

    public func digestMessage(_ week: ISOWeek, to recipients: [String], now: Date) throws -> OutgoingMessage {
        var digest = try DigestBuilder.build(week: week, options: digestOptions, now: now, read: store.digestInput)
        let lines = try insatsDigestLines(week: week)
        let language = settings.periodic.digestLanguage
        digest.insatser = InsatsSection(
            lines: lines.map { $0.text(language: language) },
            fragments: insatsRenderer.map { renderer in
                lines.filter { $0.events.contains(.followUp) }.map { renderer.htmlFragment($0.effect, language: language) }
            } ?? [])
        return DigestMail.message(
            digest, renderer: renderer, language: settings.periodic.digestLanguage,
            from: Mailbox(name: "EST Västerås", address: settings.instance.address),
            to: recipients.map { Mailbox(address: $0) }, messageIDDomain: settings.instance.messageIDDomain,
            loopHeader: (GatewayIdentity.loopHeader, settings.instance.instanceName), date: now)
    }

    func digest(_ week: ISOWeek, now: Date, dryRun: Bool, _ summary: inout Summary) throws {
        // One row per recipient, so a recipient added mid-week still gets it and nobody gets it twice.
        let pending = try settings.periodic.digestRecipients.filter { try !store.outboxKeyExists(.digest(week, recipient: $0)) }
        guard !pending.isEmpty else { return }
        for recipient in pending {
            let key = OutboxKey.digest(week, recipient: recipient)
            if dryRun { summary.queued.append(key.rawValue); continue }
            let message = try digestMessage(week, to: [recipient], now: now)
            if try store.enqueue(
                OutboxDraft(
                    key: key, kind: .digest, recipient: recipient, messageID: message.messageID,
                    raw: MessageWriter.bytes(message, timeZone: settings.timeZone)))
            {
                summary.queued.append(key.rawValue)
                logger.info("digest queued", metadata: ["week": .string(week.description), "to": .string(recipient)])
            }
        }
    }

    // MARK: reminders

    func reminders(_ week: ISOWeek, now: Date, dryRun: Bool, _ summary: inout Summary) throws {
        let reported = try store.organisationsReported(week: week)
        for organisation in settings.organisations where organisation.expectedWeekly && !reported.contains(organisation.id) {
            let key = OutboxKey.reminder(organisation: organisation.id, week: week)
            guard let contact = organisation.contact else {
                summary.skipped.append("\(key) (no contact address)")
                continue
            }
            if try store.outboxKeyExists(key) { continue }
            if dryRun { summary.queued.append(key.rawValue); continue }
            let message = composer.reminder(organisation: organisation, to: contact, week: week, now: now)
            if try store.enqueue(
                OutboxDraft(
                    key: key, kind: .reminder, recipient: contact, messageID: message.messageID,
                    raw: MessageWriter.bytes(message, timeZone: settings.timeZone)))
            {
                summary.queued.append(key.rawValue)
                logger.info("reminder queued", metadata: ["organisation": .string(organisation.id), "week": .string(week.description)])
            }
        }
    }

    // MARK: alerts

    /// The series evaluated: each area's total and each area × category.
    public func series() -> [(area: Area, category: Category?)] {
        settings.areas.flatMap { area in [(area, nil)] + settings.categories.map { (area, Optional($0)) } }
    }

    /// Spike flags for a week, without sending anything (for `est-gateway alerts --dry-run` and the digest).
    public func evaluate(_ week: ISOWeek, partial: Bool) throws -> [(area: Area, category: Category?, flags: [SpikeFlag])] {
        let detector = SpikeDetector(parameters: spikeParameters)
        let history = week.adding(weeks: -26)
        return try series().compactMap { area, category in
            let counts = WeeklySeries(
                firstWeek: history,
                counts: try store.weeklyCounts(area: area.id, category: category?.code, from: history, to: week))
            let flags = detector.evaluate(counts, week: week, partial: partial)
            return flags.isEmpty ? nil : (area, category, flags)
        }
    }

    func alerts(_ week: ISOWeek, partial: Bool, now: Date, dryRun: Bool, _ summary: inout Summary) throws {
        for (area, category, flags) in try evaluate(week, partial: partial) {
            let seriesKey = category.map { "\(area.id):\($0.code)" } ?? area.id
            let observed = flags.map(\.observed).max() ?? 0
            if try !store.alerts(series: seriesKey, from: week, to: week).isEmpty { continue }
            // Quiet for the next weeks unless the count rises above what was alerted then.
            let quiet = QuietPeriod(weeks: settings.periodic.alertQuietWeeks)
            let previous = try store.alerts(series: seriesKey, from: week.adding(weeks: -quiet.weeks), to: week.adding(weeks: -1))
            if !quiet.allows(observed: observed, week: week, previous: previous.map { ($0.week, $0.observed) }) {
                summary.skipped.append(
                    "\(OutboxKey.alert(series: seriesKey, week: week)) (quiet after an alert with \(previous.map(\.observed).max() ?? 0))")
                continue
            }
            let key = OutboxKey.alert(series: seriesKey, week: week)
            if dryRun { summary.queued.append("\(key) (\(observed))"); continue }
            let incidents = try store.incidents(IncidentQuery(from: week.monday, to: week.sunday, area: area.id, category: category?.code))
                .map { PeriodicComposer.AlertIncident(reference: $0.ref, incident: $0.incident) }
            let drafts = area.contacts.map { contact -> OutboxDraft in
                let message = composer.alert(
                    area: area, category: category, week: week, flags: flags, incidents: incidents,
                    language: settings.periodic.digestLanguage, to: contact, now: now)
                return OutboxDraft(
                    key: key.to(contact), kind: .alert, recipient: contact,
                    messageID: message.messageID, raw: MessageWriter.bytes(message, timeZone: settings.timeZone))
            }
            let record = AlertRecord(
                series: seriesKey, week: week, observed: observed, expected: flags.map(\.expected).max() ?? 0,
                threshold: flags.map(\.threshold).min() ?? 0, methods: flags.map(\.method.rawValue).joined(separator: ","), partial: partial
            )
            if try store.recordAlert(record, mail: drafts) {
                summary.queued.append(key.rawValue)
                logger.notice(
                    "spike alert queued",
                    metadata: [
                        "series": .string(seriesKey), "week": .string(week.description), "observed": .stringConvertible(observed),
                        "methods": .string(record.methods), "partial": .stringConvertible(partial),
                    ])
            }
        }
    }
}
