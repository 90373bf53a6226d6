import Domain

/// The alert rule on top of the flags: one alert per series and week, and after an alert the same
/// series stays quiet for a number of weeks unless its count rises above what was alerted. The
/// daemon sends alerts by it, and the simulation measures false alarms as the alerts it lets through.
public struct QuietPeriod: Sendable, Hashable {
    public var weeks: Int

    public init(weeks: Int = 3) { self.weeks = weeks }

    /// - Parameter previous: earlier alerts of the series (week and the count alerted).
    public func allows(observed: Int, week: ISOWeek, previous: [(week: ISOWeek, observed: Int)]) -> Bool {
        let window = previous.filter { $0.week < week && $0.week >= week.adding(weeks: -weeks) }
        guard let highest = window.map(\.observed).max() else { return true }
        return observed > highest
    }
}
