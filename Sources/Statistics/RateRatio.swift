/// Incidents of one series in a before and an after window, and how the weekly rate changed between them.
///
/// The interval is exact and conditional on the total n = before + after: given n, the after count is
/// Binomial(n, p) with p = r·t_a / (r·t_a + t_b), r the true rate ratio and t_a, t_b the windows' lengths. The
/// Clopper–Pearson interval (p_lo, p_hi) for p maps to r = p/(1−p) · t_b/t_a. Conditioning removes the unknown
/// level of the series, so no approximation is needed however small the counts are.
///
/// Zeros: no events after gives a lower bound of 0; no events before gives an upper bound (and a ratio) of
/// `.infinity`; no events at all gives neither ratio nor interval (`nil`).
public struct RateRatio: Sendable, Hashable {
    public let before: Int
    public let after: Int
    /// The windows' lengths in weeks; the after window may end mid-week, so fractions (days / 7) are expected.
    public let beforeWeeks: Double
    public let afterWeeks: Double
    /// The interval's level is 1 − alpha.
    public let alpha: Double
    /// afterRate / beforeRate: 0 when nothing happened after, `.infinity` when nothing happened before,
    /// nil when nothing happened at all.
    public let ratio: Double?
    /// nil when nothing happened at all (n = 0: the binomial has no trials).
    public let interval: ConfidenceInterval?

    public var total: Int { before + after }
    public var beforeRate: Double { Double(before) / beforeWeeks }
    public var afterRate: Double { Double(after) / afterWeeks }

    /// nil for a negative count, a window that is not a positive finite length, or alpha outside (0, 1): such
    /// figures have no rate to compare (an insats that starts today has an after window of length 0).
    public static func exact(before: Int, beforeWeeks: Double, after: Int, afterWeeks: Double, alpha: Double = 0.05) -> RateRatio? {
        guard before >= 0, after >= 0, alpha > 0, alpha < 1 else { return nil }
        guard beforeWeeks > 0, beforeWeeks.isFinite, afterWeeks > 0, afterWeeks.isFinite else { return nil }
        let scale = beforeWeeks / afterWeeks
        let ratio: Double? =
            before + after == 0 ? nil : before == 0 ? .infinity : Double(after) / Double(before) * scale
        let interval = ClopperPearson.interval(after, of: before + after, alpha: alpha).map {
            ConfidenceInterval(lower: $0.lowerOdds * scale, upper: $0.upperOdds * scale)
        }
        return RateRatio(
            before: before, after: after, beforeWeeks: beforeWeeks, afterWeeks: afterWeeks, alpha: alpha, ratio: ratio,
            interval: interval)
    }

    private init(
        before: Int, after: Int, beforeWeeks: Double, afterWeeks: Double, alpha: Double, ratio: Double?,
        interval: ConfidenceInterval?
    ) {
        self.before = before
        self.after = after
        self.beforeWeeks = beforeWeeks
        self.afterWeeks = afterWeeks
        self.alpha = alpha
        self.ratio = ratio
        self.interval = interval
    }
}
