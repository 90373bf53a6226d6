import Classification
import Domain
import Foundation
import Reports

/// Decides a command mail against what is stored (report-format.md, "Corrections and withdrawals"):
/// only the organisation that reported an incident may change it, only within the configured days,
/// never a withdrawn one; every command or none. Pure: the lookup and the time come in.
public struct CommandResolution: Sendable {
    public let maxDays: Int
    public let language: Language
    /// The zone the day an incident was stored is told in.
    public let timeZone: TimeZone

    public init(maxDays: Int, language: Language, timeZone: TimeZone) {
        self.maxDays = maxDays
        self.language = language
        self.timeZone = timeZone
    }

    /// The outcome with its changes, or rejected with every reason.
    public func resolve(_ outcome: IntakeOutcome, lookup: CommandLookup, now: Date) -> IntakeOutcome {
        guard outcome.isCommandMail, outcome.result.status == .accepted, var report = outcome.report,
            case .report(let organisation, let sender)? = outcome.classification?.disposition
        else { return outcome }
        var errors: [Diagnostic] = []
        var changes: [IncidentChange] = []
        var seen: Set<String> = []
        for command in report.commands {
            for reference in references(command, lookup: lookup, errors: &errors) where seen.insert(reference).inserted {
                guard let current = lookup.incidents[reference],
                    current.organisation == organisation.id || (organisation.mayReportForOthers && current.sender == sender)
                else {
                    errors.append(Diagnostic(reference: reference, line: command.line, kind: .unknownReference))
                    continue
                }
                if current.state == .withdrawn {
                    errors.append(Diagnostic(reference: reference, line: command.line, kind: .alreadyWithdrawn))
                    continue
                }
                if now.timeIntervalSince(current.storedAt) > Double(maxDays) * 86_400 {
                    let storedOn = LocalDate(current.storedAt, in: timeZone)
                    errors.append(
                        Diagnostic(
                            reference: reference, line: command.line, kind: .correctionExpired(storedOn: storedOn, maxDays: maxDays)))
                    continue
                }
                switch command.action {
                case .withdraw:
                    changes.append(
                        IncidentChange(reference: reference, basedOnVersion: current.version, kind: .withdraw, before: current.incident))
                case .correct(let patch):
                    let after = patch.applied(to: current.incident)
                    changes.append(
                        IncidentChange(
                            reference: reference, basedOnVersion: current.version,
                            kind: .correct(after, changedFields: Self.changedFields(current.incident, after)), before: current.incident))
                }
            }
        }
        var decided = outcome
        if errors.isEmpty {
            decided.changes = changes
            return decided
        }
        report.errors += errors
        report.commands = []
        decided.report = report
        decided.result.status = .rejected
        decided.result.errors += errors.map { DiagnosticRecord($0, language: language) }
        return decided
    }

    /// The references a command stands for: its own, or for the bare verb those of the
    /// acknowledgment it answers (a bare `Rätta` only when that named exactly one incident).
    private func references(_ command: ReportCommand, lookup: CommandLookup, errors: inout [Diagnostic]) -> [String] {
        if let reference = command.reference { return [reference] }
        guard let answered = lookup.answered, !answered.isEmpty else {
            errors.append(Diagnostic(line: command.line, kind: .noAcknowledgmentAnswered))
            return []
        }
        if case .correct = command.action, answered.count > 1 {
            errors.append(Diagnostic(line: command.line, kind: .correctionNeedsReference(references: answered)))
            return []
        }
        return answered
    }

    /// Swedish names of the fields whose values differ, in the order of the report's fields.
    static func changedFields(_ a: Incident, _ b: Incident) -> [String] {
        var fields: [ReportField] = []
        if a.area != b.area { fields.append(.area) }
        if a.place != b.place { fields.append(.place) }
        if a.date != b.date { fields.append(.date) }
        if a.categories != b.categories { fields.append(.category) }
        if a.description != b.description { fields.append(.description) }
        if a.timeFrom != b.timeFrom || a.timeTo != b.timeTo || a.timeOfDay != b.timeOfDay { fields.append(.time) }
        if a.placeType != b.placeType { fields.append(.placeType) }
        if a.personsMin != b.personsMin || a.personsMax != b.personsMax { fields.append(.persons) }
        if a.severity != b.severity { fields.append(.severity) }
        if a.policeReported != b.policeReported { fields.append(.policeReported) }
        if a.action != b.action { fields.append(.action) }
        if a.recurring != b.recurring { fields.append(.recurring) }
        if a.lat != b.lat || a.lon != b.lon { fields.append(.coordinates) }
        return fields.map(\.swedishName)
    }
}
