/// A range of whole days, both ends included: a pilot, a quarter, a report's period.
public struct DateRange: Sendable, Hashable, Codable, CustomStringConvertible {
    public var first: LocalDate
    public var last: LocalDate

    /// Nil when `last` is before `first`.
    public init?(first: LocalDate, last: LocalDate) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
    }

    public var days: Int { last.days(since: first) + 1 }
    public var weeks: Double { Double(days) / 7 }

    public func contains(_ day: LocalDate) -> Bool { first <= day && day <= last }

    /// The ISO weeks touched by the range, oldest first.
    public var isoWeeks: [ISOWeek] { ISOWeek.range(first.isoWeek, through: last.isoWeek) }

    public var description: String { "\(first.iso)–\(last.iso)" }
}
