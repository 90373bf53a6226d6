import Domain

/// The two windows an insats's change is measured over (working-group.md §3), from the insats and the last closed
/// week alone: the caller decides which week is closed, so the same insats gives the same windows on every run.
///
/// * Before: the `beforeWeeks` × 7 days before Start.
/// * After: from Start to the earliest of Slut (its last day, included), the day before the follow-up date and the
///   last closed week's Sunday. The follow-up date is the day the figures are read and sent, so it cannot be
///   counted itself; with the default follow-up (Start + 8 weeks) the after window is then 8 whole weeks, as long
///   as the before window.
public struct InsatsWindows: Sendable, Hashable {
    /// What ended the after window; ties go to the first of these (a planned end says more than a data cut).
    public enum Cut: String, Sendable, Hashable, Codable, CaseIterable {
        case end
        case followUp = "follow_up"
        case lastClosedWeek = "last_closed_week"
    }

    public let start: LocalDate
    public let before: DateRange
    /// Nil while no day from Start on is in a closed week: the insats has not started, or started this week.
    public let after: DateRange?
    /// Nil exactly when `after` is.
    public let cut: Cut?

    public var beforeWeeks: Double { before.weeks }
    /// Days / 7: the after window often ends mid-week. 0 without an after window.
    public var afterWeeks: Double { after?.weeks ?? 0 }

    /// The Sunday that, once its week is closed, gives the after window its first days: Start's own week.
    public var measurementBegins: LocalDate { start.isoWeek.sunday }

    /// Every day of both windows: what the store reads.
    public var span: DateRange { DateRange(first: before.first, last: after?.last ?? before.last)! }

    /// - Parameter beforeWeeks: at least 1 (the settings allow 1–52); less is taken as 1.
    public init(insats: Insats, beforeWeeks: Int = 8, lastClosedWeek: ISOWeek) {
        let start = insats.start
        self.start = start
        before = DateRange(first: start.adding(days: -7 * max(1, beforeWeeks)), last: start.adding(days: -1))!
        var ends: [(LocalDate, Cut)] = [(insats.followUp.adding(days: -1), .followUp), (lastClosedWeek.sunday, .lastClosedWeek)]
        if let end = insats.end { ends.insert((end, .end), at: 0) }
        // min(by:) keeps the first of equal elements, which is the tie rule above.
        let (last, cut) = ends.min { $0.0 < $1.0 }!
        after = DateRange(first: start, last: last)
        self.cut = after == nil ? nil : cut
    }
}
