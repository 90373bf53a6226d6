import Domain
import Foundation
import Intake
import OutgoingMail
import Reports

extension ReplyPlanner {
    /// The answer to a working-group member's insats command: the insats as read and its baseline,
    /// or every error with a filled-in example. The same one-per-Message-ID rule and caps as reports.
    func decideInsats(
        _ command: InsatsCommand, outcome: IntakeOutcome, stored: StoredMessage, recipient: String, ledger: some ReplyLedger, now: Date
    ) throws -> ReplyDecision {
        let result = outcome.result
        let replyKey = result.messageID.map { OutboxKey.reply(organisation: nil, messageID: $0) } ?? OutboxKey.reply(row: stored.row)
        if try ledger.exists(replyKey) { return .none(reason: "already-answered") }
        let accepted = result.status == .accepted && command.decision != nil
        let reference = stored.insatsReference ?? command.changing
        let status: ReplyStatus
        if accepted, let reference {
            status = command.decision?.reference == nil ? .insatsRegistered(reference: reference) : .insatsChanged(reference: reference)
        } else {
            status = .insatsRejected(reference: command.changing)
        }
        var key = replyKey
        if !accepted {
            key = OutboxKey.rejection(sender: command.member, reason: "insats", day: LocalDate(now, in: settings.timeZone))
            if try ledger.exists(key) {
                return .held(HeldReply(recipient: recipient, kind: .rejection, reason: .rejectionAlreadySentToday))
            }
        }
        let hourAgo = now.addingTimeInterval(-3600)
        let kind: OutboxKind = accepted ? .ack : .rejection
        if try ledger.queued(to: recipient, since: hourAgo) >= settings.capPerRecipientPerHour {
            return .held(HeldReply(recipient: recipient, kind: kind, reason: .recipientCap))
        }
        if try ledger.repliesQueued(since: hourAgo) >= settings.capPerHour {
            return .held(HeldReply(recipient: recipient, kind: kind, reason: .hourlyCap))
        }

        // Members get the working group's language: the digest's, as their other mail.
        let language = settings.workingGroupLanguage
        var context: [String: Any] = ["address": settings.identity.address]
        let subject = ReplySubject.clean(outcome.message?.subject ?? "")
        if !subject.isEmpty { context["subject"] = subject }
        let name: ReplyTemplateName
        if accepted, let decision = command.decision, let reference {
            name = .insatsAck
            context.merge(
                InsatsContent.acknowledgment(
                    reference: reference, decision: decision, baseline: stored.insatsBaseline, catalog: catalog, language: language)
            ) { $1 }
        } else {
            name = .insatsRejection
            let errors = command.mail.errors.prefix(settings.maxListedDiagnostics)
            context["errors"] = errors.enumerated().map { InsatsContent.diagnostic($1, number: $0 + 1, language: language) }
            context[errors.count == 1 ? "singleError" : "manyErrors"] = true
            context["errorCount"] = command.mail.errors.count
            context["example"] = InsatsContent.example(catalog, reference: command.changing, language: language)
        }
        let text = templates[language]?.render(name, html: false, context) ?? ""
        let html = templates[language]?.render(name, html: true, context) ?? ""
        let message = reply(
            to: outcome.message, recipient: recipient, status: status, language: language, week: result.week,
            text: text.trimmingTrailingNewlines() + "\n", html: html, now: now)
        return .send(
            OutboxDraft(
                key: key, kind: kind, recipient: recipient, messageID: message.messageID,
                raw: MessageWriter.bytes(message, timeZone: settings.timeZone)))
    }
}
