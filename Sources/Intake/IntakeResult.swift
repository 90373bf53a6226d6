import Domain
import Reports

/// Outcome of one message, as report-format.md's "Machine-readable result".
public enum ReportStatus: String, Sendable, Hashable, Codable {
    case accepted, rejected, ignored, quarantined
}

/// The `parse` command's JSON. Encodes every key, with explicit nulls, in snake_case.
public struct IntakeResult: Sendable, Hashable, Encodable {
    public var status: ReportStatus
    public var reason: String?
    public var messageID: String?
    public var sender: String?
    public var organisation: String?
    public var zeroReport: Bool
    public var week: ISOWeek?
    public var incidents: [Incident]
    public var errors: [DiagnosticRecord]
    public var warnings: [DiagnosticRecord]
    /// What the MIME reader repaired in the message; empty when it was not parsed.
    public var defects: [DefectRecord] = []
    /// Perceived safety per area (`Trygghet`) of an accepted report; empty otherwise.
    public var safety: [SafetyRating] = []
    /// Corrections and withdrawals read (a command mail has these instead of incidents).
    public var commands: [ReportCommand] = []
    /// A working-group member's insats command (only in the JSON when set).
    public var insats: InsatsMail?

    public init(
        status: ReportStatus, reason: String?, messageID: String?, sender: String?, organisation: String?, zeroReport: Bool,
        week: ISOWeek?, incidents: [Incident], errors: [DiagnosticRecord], warnings: [DiagnosticRecord],
        commands: [ReportCommand] = []
    ) {
        self.status = status
        self.reason = reason
        self.messageID = messageID
        self.sender = sender
        self.organisation = organisation
        self.zeroReport = zeroReport
        self.week = week
        self.incidents = incidents
        self.errors = errors
        self.warnings = warnings
        self.commands = commands
    }

    enum CodingKeys: String, CodingKey {
        case status, reason, sender, organisation, week, incidents, errors, warnings, defects, commands, safety, insats
        case messageID = "message_id"
        case zeroReport = "zero_report"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        try c.encode(reason, forKey: .reason)
        try c.encode(messageID, forKey: .messageID)
        try c.encode(sender, forKey: .sender)
        try c.encode(organisation, forKey: .organisation)
        try c.encode(zeroReport, forKey: .zeroReport)
        try c.encode(week?.description, forKey: .week)
        try c.encode(incidents.map(IncidentJSON.init), forKey: .incidents)
        // `{"area": "raby", "score": 3}`: the rating's own keys are the spec's.
        try c.encode(safety, forKey: .safety)
        try c.encode(errors, forKey: .errors)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(defects, forKey: .defects)
        try c.encode(commands.map(CommandJSON.init), forKey: .commands)
        try c.encodeIfPresent(insats.map(InsatsJSON.init), forKey: .insats)
    }
}

/// An error or warning as the JSON shows it: where, and what in the configured language.
public struct DiagnosticRecord: Sendable, Hashable, Codable {
    public var incident: Int?
    /// The reference a correction or withdrawal named (only in the JSON when set).
    public var reference: String?
    public var field: String?
    public var line: Int?
    public var message: String

    public init(incident: Int?, reference: String? = nil, field: String?, line: Int?, message: String) {
        self.incident = incident
        self.reference = reference
        self.field = field
        self.line = line
        self.message = message
    }

    public init(_ d: Diagnostic, language: Language) {
        self.init(incident: d.incident, reference: d.reference, field: d.field, line: d.line, message: d.message(language))
    }

    enum CodingKeys: String, CodingKey { case incident, reference, field, line, message }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(incident, forKey: .incident)
        try c.encodeIfPresent(reference, forKey: .reference)
        try c.encode(field, forKey: .field)
        try c.encode(line, forKey: .line)
        try c.encode(message, forKey: .message)
    }
}

/// An incident in the spec's JSON shape (snake_case keys, explicit nulls, ISO date).
public struct IncidentJSON: Encodable {
    public var incident: Incident
    public init(_ incident: Incident) { self.incident = incident }

    enum CodingKeys: String, CodingKey {
        case area, place, date, categories, description, severity, action, recurring, lat, lon, redacted
        case placeType = "place_type", timeFrom = "time_from", timeTo = "time_to", timeOfDay = "time_of_day"
        case personsMin = "persons_min", personsMax = "persons_max", policeReported = "police_reported"
    }

    public func encode(to encoder: Encoder) throws {
        let i = incident
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(i.area, forKey: .area)
        try c.encode(i.place, forKey: .place)
        try c.encode(i.placeType, forKey: .placeType)
        try c.encode(i.date.iso, forKey: .date)
        try c.encode(i.timeFrom, forKey: .timeFrom)
        try c.encode(i.timeTo, forKey: .timeTo)
        try c.encode(i.timeOfDay?.rawValue, forKey: .timeOfDay)
        try c.encode(i.categories, forKey: .categories)
        try c.encode(i.description, forKey: .description)
        try c.encode(i.personsMin, forKey: .personsMin)
        try c.encode(i.personsMax, forKey: .personsMax)
        try c.encode(i.severity, forKey: .severity)
        try c.encode(i.policeReported?.rawValue, forKey: .policeReported)
        try c.encode(i.action, forKey: .action)
        try c.encode(i.recurring, forKey: .recurring)
        try c.encode(i.lat, forKey: .lat)
        try c.encode(i.lon, forKey: .lon)
        try c.encode(i.redacted, forKey: .redacted)
    }
}
