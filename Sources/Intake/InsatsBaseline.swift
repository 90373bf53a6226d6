import Domain
import ReadModels

/// An insats's baseline (working-group.md §2): the targeted incidents in its areas (and at its
/// place) in the weeks before its start, per ISO week and in total. Told in its acknowledgment.
public struct InsatsBaseline: Sendable, Hashable {
    public var window: DateRange
    /// The targeted incidents of one ISO week of the window, and of those the ones at the place.
    public struct Week: Sendable, Hashable {
        public var week: ISOWeek
        public var count: Int
        public var atPlace: Int
    }

    /// One entry per ISO week the window touches, oldest first.
    public var weeks: [Week]
    public var total: Int { weeks.reduce(0) { $0 + $1.count } }
    public var totalAtPlace: Int { weeks.reduce(0) { $0 + $1.atPlace } }

    /// The `beforeWeeks` × 7 days before the start.
    public static func window(for insats: Insats, beforeWeeks: Int) -> DateRange {
        DateRange(first: insats.start.adding(days: -7 * beforeWeeks), last: insats.start.adding(days: -1))!
    }

    /// What the store reads for it: the window's incidents of the insats's categories.
    public static func request(for insats: Insats, beforeWeeks: Int) -> InsatsEffectInput.Request {
        InsatsEffectInput.Request(days: window(for: insats, beforeWeeks: beforeWeeks), categories: insats.categories)
    }

    public init(insats: Insats, beforeWeeks: Int, rows: [InsatsEffectInput.IncidentRow]) {
        window = Self.window(for: insats, beforeWeeks: beforeWeeks)
        var counts: [ISOWeek: (Int, Int)] = [:]
        for row in rows where window.contains(row.date) {
            guard insats.targets(area: row.area, categories: row.categories) else { continue }
            let atPlace = insats.place.map { PlaceKey.matches($0, row.place) } ?? false
            let c = counts[row.date.isoWeek] ?? (0, 0)
            counts[row.date.isoWeek] = (c.0 + 1, c.1 + (atPlace ? 1 : 0))
        }
        weeks = window.isoWeeks.map { Week(week: $0, count: counts[$0]?.0 ?? 0, atPlace: counts[$0]?.1 ?? 0) }
    }
}
