import Digest
import Domain
import Foundation
import ReadModels
import Statistics

/// A report over a longer period (working-group.md §5): numbers only, no wording. Built by `PeriodReportBuilder`
/// from one consistent read; turned into text, HTML and CSV by `PeriodReportRenderer` and `PeriodReportCSV`.
public struct PeriodReport: Sendable {
    public var period: ReportPeriod
    /// The days counted: the period, or its days up to the build day when it was not over yet.
    public var counted: DateRange
    /// True when the report was built before the period's last day was over.
    public var partial: Bool
    public var generatedAt: Date
    public var timeZone: TimeZone
    /// Every ISO week the counted days touch, oldest first: one bar each in the charts.
    public var weeks: [ISOWeek]
    /// Those of `weeks` with days outside the counted days (a pilot starting on a Saturday).
    public var partialWeeks: Set<ISOWeek>
    /// The two halves the change is measured between.
    public var halves: Halves
    /// Fewer incidents than this in both halves together are too few for a conclusion.
    public var minimumEvents: Int
    /// All areas together, each incident once.
    public var total: SeriesSummary
    public var areas: [AreaSummary]
    /// The places reported most often, most incidents first.
    public var places: [Hotspot]
    public var timing: TimingMatrix
    public var reporting: ReportingSummary
    public var process: ReportingProcess
    /// Perceived safety per area; empty when no answers were stored.
    public var safety: [AreaSafety]
    public var insatser: [InsatsRow]
    public var caveats: Caveats
    /// The period's incidents with names resolved, by date (the CSV attachment).
    public var incidents: [ReportIncident]
}

public struct Halves: Sendable, Hashable {
    public var first: DateRange
    /// Nil when the counted days are a single day.
    public var second: DateRange?
}

/// One series (an area, a category in an area, or everything) over the period.
public struct SeriesSummary: Sendable, Hashable {
    public var total: Int
    /// One count per `PeriodReport.weeks`.
    public var weekly: [Int]
    /// The second half against the first; nil when there is no second half.
    public var change: RateRatio?
}

public struct AreaSummary: Sendable, Hashable {
    public var area: Area
    public var summary: SeriesSummary
    /// Categories with at least one incident, most incidents first. An incident with two categories counts in both.
    public var categories: [CategorySummary]
}

public struct CategorySummary: Sendable, Hashable {
    public var category: Category
    public var summary: SeriesSummary
}

/// When incidents happen: weekday × part of the day over the period.
public struct TimingMatrix: Sendable, Hashable {
    /// `counts[weekday][bucket]`: Monday first (0) … Sunday (6); buckets in `TimeBucket.allCases` order.
    public var counts: [[Int]]

    public func count(weekday: Int, bucket: TimeBucket) -> Int {
        counts[weekday][TimeBucket.allCases.firstIndex(of: bucket)!]
    }

    public func total(bucket: TimeBucket) -> Int { (0..<7).reduce(0) { $0 + count(weekday: $1, bucket: bucket) } }
    public func total(weekday: Int) -> Int { counts[weekday].reduce(0, +) }
}

public struct ReportingSummary: Sendable, Hashable {
    /// The weeks reporting is followed in: closed weeks whose Thursday is a counted day (the ISO rule for which
    /// period a week belongs to).
    public var weeks: [ISOWeek]
    public var organisations: [OrganisationWeeks]
    /// Per week of `weeks`: organisations expected weekly that sent a report or a zero report.
    public var reportingPerWeek: [Int]
    /// Organisations expected to report every week.
    public var expected: Int
}

public struct OrganisationWeeks: Sendable, Hashable {
    public enum Mark: Sendable, Hashable {
        /// An accepted report with incidents.
        case reported
        /// Only an accepted zero report.
        case zeroReport
        case missing
    }

    public var organisation: Organisation
    /// One mark per `ReportingSummary.weeks`.
    public var marks: [Mark]
    /// Reports of those weeks that were rejected.
    public var rejected: Int
    /// Incidents dated in the period from this organisation.
    public var incidents: Int

    public var reportedWeeks: Int { marks.filter { $0 == .reported }.count }
    public var zeroWeeks: Int { marks.filter { $0 == .zeroReport }.count }
    public var missingWeeks: Int { marks.filter { $0 == .missing }.count }
}

/// How reporting worked: what arrived in the period and what became of it.
public struct ReportingProcess: Sendable, Hashable {
    /// Reports of the weeks the period touches: accepted with incidents, accepted zero reports, rejected.
    public var accepted: Int
    public var zeroReports: Int
    public var rejected: Int
    /// The errors given most often, most frequent first.
    public var reasons: [ErrorReason]
    /// Incidents dated in the period that count (not withdrawn), of which `corrected` were changed by their reporter.
    public var incidents: Int
    public var corrected: Int
    public var withdrawn: Int
    /// Days from an incident's date to the day its report arrived, the median over the period's incidents.
    public var medianDelayDays: Double?
}

/// An error as reporters were told it, with the values that differ from mail to mail left out.
public struct ErrorReason: Sendable, Hashable {
    public var field: String?
    public var text: String
    public var count: Int
}

/// Perceived safety (Trygghet) of one area: the weekly means and how many answered.
public struct AreaSafety: Sendable, Hashable {
    public struct Week: Sendable, Hashable {
        public var week: ISOWeek
        public var answers: Int
        /// Nil in a week without answers.
        public var mean: Double?
    }

    public var area: Area
    /// One per `PeriodReport.weeks`.
    public var weeks: [Week]
    public var answers: Int { weeks.reduce(0) { $0 + $1.answers } }
    /// The mean of all answers of the period.
    public var mean: Double? {
        let n = answers
        return n == 0 ? nil : weeks.reduce(0) { $0 + ($1.mean ?? 0) * Double($1.answers) } / Double(n)
    }
}

/// What the numbers cannot say, in facts for the paragraph that says so.
public struct Caveats: Sendable, Hashable {
    /// The earliest incident date stored at all: nothing is known from before it.
    public var dataSince: LocalDate?
    /// Organisations whose first report came after the first week, or whose reports stopped before the last weeks.
    public var started: [Organisation]
    public var stopped: [Organisation]
    /// Area × category series with fewer incidents than the minimum, of all such series.
    public var smallSeries: Int
    public var series: Int
}

public struct ReportIncident: Sendable, Hashable {
    public var row: PeriodIncidentRow
    public var areaName: String
    public var categoryNames: [String]
    public var organisationName: String
    /// The local day the report holding it arrived.
    public var reportedOn: LocalDate
}
