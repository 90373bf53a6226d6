import Domain
import Foundation
import Statistics

/// What a lägesbild is built against: the configured vocabulary, the zone weeks are read in, the
/// spike detector's parameters and the language of the mail.
public struct DigestOptions: Sendable {
    /// ISO weeks run Monday–Sunday in this zone; message times (quarantine, held replies) are read in it.
    public var timeZone: TimeZone
    /// Areas in the order they are shown. Incidents of an area no longer configured are shown after them.
    public var areas: [Area]
    /// Categories, for names and order.
    public var categories: [Category]
    /// Organisations; those with `expectedWeekly` appear in the reporting section.
    public var organisations: [Organisation]
    public var spike: SpikeParameters
    /// Weeks in the trend (sparkline, bar chart), ending with the digest's week.
    public var trendWeeks: Int = 12
    /// Weeks before the digest's week whose mean is shown as the baseline (the spike detector's n, 8).
    public var baselineWeeks: Int = 8
    /// Weeks (ending with the digest's week) in which a place must recur to be listed.
    public var hotspotWeeks: Int = 4
    /// Incidents at one place within `hotspotWeeks` that make it a recurring place.
    public var hotspotMinimum: Int = 3
    /// Weeks (ending with the digest's week) of the longer weekday / part-of-day view.
    public var timingWeeks: Int = 8
    /// Characters kept of an incident's description.
    public var descriptionLength: Int = 120
    /// Weeks of history (at most) the spike detector sees.
    public var spikeHistoryWeeks: Int = 26
    public var language: Language

    public init(
        timeZone: TimeZone, areas: [Area], categories: [Category], organisations: [Organisation],
        spike: SpikeParameters = SpikeParameters(), trendWeeks: Int = 12, language: Language = .swedish
    ) {
        self.timeZone = timeZone
        self.areas = areas
        self.categories = categories
        self.organisations = organisations
        self.spike = spike
        self.trendWeeks = max(1, trendWeeks)
        self.baselineWeeks = max(1, spike.baselineWeeks)
        self.language = language
    }

    func categoryName(_ code: String) -> String {
        categories.first { $0.code == code }?.name ?? code
    }
}
