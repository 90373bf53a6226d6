/// "About N fewer (or more) incidents than if the area had followed the comparison": the target's observed after
/// count against the count it would have had if its rate had changed like the comparison's.
///
/// Point estimate (the spec's): expected = target before-rate × comparison rate ratio × after weeks, difference =
/// observed − expected. With both series on the same windows this is x_Tb · x_Ca / x_Cb.
///
/// Interval, and why this method. Both the target's after count and the counterfactual C depend on unknown
/// levels, and C also on the comparison's rate ratio; in the pilot the comparison areas are small too, so treating
/// the comparison's ratio as known would make the interval too narrow. Instead:
/// 1. θ = target rate ratio / comparison rate ratio is the cross-product ratio of the 2×2 table
///    [[x_Ta, x_Tb], [x_Ca, x_Cb]] of four Poisson counts. Conditional on the margins, x_Ta is noncentral
///    hypergeometric in θ alone, which gives an exact interval for θ (Cornfield's; `ConditionalOddsRatio`), with
///    all four counts' variation in it and no nuisance parameter left.
/// 2. For a given θ, the Poisson fit of the table with cross-product ratio θ keeps the margins (they are the
///    sufficient statistics of the rows' and columns' levels); its cell m = μ_Ta solves
///    m·(K + m) = θ·(row − m)·(column − m), K = x_Cb − x_Ta. Under that fit the counterfactual is
///    μ_Tb·μ_Ca/μ_Cb = m/θ and the difference D(θ) = m − m/θ, a function of θ alone.
/// At the observed θ̂ the fit is the table itself, so D(θ̂) is exactly the point estimate. m rises with θ and m/θ
/// falls, so D rises with θ and θ's bounds map to D's bounds end to end; D(1) = 0, so D's interval holds 0 exactly
/// when θ's holds 1 (the sentence's "within chance" says the same of both). It stays finite with zeros: no events
/// after gives D(0) = −x_Tb·x_Ca/x_Cb = −expected as the lower bound; none before gives D(∞) = min(row, column) =
/// the observed count as the upper. (Subtracting a fitted counterfactual from the observed count instead would mix
/// a fit at θ with data at θ̂: its interval can exclude 0 while θ's holds 1.)
public struct ComparisonDifference: Sendable, Hashable {
    public let observedAfter: Int
    /// The target's before-rate × the comparison's rate ratio × the after window's length.
    public let expectedAfter: Double
    /// Interval for `difference` at the rate ratios' level; nil when the table has an empty row or column (only when
    /// the target had no incidents, or neither series had any after): the margins then say nothing about θ.
    public let interval: ConfidenceInterval?
    /// Exact conditional interval for target rate ratio / comparison rate ratio; nil in the same cases.
    public let ratioOfRateRatios: ConfidenceInterval?

    /// Observed − expected: negative means fewer incidents than if the area had followed the comparison.
    public var difference: Double { Double(observedAfter) - expectedAfter }

    /// nil when the comparison had no incidents before (its rate ratio is infinite or undefined and sets no
    /// expectation), or when the two series do not share windows and level.
    public init?(target: RateRatio, comparison: RateRatio) {
        guard comparison.before > 0, let comparisonRatio = comparison.ratio else { return nil }
        guard target.beforeWeeks == comparison.beforeWeeks, target.afterWeeks == comparison.afterWeeks,
            target.alpha == comparison.alpha
        else { return nil }
        observedAfter = target.after
        expectedAfter = target.beforeRate * comparisonRatio * target.afterWeeks
        let theta = ConditionalOddsRatio.interval(
            target.after, target.before, comparison.after, comparison.before, alpha: target.alpha)
        ratioOfRateRatios = theta
        interval = theta.map { theta in
            let table = (ta: target.after, tb: target.before, ca: comparison.after, cb: comparison.before)
            return ConfidenceInterval(
                lower: Self.difference(theta: theta.lower, table), upper: Self.difference(theta: theta.upper, table))
        }
    }

    /// D(θ) = m − m/θ under the fit with cross-product ratio θ, with its limits at 0 (m → 0; reached only with
    /// x_Ta = 0, where K = x_Cb > 0, which the initialiser requires) and at ∞ (m → min(row, column), m/θ → 0).
    static func difference(theta: Double, _ t: (ta: Int, tb: Int, ca: Int, cb: Int)) -> Double {
        let row = Double(t.ta + t.tb), column = Double(t.ta + t.ca), k = Double(t.cb - t.ta)
        if theta == .infinity { return min(row, column) }
        if theta == 0 { return -row * column / k }
        return fittedAfter(theta: theta, t) * (theta - 1) / theta
    }

    /// m(θ): the target-after cell of the Poisson fit with the observed margins and cross-product ratio θ, the root
    /// in the margins' range of (1−θ)m² + (K + θ(row + column))m − θ·row·column = 0.
    static func fittedAfter(theta: Double, _ t: (ta: Int, tb: Int, ca: Int, cb: Int)) -> Double {
        let row = Double(t.ta + t.tb), column = Double(t.ta + t.ca), k = Double(t.cb - t.ta)
        if theta == 1 { return row * column / (row + column + k) }
        let a = 1 - theta, b = k + theta * (row + column), c = -theta * row * column
        let root = max(0, b * b - 4 * a * c).squareRoot()
        // The two roots without cancellation: q/a and c/q.
        let q = -0.5 * (b + (b >= 0 ? root : -root))
        let lowest = max(0, -k), highest = min(row, column)
        let candidates = [q / a, q == 0 ? lowest : c / q].filter { $0.isFinite }
        func distance(_ m: Double) -> Double { max(lowest - m, m - highest, 0) }
        let m = candidates.min { distance($0) < distance($1) } ?? lowest
        return min(highest, max(lowest, m))
    }
}
