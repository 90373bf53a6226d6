/// The Clopper–Pearson ("exact") interval for a binomial proportion: k successes of n trials, two-sided at level
/// 1 − alpha. Lower bound the Beta(k, n−k+1) quantile at alpha/2 (0 when k = 0), upper bound the Beta(k+1, n−k)
/// quantile at 1 − alpha/2 (1 when k = n). Same as `scipy.stats.binomtest(k, n).proportion_ci(method="exact")`.
public enum ClopperPearson {
    public struct Interval: Sendable, Hashable {
        public let lower: Double
        public let upper: Double
        /// lower/(1 − lower) and upper/(1 − upper), the interval for the odds. Each uses its complement as solved,
        /// not 1 − p by subtraction, so that the odds keep their precision when a bound is close to 1.
        /// `upperOdds` is `.infinity` when k = n.
        public let lowerOdds: Double
        public let upperOdds: Double
    }

    /// nil when n ≤ 0, k is outside 0…n, or alpha is outside (0, 1): there is no interval to give.
    public static func interval(_ k: Int, of n: Int, alpha: Double = 0.05) -> Interval? {
        guard n > 0, k >= 0, k <= n, alpha > 0, alpha < 1 else { return nil }
        let half = alpha / 2
        let low =
            k == 0
            ? (x: 0.0, complement: 1.0)
            : IncompleteBeta.quantile(lowerTail: half, upperTail: 1 - half, a: Double(k), b: Double(n - k + 1))
        let high =
            k == n
            ? (x: 1.0, complement: 0.0)
            : IncompleteBeta.quantile(lowerTail: 1 - half, upperTail: half, a: Double(k + 1), b: Double(n - k))
        return Interval(
            lower: low.x, upper: high.x,
            lowerOdds: low.x / low.complement,
            upperOdds: high.complement == 0 ? .infinity : high.x / high.complement)
    }
}
