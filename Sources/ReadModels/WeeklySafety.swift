import Domain

/// Perceived safety (`Trygghet`, report-format.md) in one reporting week: how many ratings the week's
/// reports gave and their sum, so that weeks and areas combine exactly (a period's mean is its
/// total over its answers, not a mean of weekly means).
public struct WeeklySafety: Sendable, Hashable {
    /// The area id; nil for all areas together (every rating counted once).
    public var area: String?
    public var week: ISOWeek
    /// Ratings given for the week (one per report and area).
    public var answers: Int
    /// The sum of their scores (1…5 each).
    public var scoreTotal: Int

    public init(area: String?, week: ISOWeek, answers: Int, scoreTotal: Int) {
        self.area = area
        self.week = week
        self.answers = answers
        self.scoreTotal = scoreTotal
    }

    /// The mean score; nil for a week without answers, which is no answer rather than a low one.
    public var mean: Double? { answers == 0 ? nil : Double(scoreTotal) / Double(answers) }
}
