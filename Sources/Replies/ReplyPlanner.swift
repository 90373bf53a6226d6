import Classification
import Domain
import Foundation
import Intake
import MIME
import OutgoingMail
import Reports

/// A message about to be stored, as the reply planner sees it: the row and the incident
/// references storing it will give (the store reserves them before the replies are rendered).
public struct StoredMessage: Sendable, Hashable {
    public var row: Int64
    public var references: [String]
    /// For each incident, an earlier one it looks like (report-format.md, "Likely duplicates").
    public var likelyDuplicates: [String?]
    /// For an insats command: the insats's reference and its baseline.
    public var insatsReference: String?
    public var insatsBaseline: InsatsBaseline?

    public init(
        row: Int64, references: [String], likelyDuplicates: [String?] = [], insatsReference: String? = nil,
        insatsBaseline: InsatsBaseline? = nil
    ) {
        self.row = row
        self.references = references
        self.likelyDuplicates = likelyDuplicates
        self.insatsReference = insatsReference
        self.insatsBaseline = insatsBaseline
    }
}

/// What the reply rules decided for one stored message.
public enum ReplyDecision: Sendable, Hashable {
    /// No reply may or need be sent (`no-reply-address`, `not-a-report`, `already-answered`).
    case none(reason: String)
    /// A reply was due but a rule held it back.
    case held(HeldReply)
    case send(OutboxDraft)
}

/// The mail one stored message causes, and the replies the caps held back; committed with it.
public struct ReplyPlan: Sendable, Hashable {
    public var drafts: [OutboxDraft] = []
    public var held: [HeldReply] = []

    public init(drafts: [OutboxDraft] = [], held: [HeldReply] = []) {
        self.drafts = drafts
        self.held = held
    }
}

/// Decides which automatic reply a stored message gets (mail-rules.md §4) and renders it.
public final class ReplyPlanner: Sendable {
    public let settings: ReplySettings
    public let catalog: Catalog
    public let organisations: [Organisation]
    let templates: [Language: LanguageTemplates]

    /// Loads and checks every template of both languages; a missing or broken one is a
    /// `ReplyTemplateError` naming the file.
    public init(settings: ReplySettings, catalog: Catalog, organisations: [Organisation]) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: settings.templatesDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReplyTemplateError.missingDirectory(path: settings.templatesDirectory)
        }
        var loaded: [Language: LanguageTemplates] = [:]
        for language in Language.allCases {
            loaded[language] = try ReplyTemplateLoader.load(directory: settings.templatesDirectory, language: language)
        }
        self.settings = settings
        self.catalog = catalog
        self.organisations = organisations
        self.templates = loaded
    }

    /// The mail to queue with the message, and what the caps held back. Runs before the storing
    /// transaction, so no template is rendered while the write lock is held. A first reply to an
    /// address carries the reporting guide below its own content, so there is at most one draft.
    public func plan(_ outcome: IntakeOutcome, stored: StoredMessage, ledger: some ReplyLedger, now: Date) throws -> ReplyPlan {
        switch try decide(outcome, stored: stored, ledger: ledger, now: now) {
        case .none: return ReplyPlan()
        case .held(let held): return ReplyPlan(held: [held])
        case .send(let draft): return ReplyPlan(drafts: [draft])
        }
    }

    /// The decision behind `plan` (for logs and tests).
    public func decide(_ outcome: IntakeOutcome, stored: StoredMessage, ledger: some ReplyLedger, now: Date) throws -> ReplyDecision {
        // Forged, unknown and automatic senders get nothing (§2 B); the classifier decided where a reply may go.
        guard let recipient = outcome.classification?.replyTo.map(HeaderEncoding.sanitize), !recipient.isEmpty else {
            return .none(reason: "no-reply-address")
        }
        if let command = outcome.insats {
            return try decideInsats(command, outcome: outcome, stored: stored, recipient: recipient, ledger: ledger, now: now)
        }
        let oversized = outcome.result.status == .quarantined && outcome.oversize != nil
        guard oversized || outcome.result.status == .accepted || outcome.result.status == .rejected,
            let report = outcome.report ?? (oversized ? ParsedReport(referenceDate: LocalDate(now, in: settings.timeZone)) : nil)
        else {
            return .none(reason: "not-a-report")
        }
        let result = outcome.result
        let organisation = senderOrganisation(outcome)
        let language = organisation?.language ?? .swedish

        // At most one reply per incoming Message-ID.
        let replyKey =
            result.messageID.map { OutboxKey.reply(organisation: result.organisation, messageID: $0) }
            ?? OutboxKey.reply(row: stored.row)
        if try ledger.exists(replyKey) { return .none(reason: "already-answered") }

        let status: ReplyStatus
        if oversized {
            status = .tooLarge
        } else if result.status == .accepted && outcome.isCommandMail {
            status = .changed(references: outcome.changes.map(\.reference))
        } else if result.status == .accepted {
            status = result.zeroReport ? .zeroReceived : .received(references: stored.references)
        } else {
            status = report.isHelpRequest ? .guide : .rejected
        }
        let kind: OutboxKind
        switch status {
        case .received, .zeroReceived: kind = .ack
        case .rejected: kind = .rejection
        case .guide: kind = .guide
        case .tooLarge: kind = .oversized
        case .changed: kind = .confirmation
        case .insatsRegistered, .insatsChanged: kind = .ack
        case .insatsRejected: kind = .rejection
        }

        // At most one rejection per sender per reason per day: the day key is the outbox key.
        var key = replyKey
        if case .rejected = status {
            let reason = report.errors.first.map { Self.kindName($0.kind) } ?? "unknown"
            key = OutboxKey.rejection(
                sender: result.sender ?? recipient.lowercased(), reason: reason,
                day: LocalDate(now, in: settings.timeZone))
            if try ledger.exists(key) {
                return .held(HeldReply(recipient: recipient, kind: kind, reason: .rejectionAlreadySentToday))
            }
        }

        let hourAgo = now.addingTimeInterval(-3600)
        if try ledger.queued(to: recipient, since: hourAgo) >= settings.capPerRecipientPerHour {
            return .held(HeldReply(recipient: recipient, kind: kind, reason: .recipientCap))
        }
        if try ledger.repliesQueued(since: hourAgo) >= settings.capPerHour {
            return .held(HeldReply(recipient: recipient, kind: kind, reason: .hourlyCap))
        }

        let firstContact = try !ledger.hasWritten(to: recipient)
        let week = result.week ?? report.week
        let message = compose(
            status: status, outcome: outcome, report: report, organisation: organisation, language: language,
            recipient: recipient, week: week, appendGuide: firstContact && status != .guide, now: now,
            likelyDuplicates: stored.likelyDuplicates)
        return .send(
            OutboxDraft(
                key: key, kind: kind, recipient: recipient, messageID: message.messageID,
                raw: MessageWriter.bytes(message, timeZone: settings.timeZone)))
    }

    // MARK: composing

    func compose(
        status: ReplyStatus, outcome: IntakeOutcome, report: ParsedReport, organisation: Organisation?,
        language: Language, recipient: String, week: ISOWeek, appendGuide: Bool, now: Date, likelyDuplicates: [String?] = []
    ) -> OutgoingMessage {
        let templates = self.templates[language] ?? self.templates[.swedish]!
        let original = outcome.message
        var context: [String: Any] = [
            "address": settings.identity.address,
            "firstContact": appendGuide,
            "week": week.description, "weekNumber": week.week, "year": week.year,
            "monday": week.monday.iso, "sunday": week.sunday.iso,
        ]
        if let organisation { context["organisation"] = organisation.name }
        let subject = ReplySubject.clean(original?.subject ?? "")
        if !subject.isEmpty { context["subject"] = subject }

        let name: ReplyTemplateName
        switch status {
        case .insatsRegistered, .insatsChanged, .insatsRejected:
            // Insats answers are composed by `decideInsats`, with their own context.
            return reply(
                to: original, recipient: recipient, status: status, language: language, week: week, text: "", html: "", now: now)
        case .received(let references):
            name = .ack
            context.merge(ackContext(outcome.result.incidents, references: references, report: report, language: language)) { $1 }
            context.merge(CorrectionContent.duplicateHints(references: references, earlier: likelyDuplicates)) { $1 }
        case .changed:
            name = .correction
            context.merge(CorrectionContent.changes(outcome.changes, catalog: catalog, language: language)) { $1 }
            context.merge(diagnosticsContext(warnings: report.warnings, language: language)) { $1 }
        case .zeroReceived:
            name = .zero
            context.merge(diagnosticsContext(warnings: report.warnings, language: language)) { $1 }
        case .rejected:
            name = .rejection
            let listed = report.errors.prefix(settings.maxListedDiagnostics)
            context["errors"] = listed.enumerated().map { ReplyContent.diagnostic($1, number: $0 + 1, language: language) }
            context["errorCount"] = report.errors.count
            context[report.errors.count == 1 ? "singleError" : "manyErrors"] = true
            if report.errors.count > listed.count { context["moreErrors"] = report.errors.count - listed.count }
            context["example"] = ReportGuide.example(catalog, language: language)
            if outcome.isCommandMail {
                context["commands"] = true
                context["commandExample"] = CorrectionContent.example(report, catalog: catalog, language: language)
            }
            context.merge(diagnosticsContext(warnings: report.warnings, language: language)) { $1 }
        case .guide:
            name = .guide
            context.merge(
                ReplyContent.guide(
                    catalog: catalog, language: language, address: settings.identity.address, appended: false,
                    correctionDays: settings.correctionDays)
            ) {
                $1
            }
        case .tooLarge:
            name = .oversized
            let megabytes = { (bytes: Int) -> String in
                let text = String(format: "%.1f MB", Double(bytes) / 1_000_000)
                return language == .swedish ? text.replacingOccurrences(of: ".", with: ",") : text
            }
            context["size"] = megabytes(outcome.oversize?.bytes ?? 0)
            context["limit"] = megabytes(outcome.oversize?.limit ?? 0)
        }

        var text = templates.render(name, html: false, context)
        var html = templates.render(name, html: true, context)
        if appendGuide {
            var guide = context
            guide.merge(
                ReplyContent.guide(
                    catalog: catalog, language: language, address: settings.identity.address, appended: true,
                    correctionDays: settings.correctionDays)
            ) { $1 }
            text = text.trimmingTrailingNewlines() + "\n\n\n" + templates.render(.guide, html: false, guide)
            html = Self.appendingHTML(html, templates.render(.guide, html: true, guide))
        }
        return reply(to: original, recipient: recipient, status: status, language: language, week: week, text: text, html: html, now: now)
    }

    /// The reply around rendered parts: threading, RFC 3834 headers, our loop header and Message-ID.
    func reply(
        to original: MailMessage?, recipient: String, status: ReplyStatus, language: Language, week: ISOWeek?, text: String, html: String,
        now: Date
    ) -> OutgoingMessage {
        var headers: [HeaderLine] = []
        if let id = original?.messageID.flatMap(Self.bracketed) {
            headers.append(HeaderLine("In-Reply-To", id))
            var references = (original?.references ?? []).compactMap(Self.bracketed)
            if references.count > 20 { references = [references[0]] + references.suffix(19) }
            headers.append(HeaderLine("References", (references + [id]).joined(separator: " ")))
        }
        headers.append(HeaderLine("Auto-Submitted", "auto-replied"))
        headers.append(HeaderLine("X-Auto-Response-Suppress", "All"))
        headers.append(HeaderLine("Precedence", "auto_reply"))
        headers.append(HeaderLine(GatewayIdentity.loopHeader, settings.identity.instanceName))

        let fromName = settings.fromName ?? (language == .swedish ? "EST-rapportering" : "EST reporting")
        return OutgoingMessage(
            from: Mailbox(name: fromName, address: settings.identity.address),
            to: [Mailbox(address: recipient)],
            subject: ReplySubject.make(original: original?.subject, status: status, language: language),
            messageID: ReplyMessageID.make(status, week: week, domain: settings.identity.messageIDDomain),
            date: now, headers: headers, text: text.trimmingTrailingNewlines() + "\n", html: html)
    }

    private func ackContext(_ incidents: [Incident], references: [String], report: ParsedReport, language: Language) -> [String: Any] {
        var number = 0
        let limit = settings.maxListedDiagnostics
        let fields = incidents.map { ReplyContent.fields($0, catalog: catalog, language: language) }
        let width = ReplyContent.labelWidth(fields)
        let rows: [[String: Any]] = incidents.enumerated().map { index, incident in
            // At most `limit` warnings under all incidents together; the rest are counted below.
            let warnings: [[String: Any]] = report.warnings.filter { $0.incident == index + 1 }.prefix(max(0, limit - number)).map {
                number += 1
                return ReplyContent.diagnostic($0, number: number, language: language, withIncident: false)
            }
            var dict: [String: Any] = [
                "number": index + 1,
                "fields": ReplyContent.fieldRows(fields[index], width: width),
                "warnings": warnings,
            ]
            if index < references.count { dict["reference"] = references[index] }
            // Always set: a missing key would be looked up in the enclosing context (any incident redacted).
            dict["redacted"] = incident.redacted
            return dict
        }
        var context: [String: Any] = [
            "incidents": rows,
            "count": incidents.count,
            "references": references.joined(separator: ", "),
            "firstReference": references.first ?? "EST-2018-000123",
        ]
        context[incidents.count == 1 ? "single" : "many"] = true
        let known = Set(1...max(1, incidents.count))
        let general = report.warnings.filter { $0.incident.map { !known.contains($0) } ?? true }
        let listedGeneral = general.prefix(limit)
        context["warnings"] = listedGeneral.enumerated().map { ReplyContent.diagnostic($1, number: $0 + 1, language: language) }
        let unlisted = report.warnings.count - number - listedGeneral.count
        if unlisted > 0 { context["moreWarnings"] = unlisted }
        if !report.warnings.isEmpty { context["hasWarnings"] = true }
        if incidents.contains(where: \.redacted) || report.redacted { context["redacted"] = true }
        return context
    }

    private func diagnosticsContext(warnings: [Diagnostic], language: Language) -> [String: Any] {
        let listed = warnings.prefix(settings.maxListedDiagnostics)
        var context: [String: Any] = [
            "warnings": listed.enumerated().map { ReplyContent.diagnostic($1, number: $0 + 1, language: language) }
        ]
        if !warnings.isEmpty { context["hasWarnings"] = true }
        if warnings.count > listed.count { context["moreWarnings"] = warnings.count - listed.count }
        return context
    }

    /// The organisation that sent the mail decides the language: the classifier's (the police
    /// reporting for another organisation are answered in their own language), else the result's.
    private func senderOrganisation(_ outcome: IntakeOutcome) -> Organisation? {
        if case .report(let organisation, _)? = outcome.classification?.disposition {
            return organisations.first { $0.id == organisation.id } ?? organisation
        }
        return outcome.result.organisation.flatMap { id in organisations.first { $0.id == id } }
    }

    /// The case name of a diagnostic kind (`missingField`, `unknownArea`), for the per-day rejection key.
    static func kindName(_ kind: DiagnosticKind) -> String {
        let described = String(describing: kind)
        return String(described.prefix { $0 != "(" })
    }

    static func bracketed(_ id: String) -> String? {
        let trimmed = HeaderEncoding.sanitize(id).filter { $0 != " " }
        guard !trimmed.isEmpty, trimmed.count <= 500 else { return nil }
        let inner = trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        guard !inner.isEmpty, !inner.contains("<"), !inner.contains(">") else { return nil }
        return "<\(inner)>"
    }

    /// Puts the guide's HTML inside the first document's body, before `</body>` when there is one.
    static func appendingHTML(_ document: String, _ guide: String) -> String {
        let inner = bodyContent(guide)
        let separator = "<hr style=\"border:none;border-top:1px solid #ccc;margin:24px 0\">\n"
        if let end = document.range(of: "</body>", options: [.caseInsensitive, .backwards]) {
            return document[..<end.lowerBound] + separator + inner + "\n" + document[end.lowerBound...]
        }
        return document + separator + inner
    }

    private static func bodyContent(_ html: String) -> String {
        guard let open = html.range(of: "<body", options: .caseInsensitive),
            let openEnd = html[open.upperBound...].firstIndex(of: ">"),
            let close = html.range(of: "</body>", options: [.caseInsensitive, .backwards]),
            openEnd < close.lowerBound
        else { return html }
        return String(html[html.index(after: openEnd)..<close.lowerBound])
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while let last = s.last, last == "\n" || last == " " { s.removeLast() }
        return s
    }
}

extension ReplyPlanner {
    /// One of the loaded templates, rendered (periodic mail shares the reply templates' folder).
    public func render(_ name: ReplyTemplateName, html: Bool, language: Language, _ context: [String: Any]) -> String {
        templates[language]?.render(name, html: html, context) ?? ""
    }
}
