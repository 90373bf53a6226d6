import Domain
import Foundation

/// What the digest needs to read, decided by the digest's rules before anything is read.
public struct DigestRequest: Sendable, Hashable {
    public var week: ISOWeek
    /// Weekly counts from here to `week`: trend, baseline and spike history.
    public var countsFrom: ISOWeek
    /// Places reported from here to `week` (recurring places).
    public var placesFrom: ISOWeek
    /// Dates and times from here to `week` (weekday and part-of-day counts).
    public var timingFrom: ISOWeek
    /// Perceived safety from here to `week` (its trend).
    public var safetyFrom: ISOWeek
    /// The week as instants, for what is stamped with a time (held replies, quarantined mail).
    public var start: Date
    public var end: Date

    public init(
        week: ISOWeek, countsFrom: ISOWeek, placesFrom: ISOWeek, timingFrom: ISOWeek, safetyFrom: ISOWeek, start: Date, end: Date
    ) {
        self.week = week
        self.countsFrom = countsFrom
        self.placesFrom = placesFrom
        self.timingFrom = timingFrom
        self.safetyFrom = safetyFrom
        self.start = start
        self.end = end
    }
}

/// The rows behind one digest, read in one consistent snapshot of the database. Only accepted
/// reports' incidents; an incident with several categories appears once per category in
/// `categoryCounts`.
public struct DigestInput: Sendable, Hashable {
    public var areaCounts: [WeeklyCount]
    public var categoryCounts: [WeeklyCount]
    /// The week of the earliest accepted incident ever stored (weeks before are not zero weeks).
    public var firstIncidentWeek: ISOWeek?
    /// The digest week's incidents.
    public var incidents: [IncidentRow]
    public var places: [PlaceRow]
    public var timings: [TimingRow]
    /// The digest week's reports, one row each (accepted or rejected).
    public var reports: [ReportRow]
    /// Each organisation's last week with an accepted report, up to the digest week.
    public var lastReported: [String: ISOWeek]
    public var failingRecipients: [FailingRecipientRow]
    public var heldReplies: [HeldReplyRow]
    public var quarantined: [ReasonCount]
    public var corrections = DigestCorrections()
    /// Perceived safety per area and reporting week, `safetyFrom` through `week`; only weeks with
    /// answers (accepted reports').
    public var safety: [WeeklySafety] = []
    /// What the retention passes of the week removed, added up; nil when no pass ran in it.
    public var retention: RetentionCounts?

    public init(
        areaCounts: [WeeklyCount] = [], categoryCounts: [WeeklyCount] = [], firstIncidentWeek: ISOWeek? = nil,
        incidents: [IncidentRow] = [], places: [PlaceRow] = [], timings: [TimingRow] = [], reports: [ReportRow] = [],
        lastReported: [String: ISOWeek] = [:], failingRecipients: [FailingRecipientRow] = [],
        heldReplies: [HeldReplyRow] = [], quarantined: [ReasonCount] = []
    ) {
        self.areaCounts = areaCounts
        self.categoryCounts = categoryCounts
        self.firstIncidentWeek = firstIncidentWeek
        self.incidents = incidents
        self.places = places
        self.timings = timings
        self.reports = reports
        self.lastReported = lastReported
        self.failingRecipients = failingRecipients
        self.heldReplies = heldReplies
        self.quarantined = quarantined
    }

    /// Incidents in one week of one area, or of one category in one area.
    public struct WeeklyCount: Sendable, Hashable {
        public var area: String
        /// nil for the area's total.
        public var category: String?
        public var week: ISOWeek
        public var count: Int

        public init(area: String, category: String? = nil, week: ISOWeek, count: Int) {
            self.area = area
            self.category = category
            self.week = week
            self.count = count
        }
    }

    public struct IncidentRow: Sendable, Hashable {
        public var reference: String
        public var area: String
        public var place: String
        public var date: LocalDate
        public var timeFrom: String?
        public var timeTo: String?
        public var partOfDay: PartOfDay?
        public var categories: [String]
        public var description: String
        public var organisation: String

        public init(
            reference: String, area: String, place: String, date: LocalDate, timeFrom: String?, timeTo: String?,
            partOfDay: PartOfDay?, categories: [String], description: String, organisation: String
        ) {
            self.reference = reference
            self.area = area
            self.place = place
            self.date = date
            self.timeFrom = timeFrom
            self.timeTo = timeTo
            self.partOfDay = partOfDay
            self.categories = categories
            self.description = description
            self.organisation = organisation
        }
    }

    public struct PlaceRow: Sendable, Hashable {
        public var area: String
        public var place: String
        public var date: LocalDate
        public var categories: [String]

        public init(area: String, place: String, date: LocalDate, categories: [String]) {
            self.area = area
            self.place = place
            self.date = date
            self.categories = categories
        }
    }

    public struct TimingRow: Sendable, Hashable {
        public var date: LocalDate
        public var week: ISOWeek
        public var timeFrom: String?
        public var partOfDay: PartOfDay?

        public init(date: LocalDate, week: ISOWeek, timeFrom: String?, partOfDay: PartOfDay?) {
            self.date = date
            self.week = week
            self.timeFrom = timeFrom
            self.partOfDay = partOfDay
        }
    }

    public struct ReportRow: Sendable, Hashable {
        public var organisation: String
        public var accepted: Bool
        public var zeroReport: Bool
        public var incidents: Int

        public init(organisation: String, accepted: Bool, zeroReport: Bool, incidents: Int) {
            self.organisation = organisation
            self.accepted = accepted
            self.zeroReport = zeroReport
            self.incidents = incidents
        }
    }

    public struct FailingRecipientRow: Sendable, Hashable {
        public var address: String
        public var status: String
        public var diagnostic: String?
        public var since: Date

        public init(address: String, status: String, diagnostic: String?, since: Date) {
            self.address = address
            self.status = status
            self.diagnostic = diagnostic
            self.since = since
        }
    }

    public struct HeldReplyRow: Sendable, Hashable {
        public var reason: String
        public var recipient: String

        public init(reason: String, recipient: String) {
            self.reason = reason
            self.recipient = recipient
        }
    }

    public struct ReasonCount: Sendable, Hashable {
        public var reason: String
        public var count: Int

        public init(reason: String, count: Int) {
            self.reason = reason
            self.count = count
        }
    }
}
