/// The change around an insats (working-group.md §3): the target series (the insats's areas and categories) and
/// the comparison series (the same categories in the other areas), each counted in the before window (the weeks
/// before Start) and the after window (Start to the earliest of Slut, the follow-up date and the last closed week).
///
/// Values in, values out: the caller counts the incidents and measures the windows. Without comparison areas the
/// comparison counts are 0 and 0, and there is then no comparison ratio and no difference.
public struct InsatsChange: Sendable, Hashable {
    public let target: RateRatio
    public let comparison: RateRatio
    /// Against the comparison; nil when the comparison had no incidents before.
    public let difference: ComparisonDifference?
    /// Fewer incidents than this in the target's two windows together are too few for a conclusion.
    public let minimumEvents: Int

    public var isTooSmall: Bool { target.total < minimumEvents }

    /// nil for a negative count, a window that is not a positive finite number of weeks (an insats that has not
    /// started yet has no after window), or alpha outside (0, 1).
    public init?(
        targetBefore: Int, targetAfter: Int, comparisonBefore: Int, comparisonAfter: Int,
        beforeWeeks: Double = 8, afterWeeks: Double, minimumEvents: Int = 10, alpha: Double = 0.05
    ) {
        guard
            let target = RateRatio.exact(
                before: targetBefore, beforeWeeks: beforeWeeks, after: targetAfter, afterWeeks: afterWeeks, alpha: alpha),
            let comparison = RateRatio.exact(
                before: comparisonBefore, beforeWeeks: beforeWeeks, after: comparisonAfter, afterWeeks: afterWeeks,
                alpha: alpha)
        else { return nil }
        self.target = target
        self.comparison = comparison
        self.difference = ComparisonDifference(target: target, comparison: comparison)
        self.minimumEvents = minimumEvents
    }
}
