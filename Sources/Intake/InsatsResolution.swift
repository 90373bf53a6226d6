import Domain
import Foundation
import Reports

/// Decides an insats command against the insats it changes (working-group.md §2): a new insats
/// needs its title, area and start; a change replaces the fields given, and the result is checked
/// as a whole. Pure: the current insats and the day come in.
public enum InsatsResolution {
    public static func resolve(_ outcome: IntakeOutcome, current: StoredInsats?, today: LocalDate, language: Language) -> IntakeOutcome {
        guard var command = outcome.insats, outcome.result.status == .accepted else { return outcome }
        var decided = outcome
        switch decide(command.mail, answered: command.answered, current: current, today: today) {
        case .success(let decision):
            command.decision = decision
            decided.insats = command
        case .failure(let problems):
            command.mail.errors += problems.list
            decided.insats = command
            decided.result.status = .rejected
            decided.result.errors += problems.list.map {
                DiagnosticRecord(incident: nil, field: $0.field, line: $0.line, message: $0.message(language))
            }
        }
        return decided
    }

    /// The errors that stop an insats command, as one error value.
    public struct Problems: Error, Sendable, Hashable {
        public var list: [InsatsDiagnostic]
    }

    /// What an accepted insats mail does to `current` (the insats it changes, when it changes one);
    /// for the mail and for the operator's `insats add|change` alike.
    public static func decide(
        _ mail: InsatsMail, answered: String?, current: StoredInsats?, today: LocalDate
    ) -> Result<
        InsatsDecision, Problems
    > {
        guard mail.isAccepted else { return .failure(Problems(list: mail.errors)) }
        let f = mail.fields
        switch mail.action {
        case .register:
            guard let title = f.title, let areas = f.areas, !areas.isEmpty, let start = f.start else {
                return .failure(Problems(list: mail.errors))
            }
            let insats = Insats(
                title: title, areas: areas, place: f.place, categories: f.categories ?? [], start: start, end: f.end,
                followUp: f.followUp, responsible: f.responsible, status: f.status ?? .initial(start: start, today: today),
                description: f.description)
            return .success(InsatsDecision(reference: nil, basedOnVersion: nil, insats: insats, changedFields: []))
        case .change(let named):
            let wanted = named ?? answered
            guard let reference = wanted, let current, current.reference == reference else {
                let shown = wanted ?? "INS-…"
                return .failure(
                    Problems(list: [
                        InsatsDiagnostic(
                            field: "Insats", line: nil, swedish: "det finns ingen insats \(shown)", english: "there is no insats \(shown)",
                            expectedSwedish: "ett referensnummer ur gatewayens svar, som INS-2018-0007",
                            expectedEnglish: "a reference from the gateway's answer, like INS-2018-0007")
                    ]))
            }
            var insats = current.insats
            if let title = f.title { insats.title = title }
            if f.has(.area), let areas = f.areas, !areas.isEmpty { insats.areas = areas }
            if f.has(.place) { insats.place = f.place }
            if f.has(.category) { insats.categories = f.categories ?? [] }
            if let start = f.start {
                // A follow-up left at its default moves with the start.
                if insats.followUp == insats.start.adding(days: 56), f.followUp == nil { insats.followUp = start.adding(days: 56) }
                insats.start = start
            }
            if f.has(.end) { insats.end = f.end }
            if let followUp = f.followUp { insats.followUp = followUp }
            if f.has(.responsible) { insats.responsible = f.responsible }
            if let status = f.status { insats.status = status }
            if f.has(.description) { insats.description = f.description }
            if let end = insats.end, end < insats.start {
                return .failure(
                    Problems(list: [
                        InsatsDiagnostic(
                            field: "Slut", line: nil, swedish: "slutdatumet \(end.iso) skulle ligga före start \(insats.start.iso)",
                            english: "the end \(end.iso) would be before the start \(insats.start.iso)")
                    ]))
            }
            let changed = InsatsField.allCases.filter { $0 != .insats && f.has($0) }.map(\.swedishName)
            return .success(InsatsDecision(reference: reference, basedOnVersion: current.version, insats: insats, changedFields: changed))
        }
    }
}
