import Domain
import Foundation

/// What a period report reads (working-group.md §5), decided by the report's rules before anything is read.
public struct PeriodReportRequest: Sendable, Hashable {
    /// The days counted, both included: incidents by their date.
    public var first: LocalDate
    public var last: LocalDate
    /// The ISO weeks of the reports read (reporting per organisation, how reporting went): every week the days touch.
    public var firstWeek: ISOWeek
    public var lastWeek: ISOWeek
    /// The language of the report, for the rows that arrive as sentences (the insatser's figures).
    public var language: Language

    public init(first: LocalDate, last: LocalDate, firstWeek: ISOWeek, lastWeek: ISOWeek, language: Language) {
        self.first = first
        self.last = last
        self.firstWeek = firstWeek
        self.lastWeek = lastWeek
        self.language = language
    }
}

/// The rows behind one period report, read in one consistent snapshot: accepted reports' incidents that are not
/// withdrawn (corrected ones as they now read), the reports of the period's weeks, the rejected reports' errors.
public struct PeriodReportInput: Sendable, Hashable {
    /// Incidents dated in the period.
    public var incidents: [PeriodIncidentRow]
    /// Withdrawn incidents dated in the period (in no other number).
    public var withdrawn: Int
    /// Every report (accepted or rejected) of the weeks the period touches (a report's week is its mail's).
    public var reports: [PeriodReportRow]
    /// Error texts of those reports that were rejected, each with how often it was given.
    public var rejectionErrors: [RejectionErrorRow]
    /// The earliest date of any incident ever stored: the data's own beginning.
    public var firstIncidentDate: LocalDate?
    /// Perceived safety (Trygghet) per area and week.
    public var safety: [WeeklySafety]
    /// The insatser of the period with their figures.
    public var insatser: [InsatsRow]

    public init(
        incidents: [PeriodIncidentRow] = [], withdrawn: Int = 0, reports: [PeriodReportRow] = [],
        rejectionErrors: [RejectionErrorRow] = [], firstIncidentDate: LocalDate? = nil, safety: [WeeklySafety] = [],
        insatser: [InsatsRow] = []
    ) {
        self.incidents = incidents
        self.withdrawn = withdrawn
        self.reports = reports
        self.rejectionErrors = rejectionErrors
        self.firstIncidentDate = firstIncidentDate
        self.safety = safety
        self.insatser = insatser
    }
}

public struct PeriodIncidentRow: Sendable, Hashable {
    public var reference: String
    public var area: String
    public var place: String
    public var placeType: String?
    public var date: LocalDate
    public var timeFrom: String?
    public var timeTo: String?
    public var partOfDay: PartOfDay?
    /// Codes in the order written.
    public var categories: [String]
    public var description: String
    public var organisation: String
    public var severity: Int?
    public var policeReported: PoliceReported?
    /// Active or corrected (withdrawn incidents are not rows).
    public var state: IncidentState
    /// When the report that holds it arrived.
    public var receivedAt: Date

    public init(
        reference: String, area: String, place: String, placeType: String? = nil, date: LocalDate, timeFrom: String? = nil,
        timeTo: String? = nil, partOfDay: PartOfDay? = nil, categories: [String], description: String, organisation: String,
        severity: Int? = nil, policeReported: PoliceReported? = nil, state: IncidentState = .active, receivedAt: Date
    ) {
        self.reference = reference
        self.area = area
        self.place = place
        self.placeType = placeType
        self.date = date
        self.timeFrom = timeFrom
        self.timeTo = timeTo
        self.partOfDay = partOfDay
        self.categories = categories
        self.description = description
        self.organisation = organisation
        self.severity = severity
        self.policeReported = policeReported
        self.state = state
        self.receivedAt = receivedAt
    }
}

public struct PeriodReportRow: Sendable, Hashable {
    public var organisation: String
    /// The ISO week of the report's mail date.
    public var week: ISOWeek
    public var accepted: Bool
    public var zeroReport: Bool
    public var receivedAt: Date

    public init(organisation: String, week: ISOWeek, accepted: Bool, zeroReport: Bool, receivedAt: Date) {
        self.organisation = organisation
        self.week = week
        self.accepted = accepted
        self.zeroReport = zeroReport
        self.receivedAt = receivedAt
    }
}

public struct RejectionErrorRow: Sendable, Hashable {
    /// The field the error is about (`Datum`), nil when it is about the whole mail.
    public var field: String?
    /// The error as the reporter was told it.
    public var text: String
    public var count: Int

    public init(field: String?, text: String, count: Int) {
        self.field = field
        self.text = text
        self.count = count
    }
}

/// An insats of the period as the report shows it; its figures are worked out where insatser are (working-group.md
/// §3) and arrive here as sentences in the request's language.
public struct InsatsRow: Sendable, Hashable {
    public var reference: String
    public var title: String
    /// Area ids.
    public var areas: [String]
    public var status: InsatsStatus
    public var start: LocalDate
    public var end: LocalDate?
    /// Counts and rates before and after, e.g. "före 14 (1,8/v.), efter 6 (0,8/v.), −57 % (95 % intervall …)".
    public var figures: String
    /// The plain sentence (`ChangeSentence`).
    public var sentence: String

    public init(
        reference: String, title: String, areas: [String], status: InsatsStatus, start: LocalDate, end: LocalDate?,
        figures: String, sentence: String
    ) {
        self.reference = reference
        self.title = title
        self.areas = areas
        self.status = status
        self.start = start
        self.end = end
        self.figures = figures
        self.sentence = sentence
    }
}
