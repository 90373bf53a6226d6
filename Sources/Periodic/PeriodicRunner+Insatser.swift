import Domain
import Foundation
import Insatser
import OutgoingMail
import Storage

extension PeriodicRunner {
    /// How the picture changed around an insats, on the stored incidents, up to a closed week.
    public func insatsEffect(_ stored: StoredInsats, lastClosedWeek: ISOWeek) throws -> InsatsEffect {
        let group = settings.workingGroup
        let windows = InsatsWindows(insats: stored.insats, beforeWeeks: group.beforeWeeks, lastClosedWeek: lastClosedWeek)
        let input = try store.insatsEffectInput(InsatsEffect.request(insats: stored.insats, windows: windows))
        return InsatsEffect.build(
            insats: stored.insats, reference: stored.reference, input: input, areas: settings.areas, categories: settings.categories,
            windows: windows, minimumEvents: group.minimumEvents)
    }

    /// The digest's *Insatser* lines for a week (working-group.md §4), measured up to that week.
    public func insatsDigestLines(week: ISOWeek) throws -> [InsatsDigestLine] {
        let effects = try store.insatser().map { try insatsEffect($0, lastClosedWeek: week) }
        return InsatsDigestLine.lines(week: week, effects: effects)
    }

    /// How far back a follow-up date missed while the daemon was down is still mailed.
    static let followUpCatchUpDays = 14

    /// On an insats's follow-up date, its figures to every working-group member, once each whatever
    /// restarts (`insats-followup:INS-2018-0007:<member>`). A reply to it changes the insats.
    func insatsFollowUps(_ today: LocalDate, now: Date, dryRun: Bool, _ summary: inout Summary) throws {
        guard let renderer = insatsRenderer, !settings.workingGroup.members.isEmpty else { return }
        let due = try store.insatser().filter {
            $0.insats.followUp <= today && today.days(since: $0.insats.followUp) <= Self.followUpCatchUpDays
        }
        let language = settings.periodic.digestLanguage
        for stored in due {
            let pending = try settings.workingGroup.members.filter {
                try !store.outboxKeyExists(.insatsFollowUp(stored.reference, recipient: $0))
            }
            guard !pending.isEmpty else { continue }
            let effect = try insatsEffect(stored, lastClosedWeek: today.isoWeek.adding(weeks: -1))
            for member in pending {
                let key = OutboxKey.insatsFollowUp(stored.reference, recipient: member)
                if dryRun { summary.queued.append(key.rawValue); continue }
                let message = composer.bulk(
                    to: member, subject: renderer.followUpSubject(effect, language: language),
                    id: "insats.\(stored.reference).followup", language: language, now: now,
                    text: renderer.text(effect, language: language), html: renderer.html(effect, language: language))
                if try store.enqueue(
                    OutboxDraft(
                        key: key, kind: .followUp, recipient: member, messageID: message.messageID,
                        raw: MessageWriter.bytes(message, timeZone: settings.timeZone)))
                {
                    summary.queued.append(key.rawValue)
                    logger.info("insats follow-up queued", metadata: ["insats": .string(stored.reference), "to": .string(member)])
                }
            }
        }
    }
}
