/// An ISO 8601 week (Monday–Sunday), the period a lägesbild covers. Written `2018-W36`.
public struct ISOWeek: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var week: Int

    public init(year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    public init(containing date: LocalDate) {
        // The week belongs to the year that holds its Thursday.
        let thursday = date.adding(days: 4 - date.weekday)
        let jan1 = LocalDate(year: thursday.year, month: 1, day: 1)
        self.init(year: thursday.year, week: thursday.days(since: jan1) / 7 + 1)
    }

    /// Parses `2018-W36` (also `2018W36`).
    public init?(_ text: String) {
        let t = text.uppercased().replacingOccurrences(of: "-W", with: "W")
        let parts = t.split(separator: "W")
        guard parts.count == 2, let y = Int(parts[0]), let w = Int(parts[1]), w >= 1,
            w <= ISOWeek.weeksIn(year: y)
        else { return nil }
        self.init(year: y, week: w)
    }

    public static func weeksIn(year: Int) -> Int {
        ISOWeek(containing: LocalDate(year: year, month: 12, day: 28)).week
    }

    public var monday: LocalDate {
        let jan4 = LocalDate(year: year, month: 1, day: 4)
        let week1Monday = jan4.adding(days: 1 - jan4.weekday)
        return week1Monday.adding(days: (week - 1) * 7)
    }

    public var sunday: LocalDate { monday.adding(days: 6) }

    public func adding(weeks: Int) -> ISOWeek { ISOWeek(containing: monday.adding(days: weeks * 7)) }

    public var description: String {
        year >= 0 && year < 10000 ? "\(year)-W\(week < 10 ? "0" : "")\(week)" : "\(year)-W\(week)"
    }

    public static func < (a: ISOWeek, b: ISOWeek) -> Bool { (a.year, a.week) < (b.year, b.week) }
}

extension ISOWeek {
    /// The weeks from `first` through `last`, oldest first; empty when `last` comes first.
    public static func range(_ first: ISOWeek, through last: ISOWeek) -> [ISOWeek] {
        guard first <= last else { return [] }
        var weeks: [ISOWeek] = []
        var week = first
        while week <= last {
            weeks.append(week)
            week = week.adding(weeks: 1)
        }
        return weeks
    }
}
