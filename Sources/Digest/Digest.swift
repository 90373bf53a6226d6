import Domain
import Foundation
import ReadModels
import Statistics

/// The weekly situation picture (lägesbild) for one closed ISO week: numbers only, no wording.
/// Built by `DigestBuilder` from one consistent read; turned into mail by `DigestRenderer`.
public struct Digest: Sendable {
    public var week: ISOWeek
    /// When the digest was built.
    public var generatedAt: Date
    public var timeZone: TimeZone
    /// True when the digest was built before its week ended (numbers may still grow).
    public var partialWeek: Bool
    /// The weeks of every `trend`, oldest first, ending with `week`.
    public var trendWeeks: [ISOWeek]
    /// The weeks whose mean is `baselineMean`, oldest first (the weeks just before `week`).
    public var baselineWeeks: [ISOWeek]
    /// All areas together.
    public var total: Counts
    public var areas: [AreaDigest]
    /// Places with repeated incidents in `hotspotWeeks`.
    public var hotspots: [Hotspot]
    public var hotspotWeeks: [ISOWeek]
    public var hotspotMinimum: Int
    public var timing: Timing
    public var reporting: [OrganisationReporting]
    public var spikes: [Spike]
    public var operations: Operations
    /// Corrections and withdrawals to weeks already sent, since the previous digest.
    public var corrections = CorrectionNotes()
    /// The *Insatser* section, written in the digest's language by whoever measures them (the
    /// periodic runner): one line per insats running, starting, ending or followed up in the week,
    /// and for those followed up the figures as an HTML fragment.
    public var insatser = InsatsSection()
    /// Perceived safety per area over `trendWeeks`; empty when no area had an answer in them.
    public var safety: [AreaSafety] = []

    /// Incidents in the week, all areas.
    public var incidentCount: Int { areas.reduce(0) { $0 + $1.incidents.count } }
}
public struct InsatsSection: Sendable, Hashable {
    public var lines: [String] = []
    /// Trusted HTML from the insats renderer, inserted as it is.
    public var fragments: [String] = []

    public init(lines: [String] = [], fragments: [String] = []) {
        self.lines = lines
        self.fragments = fragments
    }
}

/// Incident counts for one area (or one category in one area).
public struct Counts: Sendable, Hashable {
    /// Incidents whose date falls in the digest's week.
    public var thisWeek: Int
    /// The week before.
    public var lastWeek: Int
    /// Mean per week over `Digest.baselineWeeks`.
    public var baselineMean: Double
    /// One count per `Digest.trendWeeks`, oldest first; the last is `thisWeek`.
    public var trend: [Int]

    public init(thisWeek: Int, lastWeek: Int, baselineMean: Double, trend: [Int]) {
        self.thisWeek = thisWeek
        self.lastWeek = lastWeek
        self.baselineMean = baselineMean
        self.trend = trend
    }
}

public struct AreaDigest: Sendable {
    public var area: Area
    public var counts: Counts
    /// Categories with at least one incident in the trend weeks, most incidents this week first.
    /// An incident with two categories counts in both.
    public var categories: [CategoryCounts]
    /// The week's incidents in this area, by date and time.
    public var incidents: [DigestIncident]
}

public struct CategoryCounts: Sendable {
    public var category: Category
    public var counts: Counts
}

public struct DigestIncident: Sendable, Hashable {
    public var reference: String
    public var date: LocalDate
    /// `21:30`, `21:30–23:00`, or a part of the day's word; nil when the report gave no time.
    public var timeFrom: String?
    public var timeTo: String?
    public var partOfDay: PartOfDay?
    public var place: String
    public var categories: [Category]
    /// Shortened to `DigestOptions.descriptionLength` characters, at a word boundary, with `…`.
    public var description: String
    public var organisation: String
}

/// A place reported again and again, compared with case, white space, punctuation and diacritics folded.
public struct Hotspot: Sendable, Hashable {
    public var area: Area
    /// The spelling used most often (the latest on a tie).
    public var place: String
    /// The folded comparison key.
    public var key: String
    public var count: Int
    public var firstDate: LocalDate
    public var lastDate: LocalDate
    /// Category codes seen there, most frequent first.
    public var categories: [Category]
}

/// When incidents happen: by weekday and by part of the day, for the week and a longer period.
public struct Timing: Sendable, Hashable {
    /// The longer period, oldest first, ending with the digest's week.
    public var longWeeks: [ISOWeek]
    /// Monday first (index 0) … Sunday (index 6).
    public var weekdaysThisWeek: [Int]
    public var weekdaysLong: [Int]
    /// One entry per `TimeBucket.allCases`, in that order.
    public var partsThisWeek: [Int]
    public var partsLong: [Int]
}

/// A part of the day as the digest counts it: the report's own part of the day, or the hour of its
/// clock time placed in the PartOfDay ranges; `unknown` when the report gave no time.
public enum TimeBucket: String, Sendable, Hashable, CaseIterable {
    case natt, morgon, formiddag, eftermiddag, kvall, dag, unknown

    public init(timeFrom: String?, partOfDay: PartOfDay?) {
        if let partOfDay, let bucket = TimeBucket(rawValue: partOfDay.rawValue) {
            self = bucket
            return
        }
        guard let timeFrom, let hour = Int(timeFrom.prefix { $0.isNumber }), (0..<24).contains(hour) else {
            self = .unknown
            return
        }
        for part in [PartOfDay.natt, .morgon, .formiddag, .eftermiddag, .kvall] where part.hours.contains(hour) {
            self = TimeBucket(rawValue: part.rawValue)!
            return
        }
        self = .unknown
    }

    public var partOfDay: PartOfDay? { PartOfDay(rawValue: rawValue) }
}

public struct OrganisationReporting: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// An accepted report with incidents for the week.
        case reported
        /// Only an accepted zero report ("inga händelser").
        case zeroReport
        /// No accepted report of either kind.
        case missing
    }

    public var organisation: Organisation
    public var status: Status
    /// Incidents in the accepted reports of the week (by reporting week).
    public var incidents: Int
    /// Rejected reports in the week (reports that were sent but could not be read).
    public var rejected: Int
    /// Weeks in a row, ending with the digest's week, without an accepted report; 0 when it reported.
    /// Nil when the organisation never reported at all.
    public var weeksMissing: Int?
    /// The latest week with an accepted report, up to the digest's week.
    public var lastReported: ISOWeek?
}

/// A spike flag for one series (an area's total, or one category in an area).
public struct Spike: Sendable {
    public var area: Area
    /// Nil for the area's total.
    public var category: Category?
    public var flag: SpikeFlag
}

public struct Operations: Sendable, Hashable {
    public struct FailingRecipient: Sendable, Hashable {
        public var address: String
        public var status: String
        public var diagnostic: String?
        public var since: Date
    }

    /// A reason (held reply, quarantine) with how often it occurred in the week.
    public struct ReasonCount: Sendable, Hashable {
        public var reason: String
        public var count: Int
        /// Distinct addresses involved, sorted (held replies only).
        public var recipients: [String]
    }

    public var failingRecipients: [FailingRecipient]
    /// Replies the caps held back during the week, by reason, most frequent first.
    public var heldReplies: [ReasonCount]
    /// Messages received during the week that went to quarantine.
    public var quarantined: Int
    /// Quarantine reasons of the week, most frequent first.
    public var quarantineReasons: [ReasonCount]

    /// What gallring removed during the week; nil when no retention pass ran.
    public var retention: RetentionCounts? = nil

    public var heldReplyCount: Int { heldReplies.reduce(0) { $0 + $1.count } }
}
