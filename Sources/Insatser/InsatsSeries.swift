import Domain
import ReadModels

/// One series of an insats's change (the target, the place, or the comparison): its incidents counted in the
/// before and the after window, and per ISO week for the chart. An incident counts once however many of the
/// insats's categories it has.
public struct InsatsSeries: Sendable, Hashable {
    public let before: Int
    public let after: Int
    /// Incidents per week.
    public let beforeRate: Double
    /// Nil without an after window: there is no rate yet, rather than a rate of 0.
    public let afterRate: Double?
    /// Both windows, oldest first; see `WeekCount` for the week that holds Start.
    public let weekly: [WeekCount]

    init(_ rows: [InsatsEffectInput.IncidentRow], windows: InsatsWindows) {
        var before = 0, after = 0
        var perDay: [LocalDate: Int] = [:]
        for row in rows {
            if windows.before.contains(row.date) {
                before += 1
            } else if windows.after?.contains(row.date) == true {
                after += 1
            } else {
                continue
            }
            perDay[row.date, default: 0] += 1
        }
        self.before = before
        self.after = after
        beforeRate = Double(before) / windows.beforeWeeks
        afterRate = windows.after.map { Double(after) / $0.weeks }
        weekly = WeekCount.split(windows).map { $0.counting(perDay) }
    }
}

/// The incidents of one ISO week inside one window. The week that holds Start (unless Start is a Monday) is split in
/// two, its days before Start and its days from Start on, so that no bar mixes the two windows; the first and the
/// last week can be partial too. `days` says how much of the week a bar covers.
public struct WeekCount: Sendable, Hashable {
    public enum Window: String, Sendable, Hashable, Codable { case before, after }

    public let week: ISOWeek
    public let window: Window
    public let days: DateRange
    public let count: Int

    public var isWholeWeek: Bool { days.days == 7 }

    /// The empty bars of both windows, in order.
    static func split(_ windows: InsatsWindows) -> [WeekCount] {
        let parts = [(windows.before, Window.before)] + (windows.after.map { [($0, Window.after)] } ?? [])
        return parts.flatMap { range, window in
            range.isoWeeks.map { week in
                let days = DateRange(first: max(week.monday, range.first), last: min(week.sunday, range.last))!
                return WeekCount(week: week, window: window, days: days, count: 0)
            }
        }
    }

    func counting(_ perDay: [LocalDate: Int]) -> WeekCount {
        let count = (0..<days.days).reduce(0) { $0 + (perDay[days.first.adding(days: $1)] ?? 0) }
        return WeekCount(week: week, window: window, days: days, count: count)
    }
}
