import Domain

/// Settings of the spike detection. The defaults are those of the issue: the Bayes method of the R package
/// `surveillance` over the previous 8 weeks at α = 0.01 with a minimum count of 3, and a Poisson CUSUM against
/// a baseline from weeks t−12…t−3 tuned to detect a doubling, with an in-control average run length of 100 weeks.
public struct SpikeParameters: Sendable, Hashable, Codable {
    /// n: how many previous weeks the negative-binomial prediction uses.
    public var baselineWeeks: Int = 8
    /// One-sided level of the prediction interval: U = qnbinom(1 − α, S + ½, n/(n+1)).
    public var alpha: Double = 0.01
    /// No Bayes alarm while the observed count is below this.
    public var minimumCount: Int = 3
    /// CUSUM baseline window: weeks t − cusumBaselineFrom … t − cusumBaselineTo (inclusive). The two most recent
    /// weeks are left out so that the start of a rise does not leak into its own baseline.
    public var cusumBaselineFrom: Int = 12
    public var cusumBaselineTo: Int = 3
    /// Lower bound for the in-control mean λ0 of the CUSUM.
    ///
    /// Why 0.25 (about one report a month): an empty or almost empty baseline gives a mean of 0 (no reference value
    /// k exists for λ0 = 0) or a plug-in estimate that is mostly noise — ten weeks hold only 0–3 reports at such
    /// rates. A tiny λ0 makes k tiny, and then a few isolated reports alarm: with λ0 = 0.1 (k = 0.15, h = 1.95)
    /// three single reports in three consecutive weeks, or three in one week, already cross h. With the floor at
    /// 0.25 (k = 0.35, h = 2.9) a quiet area needs four reports in one week, or 2 + 2 in consecutive weeks, or
    /// one a week for five weeks — the same order as the Bayes method's minimum count of 3. For areas whose real
    /// rate is below the floor the CUSUM is conservative (its in-control run length is longer than the target).
    public var cusumLambdaFloor: Double = 0.25
    /// λ1 = ratio · λ0, the rate the CUSUM is tuned to detect; the reference value is
    /// k = (λ1 − λ0) / (ln λ1 − ln λ0). Must be > 1 (otherwise the CUSUM is off).
    public var cusumRatio: Double = 2
    /// In-control average run length in weeks (for a known λ0) that the decision interval h is chosen for.
    public var cusumTargetARL: Double = 110

    public init(
        baselineWeeks: Int = 8,
        alpha: Double = 0.01,
        minimumCount: Int = 3,
        cusumBaselineFrom: Int = 12,
        cusumBaselineTo: Int = 3,
        cusumLambdaFloor: Double = 0.25,
        cusumRatio: Double = 2,
        cusumTargetARL: Double = 110
    ) {
        self.baselineWeeks = baselineWeeks
        self.alpha = alpha
        self.minimumCount = minimumCount
        self.cusumBaselineFrom = cusumBaselineFrom
        self.cusumBaselineTo = cusumBaselineTo
        self.cusumLambdaFloor = cusumLambdaFloor
        self.cusumRatio = cusumRatio
        self.cusumTargetARL = cusumTargetARL
    }

    private enum CodingKeys: String, CodingKey {
        case baselineWeeks, alpha, minimumCount, cusumBaselineFrom, cusumBaselineTo, cusumLambdaFloor, cusumRatio,
            cusumTargetARL
    }

    /// Decodes from a partial description: missing keys keep their defaults (handy in configuration files).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SpikeParameters()
        baselineWeeks = try c.decodeIfPresent(Int.self, forKey: .baselineWeeks) ?? d.baselineWeeks
        alpha = try c.decodeIfPresent(Double.self, forKey: .alpha) ?? d.alpha
        minimumCount = try c.decodeIfPresent(Int.self, forKey: .minimumCount) ?? d.minimumCount
        cusumBaselineFrom = try c.decodeIfPresent(Int.self, forKey: .cusumBaselineFrom) ?? d.cusumBaselineFrom
        cusumBaselineTo = try c.decodeIfPresent(Int.self, forKey: .cusumBaselineTo) ?? d.cusumBaselineTo
        cusumLambdaFloor = try c.decodeIfPresent(Double.self, forKey: .cusumLambdaFloor) ?? d.cusumLambdaFloor
        cusumRatio = try c.decodeIfPresent(Double.self, forKey: .cusumRatio) ?? d.cusumRatio
        cusumTargetARL = try c.decodeIfPresent(Double.self, forKey: .cusumTargetARL) ?? d.cusumTargetARL
    }

    /// Problems that make a method unusable (the detector then skips that method); empty when all is well.
    public var problems: [String] {
        var out: [String] = []
        if baselineWeeks < 1 { out.append("baselineWeeks must be at least 1") }
        if !(alpha > 0 && alpha < 1) { out.append("alpha must lie strictly between 0 and 1") }
        if cusumBaselineTo < 1 || cusumBaselineFrom < cusumBaselineTo {
            out.append("the CUSUM baseline needs 1 ≤ cusumBaselineTo ≤ cusumBaselineFrom")
        }
        if !(cusumLambdaFloor >= 0) || !cusumLambdaFloor.isFinite { out.append("cusumLambdaFloor must be ≥ 0") }
        if !(cusumRatio > 1) || !cusumRatio.isFinite { out.append("cusumRatio must be > 1") }
        if !(cusumTargetARL > 1) || !(cusumTargetARL < 1e9) { out.append("cusumTargetARL must lie in (1, 1e9)") }
        return out
    }

    var bayesUsable: Bool { baselineWeeks >= 1 && alpha > 0 && alpha < 1 }
    var cusumUsable: Bool {
        cusumBaselineTo >= 1 && cusumBaselineFrom >= cusumBaselineTo && cusumLambdaFloor >= 0
            && cusumLambdaFloor.isFinite && cusumRatio > 1 && cusumRatio.isFinite
            && cusumTargetARL > 1 && cusumTargetARL < 1e9
    }
}

public enum SpikeMethod: String, Sendable, Hashable, Codable {
    /// Negative-binomial prediction threshold (surveillance's Bayes method).
    case bayes
    /// Poisson CUSUM for sustained rises.
    case cusum
}

/// One alarm.
public struct SpikeFlag: Sendable, Hashable, Codable {
    public var method: SpikeMethod
    public var week: ISOWeek
    public var observed: Int
    /// bayes: S/n, the mean of the previous n weeks; cusum: λ0 (after the floor).
    public var expected: Double
    /// bayes: U, the upper prediction limit (alarm when observed > U); cusum: h (alarm when the CUSUM > h).
    public var threshold: Double
    /// bayes: the observed count; cusum: the CUSUM value that crossed h.
    public var statistic: Double
    /// The week was still running: `observed` is the count so far.
    public var partialWeek: Bool

    public init(
        method: SpikeMethod, week: ISOWeek, observed: Int, expected: Double, threshold: Double,
        statistic: Double, partialWeek: Bool
    ) {
        self.method = method
        self.week = week
        self.observed = observed
        self.expected = expected
        self.threshold = threshold
        self.statistic = statistic
        self.partialWeek = partialWeek
    }
}

/// Weekly counts of one series (an area, or an area × category), oldest first, consecutive ISO weeks.
public struct WeeklySeries: Sendable, Hashable {
    public var firstWeek: ISOWeek
    public var counts: [Int]

    public init(firstWeek: ISOWeek, counts: [Int]) {
        self.firstWeek = firstWeek
        self.counts = counts
    }

    /// The week after the last one (`firstWeek` when the series is empty).
    public var endWeek: ISOWeek { firstWeek.adding(weeks: counts.count) }

    /// The weeks of the series, oldest first.
    public var weeks: [ISOWeek] { (0..<counts.count).map { firstWeek.adding(weeks: $0) } }

    /// Position of `week` relative to `firstWeek` (negative before it; may be ≥ counts.count).
    public func index(of week: ISOWeek) -> Int {
        week.monday.days(since: firstWeek.monday) / 7
    }

    /// The count at a position; 0 outside the range.
    public func count(at index: Int) -> Int {
        index >= 0 && index < counts.count ? counts[index] : 0
    }

    /// The count of `week`; 0 outside the range.
    public func count(in week: ISOWeek) -> Int { count(at: index(of: week)) }
}
