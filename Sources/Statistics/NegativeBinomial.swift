#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The negative binomial distribution in R's `dnbinom(x, size, prob)` parametrisation: the number of failures
/// before the `size`-th success, pmf Γ(k+r) / (Γ(r) k!) · p^r (1−p)^k, real size r > 0. Mean r(1−p)/p.
/// Same parametrisation as `scipy.stats.nbinom(n = r, p = p)`.
///
/// Numerics: one pmf value is computed in log space (log-gamma), the neighbours by the ratio recurrence
/// pmf(j+1)/pmf(j) = (j+r)(1−p)/(j+1). Sums always run from the starting term *away* from the mode, so the
/// terms shrink and the remainder of the series is bounded by a geometric tail; the sum stops once that bound is
/// below 1e-17 of the sum. Below the mode the lower tail is summed directly (small values keep their relative
/// precision); from the mode on, the upper tail is summed and subtracted from 1. Nothing underflows for large
/// sizes (S = 500 and beyond: p^r alone would be e^-59, and for S ≈ 6000 it would underflow).
public enum NegativeBinomial {
    /// P(X ≤ k) for X ~ NB(size r > 0 real, prob p) counting failures before the r-th success, pmf
    /// Γ(k+r)/(Γ(r) k!) p^r (1−p)^k (R's dnbinom parametrisation).
    public static func cdf(_ k: Int, size: Double, prob: Double) -> Double {
        let r = size, p = prob
        if r.isNaN || p.isNaN { return .nan }
        if k < 0 { return 0 }
        if p >= 1 || r <= 0 { return 1 }  // all mass at 0 (R: size = 0 is a point mass at 0)
        if p <= 0 { return 0 }  // the mass escapes to infinity
        let mode = Self.mode(size: r, prob: p)
        if Double(k) < mode {
            return min(1, lowerSum(from: k, r: r, p: p, mode: mode))
        }
        let tail = upperTail(from: k + 1, r: r, p: p)
        let viaTail = 1 - tail
        if viaTail >= 1e-3 { return max(0, min(1, viaTail)) }
        // Only reachable for extreme parameters (size < 1 with a tiny prob): the cdf at or above the mode is small,
        // and 1 − tail would lose relative precision. Sum the lower part directly.
        return min(1, lowerSum(from: k, r: r, p: p, mode: mode))
    }

    /// P(X = k).
    public static func pmf(_ k: Int, size: Double, prob: Double) -> Double {
        if k < 0 { return 0 }
        if prob >= 1 || size <= 0 { return k == 0 ? 1 : 0 }
        if prob <= 0 { return 0 }
        return exp(logPMF(k, r: size, p: prob))
    }

    /// Smallest k with cdf(k) ≥ q (R's qnbinom). q ≥ 1 gives `Int.max` (R: Inf).
    public static func quantile(_ q: Double, size: Double, prob: Double) -> Int {
        let r = size, p = prob
        if q.isNaN || q <= 0 { return 0 }
        if p >= 1 || r <= 0 { return 0 }
        if q >= 1 || p <= 0 { return Int.max }
        var k: Int
        let logP0 = r * log(p)
        if logP0 > -700 {
            // Fast path (every case the detector meets): accumulate the pmf from 0.
            var term = exp(logP0), cumulative = term
            k = 0
            let q1m = 1 - p
            while cumulative < q && k < 100_000_000 {
                term *= (Double(k) + r) * q1m / Double(k + 1)
                k += 1
                cumulative += term
                if term == 0 && Double(k) > Self.mode(size: r, prob: p) { break }
            }
        } else {
            k = bisect(q, r: r, p: p)
        }
        // Settle ties against the carefully computed cdf (the running sum carries rounding of its own).
        while k > 0 && cdf(k - 1, size: r, prob: p) >= q { k -= 1 }
        while cdf(k, size: r, prob: p) < q && k < Int.max / 4 { k += 1 }
        return k
    }

    // MARK: - Internals

    static func logPMF(_ k: Int, r: Double, p: Double) -> Double {
        let x = Double(k)
        return lgammaValue(x + r) - lgammaValue(r) - lgammaValue(x + 1) + r * log(p) + x * log1p(-p)
    }

    static func lgammaValue(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// floor((r−1)(1−p)/p) for r > 1, else 0 (as a Double: it can exceed Int's range for tiny p).
    static func mode(size r: Double, prob p: Double) -> Double {
        r > 1 ? ((r - 1) * (1 - p) / p).rounded(.down) : 0
    }

    /// Σ_{j ≤ k} pmf(j), summed from k downwards. Early exit only once j is at or below the mode, where the terms
    /// shrink with a ratio j / ((j−1+r)(1−p)) that itself decreases as j falls: the remainder is at most
    /// term·ρ/(1−ρ).
    private static func lowerSum(from k: Int, r: Double, p: Double, mode: Double) -> Double {
        var term = exp(logPMF(k, r: r, p: p))
        var sum = term
        var j = k
        let q1m = 1 - p
        while j > 0 {
            let ratio = Double(j) / ((Double(j) - 1 + r) * q1m)
            term *= ratio
            j -= 1
            sum += term
            if Double(j) <= mode, ratio < 1, term * ratio / (1 - ratio) <= sum * 1e-17 { break }
            if term == 0 && Double(j) <= mode { break }
        }
        return sum
    }

    /// Σ_{j ≥ from} pmf(j) for `from` above the mode. The ratio (j+r)(1−p)/(j+1) is monotone in j with limit 1−p,
    /// so every later ratio is at most max(current, 1−p) and the remainder is bounded geometrically.
    private static func upperTail(from start: Int, r: Double, p: Double) -> Double {
        var term = exp(logPMF(start, r: r, p: p))
        if term == 0 { return 0 }
        var sum = term
        var j = start
        let q1m = 1 - p
        var steps = 0
        while steps < 50_000_000 {
            let ratio = (Double(j) + r) * q1m / Double(j + 1)
            term *= ratio
            j += 1
            sum += term
            steps += 1
            let bound = max(ratio, q1m)
            if term == 0 || term * bound / (1 - bound) <= sum * 1e-17 { break }
        }
        return sum
    }

    /// Quantile by bisection on the robust cdf, for parameters where p^r underflows (huge sizes).
    private static func bisect(_ q: Double, r: Double, p: Double) -> Int {
        let mean = r * (1 - p) / p
        let sd = (mean / p).squareRoot()
        var lo = max(-1, Int(min(Double(Int.max / 8), max(-1, mean - 12 * sd))))
        if lo >= 0 && cdf(lo, size: r, prob: p) >= q { lo = -1 }
        var hi = Int(min(Double(Int.max / 8), mean + 12 * sd + 1))
        while cdf(hi, size: r, prob: p) < q && hi < Int.max / 8 { hi = hi * 2 + 1 }
        // Invariant: cdf(lo) < q (lo = −1 counts as 0), cdf(hi) ≥ q.
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if cdf(mid, size: r, prob: p) >= q { hi = mid } else { lo = mid }
        }
        return hi
    }
}
