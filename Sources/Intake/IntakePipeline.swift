import Classification
import Domain
import Foundation
import MIME
import Reports

/// Everything decided about one message; what storage and the reply logic work from.
public struct IntakeOutcome: Sendable {
    public var result: IntakeResult
    /// Nil when the bytes were never parsed (oversized, limits).
    public var message: MailMessage?
    public var classification: Classification?
    public var report: ParsedReport?
    /// Detail behind a quarantine reason, for the operator.
    public var detail: String?
    /// For an oversized message: its size and the configured limit, for the notice to the sender.
    public var oversize: (bytes: Int, limit: Int)?
    /// How many of the raw bytes to keep, when not all: an oversized message's header block and a
    /// prefix of its body.
    public var keepBytes: Int?
    /// What an accepted command mail changes, once decided against the store (`CommandResolution`).
    public var changes: [IncidentChange] = []
    /// A working-group member's insats command, and once decided against the store, what it does.
    public var insats: InsatsCommand?
}

/// Raw bytes → classification → report, with no I/O. The same code serves `parse`, `ingest` and the daemon.
public struct IntakePipeline: Sendable {
    public let policy: IntakePolicy
    private let classifier: MailClassifier
    private let index: CatalogIndex

    public init(policy: IntakePolicy) {
        self.policy = policy
        self.classifier = MailClassifier(
            identity: policy.identity, organisations: policy.organisations, authservID: policy.authservID, members: policy.members)
        self.index = CatalogIndex(policy.catalog)
    }

    public func evaluate(_ raw: [UInt8], receivedAt: Date) -> IntakeOutcome {
        var outcome = decide(raw, receivedAt: receivedAt)
        // Also for an oversized message, whose header block alone was read.
        outcome.result.defects = outcome.message?.defects.map(DefectRecord.init) ?? []
        return outcome
    }

    private func decide(_ raw: [UInt8], receivedAt: Date) -> IntakeOutcome {
        let message: MailMessage
        do {
            message = try MailMessage.parse(raw, limits: policy.limits)
        } catch {
            var outcome = quarantined(Self.reason(for: error), detail: LimitDetail.text(for: error), message: nil)
            if case .tooLarge(let bytes, let limit) = error {
                // Only the header block is read: enough to know a registered sender to tell (mail-rules §1).
                outcome.oversize = (bytes, limit)
                let head = Self.headerBlock(raw)
                outcome.keepBytes = min(raw.count, max(head?.count ?? 0, policy.oversizeKeepBytes))
                if let head, let headers = try? MailMessage.parse(head, limits: policy.limits) {
                    outcome.message = headers
                    outcome.result.messageID = headers.messageID
                    let classification = classifier.classify(headers, bodyHasFieldLines: true)
                    if case .report = classification.disposition { outcome.classification = classification }
                    identifySender(&outcome, headers)
                }
            }
            return outcome
        }

        let source = ReportSource(message)
        let text = source.text
        let mailDate = source.mailDate

        let signals = AutomationSignals(message: message, identity: policy.identity)
        var hasFieldLines = true
        if signals.outOfOfficeSubject {
            hasFieldLines = ReportParser.parse(input(text, source.subject, mailDate, receivedAt, nil), index: index).hasFieldLines
        }
        let answeredInsats = InsatsAnswer.reference(
            answered: message.inReplyTo + message.references, domain: policy.identity.messageIDDomain)
        // Only a member's mail can be an insats command: nobody else's body is read for an Insats: line.
        let fromMember = message.from.map { $0.count == 1 && classifier.isMember($0[0].address) } ?? false
        let insatsCommand = fromMember && (answeredInsats != nil || InsatsParser.hasInsatsLine(text))
        let classification = classifier.classify(
            message, bodyHasFieldLines: hasFieldLines, signals: signals, insatsCommand: insatsCommand)

        switch classification.disposition {
        case .ignored(let reason):
            var outcome = base(.ignored, reason: reason.rawValue, message: message)
            outcome.classification = classification
            identifySender(&outcome, message)
            return outcome
        case .quarantined(let reason, let detail):
            var outcome = quarantined(reason, detail: detail, message: message)
            outcome.classification = classification
            identifySender(&outcome, message)
            return outcome
        case .insats(let member):
            let reference = LocalDate(mailDate ?? receivedAt, in: policy.timeZone)
            let mail = InsatsParser.parse(text, reference: reference, catalog: policy.catalog, answering: answeredInsats)
            var result = IntakeResult(
                status: mail.isAccepted ? .accepted : .rejected, reason: nil, messageID: message.messageID, sender: member,
                organisation: nil, zeroReport: false, week: reportingWeek(message, receivedAt), incidents: [],
                errors: mail.errors.map {
                    DiagnosticRecord(incident: nil, field: $0.field, line: $0.line, message: $0.message(policy.language))
                },
                warnings: mail.warnings.map {
                    DiagnosticRecord(incident: nil, field: $0.field, line: $0.line, message: $0.message(policy.language))
                })
            result.insats = mail
            var outcome = IntakeOutcome(result: result, message: message, classification: classification, report: nil)
            outcome.insats = InsatsCommand(mail: mail, member: member, answered: answeredInsats)
            return outcome
        case .report(let organisation, let sender):
            let report = ReportParser.parse(input(text, source.subject, mailDate, receivedAt, organisation), index: index)
            let accepted = report.isAccepted
            var result = IntakeResult(
                status: accepted ? .accepted : .rejected, reason: nil, messageID: message.messageID,
                sender: sender, organisation: organisationID(named: report.namedOrganisation) ?? organisation.id,
                zeroReport: accepted && report.isZeroReport,
                week: accepted && report.isZeroReport
                    ? report.zeroReportWeek ?? reportingWeek(message, receivedAt) : reportingWeek(message, receivedAt),
                incidents: accepted ? report.incidents : [],
                errors: report.errors.map(record), warnings: report.warnings.map(record),
                commands: accepted ? report.commands : []
            )
            result.safety = accepted ? report.safety : []
            return IntakeOutcome(result: result, message: message, classification: classification, report: report)
        }
    }

    private func input(_ text: String, _ subject: String?, _ date: Date?, _ receivedAt: Date, _ organisation: Organisation?) -> ReportInput
    {
        ReportInput(
            text: text, subject: subject, mailDate: date, receivedAt: receivedAt, timeZone: policy.timeZone,
            catalog: policy.catalog, organisation: organisation, limits: policy.reportLimits)
    }

    /// The week a report counts for: the week it was sent in (its Date, else its receipt), also for
    /// forwarded reports, whose incidents may be older — "has this organisation reported this week".
    private func reportingWeek(_ message: MailMessage, _ receivedAt: Date) -> ISOWeek {
        LocalDate(message.date ?? receivedAt, in: policy.timeZone).isoWeek
    }

    /// Decides a command mail's corrections and withdrawals against what the store holds now.
    public func resolveCommands(_ outcome: IntakeOutcome, lookup: CommandLookup, now: Date) -> IntakeOutcome {
        CommandResolution(maxDays: policy.correctionsMaxDays, language: policy.language, timeZone: policy.timeZone)
            .resolve(outcome, lookup: lookup, now: now)
    }

    /// Decides an insats command against the insats it changes, as the store holds it now.
    public func resolveInsats(_ outcome: IntakeOutcome, current: StoredInsats?, now: Date) -> IntakeOutcome {
        InsatsResolution.resolve(outcome, current: current, today: LocalDate(now, in: policy.timeZone), language: policy.language)
    }

    /// Quarantined without reading a byte of it: for a message the process died on while reading.
    public func unparsed(_ raw: [UInt8], reason: QuarantineReason, detail: String) -> IntakeOutcome {
        quarantined(reason, detail: detail, message: nil)
    }

    /// Ignored and quarantined mail still names a registered sender (spec: null only when unregistered).
    private func identifySender(_ outcome: inout IntakeOutcome, _ message: MailMessage) {
        guard let from = message.from, from.count == 1, let address = from.first?.address,
            let organisation = classifier.registry.organisation(for: address)
        else { return }
        outcome.result.sender = address.lowercased()
        outcome.result.organisation = organisation.id
    }

    /// An honoured `Organisation:` field names a configured organisation by id or name.
    private func organisationID(named name: String?) -> String? {
        guard let name else { return nil }
        let folded = TextFolding.fold(name)
        return policy.organisations.first { TextFolding.fold($0.id) == folded || TextFolding.fold($0.name) == folded }?.id
    }

    private func record(_ d: Diagnostic) -> DiagnosticRecord {
        DiagnosticRecord(d, language: policy.language)
    }

    private func base(_ status: ReportStatus, reason: String?, message: MailMessage?) -> IntakeOutcome {
        IntakeOutcome(
            result: IntakeResult(
                status: status, reason: reason, messageID: message?.messageID, sender: nil,
                organisation: nil, zeroReport: false, week: nil, incidents: [], errors: [], warnings: []),
            message: message, classification: nil, report: nil, detail: nil)
    }

    private func quarantined(_ reason: QuarantineReason, detail: String, message: MailMessage?) -> IntakeOutcome {
        var outcome = base(.quarantined, reason: reason.rawValue, message: message)
        outcome.detail = detail
        return outcome
    }

    /// The header block of a raw message (up to the first empty line), if it ends within the first 256 KB.
    static func headerBlock(_ raw: [UInt8]) -> [UInt8]? {
        let end = min(raw.count, 256 * 1024)
        var i = 0
        while i + 1 < end {
            if raw[i] == 0x0A && (raw[i + 1] == 0x0A || (raw[i + 1] == 0x0D && i + 2 < end && raw[i + 2] == 0x0A)) {
                return Array(raw[..<(i + 1)]) + [0x0D, 0x0A]
            }
            i += 1
        }
        return nil
    }

    static func reason(for violation: MIMELimitViolation) -> QuarantineReason {
        switch violation {
        case .tooLarge: return .oversized
        case .tooDeep: return .mimeTooDeep
        case .tooManyParts: return .mimeTooManyParts
        }
    }
}
