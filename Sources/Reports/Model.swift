import Domain
import Foundation

/// What the report parser reads: the readable body of one mail and the context it is read in.
public struct ReportInput: Sendable {
    /// Readable body text (HTML already converted to text by the MIME layer), `\n` line endings.
    public var text: String
    /// The mail's Date header; relative dates ("igår") are read against it.
    public var mailDate: Date?
    /// Time of receipt, used when `mailDate` is nil.
    public var receivedAt: Date
    /// Zone relative dates and weeks are read in (Europe/Stockholm normally).
    public var timeZone: TimeZone
    public var catalog: Catalog
    /// The registered sender's organisation; nil when unknown.
    public var organisation: Organisation?
    public var limits: ReportLimits
    /// The mail's Subject: a forward (`VB:`, `Fwd:`) is told from a reply by it, and a zero
    /// report may stand in it alone.
    public var subject: String?

    public init(
        text: String,
        subject: String? = nil,
        mailDate: Date? = nil,
        receivedAt: Date = Date(),
        timeZone: TimeZone = TimeZone(identifier: "Europe/Stockholm") ?? .current,
        catalog: Catalog,
        organisation: Organisation? = nil,
        limits: ReportLimits = ReportLimits()
    ) {
        self.limits = limits
        self.text = text
        self.subject = subject
        self.mailDate = mailDate
        self.receivedAt = receivedAt
        self.timeZone = timeZone
        self.catalog = catalog
        self.organisation = organisation
    }
}

/// The outcome of reading one report body.
public struct ParsedReport: Sendable {
    /// Incidents read; empty when the report is rejected or a zero report.
    public var incidents: [Incident]
    /// Perceived safety per area from the `Trygghet` lines, in the order written, each area once;
    /// empty when the report is rejected or has none.
    public var safety: [SafetyRating] = []
    public var isZeroReport: Bool
    /// The week a zero report names (`Nollrapport v.40`); nil when it names none, and it then
    /// counts for the week it was sent in.
    public var zeroReportWeek: ISOWeek?
    /// The local date relative dates were read against (a forwarded mail's Date when an inline forward carries one).
    public var referenceDate: LocalDate
    /// ISO week of `referenceDate`.
    public var week: ISOWeek
    public var errors: [Diagnostic]
    public var warnings: [Diagnostic]
    /// Whether any personal data was removed from free text.
    public var redacted: Bool
    /// Value of an honoured `Organisation:` field.
    public var namedOrganisation: String?
    /// The body (after stripping) only asks for help ("hjälp", "help?").
    public var isHelpRequest: Bool
    /// Whether any field line was found.
    public var hasFieldLines: Bool
    /// Whether the report was read from an inline forwarded message.
    public var isForwarded: Bool
    /// Corrections and withdrawals, in the order written (empty for an ordinary report, and when
    /// the mail is rejected).
    public var commands: [ReportCommand] = []
    /// Whether the mail held command lines at all, accepted or not: it is then no report.
    public var hasCommands = false
    /// What the parse did, for tests that bound the work.
    var work = ParseWork()

    public var isAccepted: Bool { errors.isEmpty && (isZeroReport || !incidents.isEmpty || hasCommands) }

    public init(
        incidents: [Incident] = [], isZeroReport: Bool = false, referenceDate: LocalDate,
        week: ISOWeek? = nil, errors: [Diagnostic] = [], warnings: [Diagnostic] = [],
        redacted: Bool = false, namedOrganisation: String? = nil, isHelpRequest: Bool = false,
        hasFieldLines: Bool = false, isForwarded: Bool = false
    ) {
        self.incidents = incidents
        self.isZeroReport = isZeroReport
        self.referenceDate = referenceDate
        self.week = week ?? ISOWeek(containing: referenceDate)
        self.errors = errors
        self.warnings = warnings
        self.redacted = redacted
        self.namedOrganisation = namedOrganisation
        self.isHelpRequest = isHelpRequest
        self.hasFieldLines = hasFieldLines
        self.isForwarded = isForwarded
    }
}

/// The fields of a report (report-format.md, "Fields").
public enum ReportField: Int, Sendable, Hashable, CaseIterable, Codable {
    case area, place, date, category, description, time, placeType, persons, severity,
        policeReported, action, recurring, coordinates, organisation
    /// Report level like `organisation`: never part of an incident (Safety.swift).
    case safety

    /// Canonical Swedish name, as used in `Diagnostic.field` and in the example report.
    public var swedishName: String {
        switch self {
        case .area: return "Område"
        case .place: return "Plats"
        case .date: return "Datum"
        case .category: return "Kategori"
        case .description: return "Beskrivning"
        case .time: return "Tid"
        case .placeType: return "Platstyp"
        case .persons: return "Antal personer"
        case .severity: return "Bedömning"
        case .policeReported: return "Polisanmält"
        case .action: return "Åtgärd"
        case .recurring: return "Återkommande"
        case .coordinates: return "Koordinater"
        case .organisation: return "Organisation"
        case .safety: return "Trygghet"
        }
    }

    public var englishName: String {
        switch self {
        case .area: return "area"
        case .place: return "place"
        case .date: return "date"
        case .category: return "category"
        case .description: return "description"
        case .time: return "time"
        case .placeType: return "type of place"
        case .persons: return "number of people"
        case .severity: return "assessment"
        case .policeReported: return "reported to the police"
        case .action: return "action taken"
        case .recurring: return "recurring"
        case .coordinates: return "coordinates"
        case .organisation: return "organisation"
        case .safety: return "perceived safety"
        }
    }

    public var isRequired: Bool {
        switch self {
        case .area, .place, .date, .category, .description: return true
        default: return false
        }
    }

    /// Free-text fields take continuation lines and are redacted.
    public var isFreeText: Bool {
        switch self {
        case .place, .description, .action: return true
        default: return false
        }
    }

    public init?(swedishName: String) {
        guard let f = ReportField.allCases.first(where: { $0.swedishName == swedishName }) else { return nil }
        self = f
    }
}

/// What went wrong (or is worth a remark) in a report.
public enum DiagnosticKind: Sendable, Hashable, Codable {
    /// A required field is missing or empty.
    case missingField
    case unknownArea(value: String, suggestions: [String])
    /// The sender's organisation is not registered for this area (area display name).
    case areaNotAllowed(area: String)
    case unparseableDate(value: String)
    case dateInFuture(date: LocalDate)
    /// Accepted, but more than 60 days before the mail's date.
    case dateOld(date: LocalDate, days: Int)
    case unknownCategory(value: String, suggestions: [Category])
    case badTime(value: String)
    case badPersons(value: String)
    case badSeverity(value: String)
    case badYesNo(value: String)
    case badCoordinates(value: String)
    case coordinatesOutOfRange
    /// A line that is not a field and cannot continue the previous field.
    case ignoredLine(text: String)
    /// No field lines, not a zero report, not a help request.
    case emptyReport
    case unknownPlaceType(value: String)
    /// An `Organisation:` field the sender may not use (value as written).
    case organisationIgnored(value: String)
    /// A second, different `Organisation:` value; the first one is used.
    case conflictingOrganisation(value: String)
    /// A `Trygghet` value off the 1–5 scale (an error, as for any other value that cannot be read).
    case badSafety(value: String)
    /// A plain `Trygghet:` when the report's area is not clear; not stored. `areas` (display names)
    /// are the ones it could mean, for the per-area example.
    case safetyNeedsArea(score: Int, areas: [String])
    /// The same area rated again with another score (area display name); the first score is kept.
    case conflictingSafety(area: String, kept: Int, ignored: Int)
    /// More `Trygghet` lines than any report needs: the mail is rejected as a whole.
    case tooManySafetyLines(count: Int, limit: Int)
    /// More incident blocks than the configured limit: the mail is rejected as a whole.
    case tooManyIncidents(count: Int, limit: Int)
    /// A free-text value longer than its limit; the first `limit` characters are kept.
    case valueTruncated(limit: Int)
    /// Stands last in a capped list of errors or warnings: how many were left out.
    case moreDiagnostics(count: Int)
    /// A label close to a field name (`Beskrivnig:`): read as that field, and the mail rejected
    /// so that the reporter sees the name corrected.
    case unknownFieldName(value: String, suggestion: String)
    /// A zero report naming a week that has not ended yet (`Nollrapport v.42` sent in week 41).
    case zeroReportWeekInFuture(week: Int)

    // Corrections and withdrawals (report-format.md v2).
    /// Commands and new incidents in one mail (the line where the first incident starts).
    case commandsWithIncidents
    /// A `Rätta` line with no field lines under it.
    case correctionWithoutFields
    /// A `Rätta` line naming several references: which one the fields belong to is unclear.
    case correctionNeedsOneReference
    /// The same reference in two commands of one mail.
    case repeatedReference
    /// More commands than the incident limit.
    case tooManyCommands(count: Int, limit: Int)
    /// No incident with this reference was reported by the sender's organisation (also when
    /// another organisation's: nothing is said about other organisations' incidents).
    case unknownReference
    /// Stored longer ago than corrections are taken.
    case correctionExpired(storedOn: LocalDate, maxDays: Int)
    case alreadyWithdrawn
    /// A bare `Återkalla` (or `Rätta`) that is not a reply to one of the gateway's acknowledgments.
    case noAcknowledgmentAnswered
    /// A bare `Rätta` in a reply to an acknowledgment of several incidents.
    case correctionNeedsReference(references: [String])
}

public struct Diagnostic: Sendable, Hashable, Codable {
    /// 1-based incident number.
    public var incident: Int?
    /// The incident reference a correction or withdrawal names.
    public var reference: String?
    /// Canonical Swedish field name ("Område", "Datum", …).
    public var field: String?
    /// 1-based line number in `ReportInput.text`.
    public var line: Int?
    public var kind: DiagnosticKind

    public init(incident: Int? = nil, reference: String? = nil, field: String? = nil, line: Int? = nil, kind: DiagnosticKind) {
        self.incident = incident
        self.reference = reference
        self.field = field
        self.line = line
        self.kind = kind
    }

    init(incident: Int?, reference: String? = nil, field: ReportField?, line: Int?, kind: DiagnosticKind) {
        self.init(incident: incident, reference: reference, field: field?.swedishName, line: line, kind: kind)
    }
}
