import Classification
import Domain
import Foundation
import OutgoingMail
import PeriodReport
import ReadModels

extension PeriodicRunner {
    public var reportOptions: PeriodReportOptions {
        PeriodReportOptions(
            timeZone: settings.timeZone, areas: settings.areas, categories: settings.categories,
            organisations: settings.organisations, language: settings.periodic.digestLanguage,
            minimumEvents: settings.workingGroup.minimumEvents)
    }

    public func buildReport(_ period: ReportPeriod, now: Date) throws -> PeriodReport {
        try PeriodReportBuilder.build(period, options: reportOptions, now: now) { request in
            var input = try store.periodReportInput(request)
            input.insatser = try insatsRows(request, now: now)
            return input
        }
    }

    /// Every insats running at some time in the period, measured up to the period's end (or the last
    /// closed week, if that is earlier), in the report's language.
    func insatsRows(_ request: PeriodReportRequest, now: Date) throws -> [InsatsRow] {
        let closed = LocalDate(now, in: settings.timeZone).isoWeek.adding(weeks: -1)
        let until = min(request.lastWeek, closed)
        let language = request.language
        let sv = language == .swedish
        return try store.insatser().filter { stored in
            stored.insats.start <= request.last && (stored.insats.end ?? request.last) >= request.first
        }.map { stored in
            let effect = try insatsEffect(stored, lastClosedWeek: until)
            let t = effect.target
            let weeks = { (w: Double) in String(format: "%.1f", w).replacingOccurrences(of: ".", with: sv ? "," : ".") }
            var figures =
                sv
                ? "före \(t.before) på \(weeks(effect.windows.beforeWeeks)) v."
                : "before \(t.before) in \(weeks(effect.windows.beforeWeeks)) wks"
            if effect.windows.after != nil {
                figures +=
                    sv
                    ? ", efter \(t.after) på \(weeks(effect.windows.afterWeeks)) v."
                    : ", after \(t.after) in \(weeks(effect.windows.afterWeeks)) wks"
            }
            return InsatsRow(
                reference: stored.reference, title: stored.insats.title, areas: stored.insats.areas, status: stored.insats.status,
                start: stored.insats.start, end: stored.insats.end, figures: figures,
                sentence: effect.sentence(language: language) ?? effect.notMeasured(language: language))
        }
    }

    public func reportMessage(_ report: PeriodReport, to recipients: [String], now: Date) -> OutgoingMessage {
        PeriodReportMail.message(
            report, renderer: reportRenderer, language: settings.periodic.digestLanguage,
            from: Mailbox(name: "EST Västerås", address: settings.instance.address),
            to: recipients.map { Mailbox(address: $0) }, messageIDDomain: settings.instance.messageIDDomain,
            loopHeader: (GatewayIdentity.loopHeader, settings.instance.instanceName), date: now)
    }

    /// One row per member, so a member added later still gets it and nobody gets it twice. The report is built once
    /// for all of them, from one read.
    func periodReport(_ period: ReportPeriod, now: Date, dryRun: Bool, _ summary: inout Summary) throws {
        let pending = try settings.workingGroup.members.filter { try !store.outboxKeyExists(.report(period: period, recipient: $0)) }
        guard !pending.isEmpty else { return }
        let range = period.range
        // A period without a single report (a gateway installed after it) has nothing to say.
        guard try store.reportCount(from: range.first.isoWeek, to: range.last.isoWeek) > 0 else {
            summary.skipped.append("report:\(period.key) (no reports in the period)")
            return
        }
        if dryRun {
            summary.queued += pending.map { OutboxKey.report(period: period, recipient: $0).rawValue }
            return
        }
        let report = try buildReport(period, now: now)
        for recipient in pending {
            let key = OutboxKey.report(period: period, recipient: recipient)
            let message = reportMessage(report, to: [recipient], now: now)
            if try store.enqueue(
                OutboxDraft(
                    key: key, kind: .report, recipient: recipient, messageID: message.messageID,
                    raw: MessageWriter.bytes(message, timeZone: settings.timeZone)))
            {
                summary.queued.append(key.rawValue)
                logger.info("period report queued", metadata: ["period": .string(period.key), "to": .string(recipient)])
            }
        }
    }
}
