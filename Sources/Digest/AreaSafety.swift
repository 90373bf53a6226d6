import Domain
import ReadModels

/// Perceived safety (`Trygghet`) in one area over the trend weeks: how many ratings each week's
/// reports gave and their mean, by the week a report was sent in.
public struct AreaSafety: Sendable, Hashable {
    public var area: Area
    /// Ratings per `Digest.trendWeeks`, oldest first; the last is the digest's week.
    public var answers: [Int]
    /// Mean rating (1…5) per `Digest.trendWeeks`; nil in a week without answers.
    public var means: [Double?]

    public var thisWeekAnswers: Int { answers.last ?? 0 }
    public var thisWeekMean: Double? { means.last ?? nil }
}

extension DigestBuilder {
    /// One entry per area (the digest's areas, then any other area rated) when any area had an answer
    /// in `weeks`; none otherwise, so that the section stays out until reporters rate.
    static func safety(_ rows: [WeeklySafety], areas: [Area], weeks: [ISOWeek]) -> [AreaSafety] {
        var index: [ISOWeek: Int] = [:]
        for (i, week) in weeks.enumerated() { index[week] = i }
        let zeros = Array(repeating: 0, count: weeks.count)
        var answers: [String: [Int]] = [:], totals: [String: [Int]] = [:]
        for row in rows where row.answers > 0 {
            guard let area = row.area, let at = index[row.week] else { continue }
            answers[area, default: zeros][at] += row.answers
            totals[area, default: zeros][at] += row.scoreTotal
        }
        guard !answers.isEmpty else { return [] }
        let known = Set(areas.map(\.id))
        let all = areas + answers.keys.filter { !known.contains($0) }.sorted().map { Area(id: $0, name: $0) }
        return all.map { area in
            let n = answers[area.id] ?? zeros, total = totals[area.id] ?? zeros
            return AreaSafety(
                area: area, answers: n, means: zip(n, total).map { $0 == 0 ? nil : Double($1) / Double($0) })
        }
    }
}
