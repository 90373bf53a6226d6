import Domain
import Foundation

/// What a period report is built against: the configured vocabulary, the zone days are read in, the working
/// group's minimum for a conclusion and the language of the mail.
public struct PeriodReportOptions: Sendable {
    public var timeZone: TimeZone
    /// Areas in the order they are shown; incidents of an area no longer configured are shown after them.
    public var areas: [Area]
    public var categories: [Category]
    /// Organisations; those with `expectedWeekly` are followed week by week, the others when they sent something.
    public var organisations: [Organisation]
    public var language: Language
    /// `effect.minimum_events`: fewer incidents in both halves together are too few for a conclusion.
    public var minimumEvents: Int
    /// Places listed, and the incidents a place needs to be listed at all.
    public var placeCount = 10
    public var placeMinimum = 2
    /// Error reasons listed.
    public var reasonCount = 5

    public init(
        timeZone: TimeZone, areas: [Area], categories: [Category], organisations: [Organisation], language: Language = .swedish,
        minimumEvents: Int = 10
    ) {
        self.timeZone = timeZone
        self.areas = areas
        self.categories = categories
        self.organisations = organisations
        self.language = language
        self.minimumEvents = max(1, minimumEvents)
    }
}
