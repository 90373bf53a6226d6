import Foundation

/// The exact conditional interval for the cross-product ratio θ = a·d / (b·c) of a 2×2 table [[a, b], [c, d]]
/// (Cornfield's interval: R's `fisher.test(...)$conf.int`, `scipy.stats.contingency.odds_ratio(kind="conditional")`).
///
/// Given all four margins, a follows Fisher's noncentral hypergeometric distribution with parameter θ. The lower
/// bound is the θ with P(X ≥ a) = alpha/2 (0 when a is the smallest value the margins allow), the upper bound the θ
/// with P(X ≤ a) = alpha/2 (`.infinity` when a is the largest). For four Poisson counts, target before/after in one
/// row and comparison before/after in the other, θ is the ratio of the two rate ratios, and conditioning on the
/// margins removes both series' levels and the windows' lengths.
public enum ConditionalOddsRatio {
    /// nil for a negative cell, alpha outside (0, 1), or an empty row or column (the margins then fix a, and the
    /// table says nothing about θ).
    public static func interval(_ a: Int, _ b: Int, _ c: Int, _ d: Int, alpha: Double = 0.05) -> ConfidenceInterval? {
        guard a >= 0, b >= 0, c >= 0, d >= 0, alpha > 0, alpha < 1 else { return nil }
        let distribution = NoncentralHypergeometric(row: a + b, column: a + c, total: a + b + c + d)
        guard distribution.lowest < distribution.highest else { return nil }
        let half = alpha / 2
        let lower =
            a == distribution.lowest
            ? 0 : exp(solveIncreasing { distribution.tail(atLeast: a, logTheta: $0) - half })
        let upper =
            a == distribution.highest
            ? Double.infinity : exp(solveIncreasing { half - distribution.tail(atMost: a, logTheta: $0) })
        return ConfidenceInterval(lower: lower, upper: upper)
    }

    /// The root of an increasing function of log θ: a bracket grown outwards from 0 by doubling steps, then bisection
    /// to 1e-15 (relative in θ). Bisection because the tails are flat far out, where secant steps go astray.
    private static func solveIncreasing(_ f: (Double) -> Double) -> Double {
        var lo = 0.0, hi = 0.0, step = 1.0
        if f(0) > 0 {
            repeat {
                hi = lo
                lo -= step
                step *= 2
            } while f(lo) > 0 && lo > -1e4
        } else {
            repeat {
                lo = hi
                hi += step
                step *= 2
            } while f(hi) < 0 && hi < 1e4
        }
        var steps = 0
        while hi - lo > 1e-15 * max(1, abs(lo)) && steps < 300 {
            let mid = lo + (hi - lo) / 2
            if f(mid) < 0 { lo = mid } else { hi = mid }
            steps += 1
        }
        return lo + (hi - lo) / 2
    }
}
