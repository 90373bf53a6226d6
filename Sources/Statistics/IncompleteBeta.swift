import Foundation

/// The regularized incomplete beta function I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b), a, b > 0, and its inverse in x.
/// Same definitions as `scipy.special.betainc` and `betaincinv`.
///
/// Numerics: the continued fraction of Numerical Recipes (`betacf`, evaluated by the modified Lentz method) on the
/// side of the mean where it converges fast, x < (a+1)/(a+b+2); on the other side by the symmetry
/// I_x(a, b) = 1 − I_{1−x}(b, a). It needs O(√max(a, b)) terms, no recursion. Both I and 1 − I are returned,
/// the tail on x's side of the mean computed directly (so that a small tail keeps its relative precision), and the
/// inverse solves in x or in 1 − x, whichever is below ½, so that a quantile close to 1 keeps its complement's
/// relative precision (the rate ratio needs p/(1−p)).
public enum IncompleteBeta {
    /// I_x(a, b). NaN for a ≤ 0, b ≤ 0 or NaN arguments.
    public static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        split(x: x, complement: 1 - x, a: a, b: b).lower
    }

    /// The x in [0, 1] with I_x(a, b) = probability: the Beta(a, b) quantile. NaN outside a, b > 0.
    public static func inverse(_ probability: Double, a: Double, b: Double) -> Double {
        quantile(lowerTail: probability, upperTail: 1 - probability, a: a, b: b).x
    }

    // MARK: - Internals

    /// (I_x(a,b), 1 − I_x(a,b)) with x and 1 − x both given, so that neither loses precision by a subtraction.
    static func split(x: Double, complement y: Double, a: Double, b: Double) -> (lower: Double, upper: Double) {
        guard a > 0, b > 0, !x.isNaN, !y.isNaN else { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if y <= 0 { return (1, 0) }
        let front = exp(a * log(x) + b * log(y) - logBeta(a, b))
        if x < (a + 1) / (a + b + 2) {
            let lower = front * continuedFraction(a: a, b: b, x: x) / a
            return (lower, 1 - lower)
        }
        let upper = front * continuedFraction(a: b, b: a, x: y) / b
        return (1 - upper, upper)
    }

    /// The Beta(a, b) quantile as (x, 1 − x) for P(X ≤ x) = lowerTail, P(X > x) = upperTail (the caller passes both
    /// so that a tail such as α/2 is not recovered from 1 − (1 − α/2)).
    static func quantile(lowerTail: Double, upperTail: Double, a: Double, b: Double) -> (x: Double, complement: Double) {
        guard a > 0, b > 0, !lowerTail.isNaN, !upperTail.isNaN else { return (.nan, .nan) }
        if lowerTail <= 0 { return (0, 1) }
        if upperTail <= 0 { return (1, 0) }
        if lowerTail <= split(x: 0.5, complement: 0.5, a: a, b: b).lower {
            let x = solveBelowHalf(lowerTail: lowerTail, upperTail: upperTail, a: a, b: b)
            return (x, 1 - x)
        }
        // 1 − X ~ Beta(b, a): its quantile at the upper tail is the complement, found below ½.
        let y = solveBelowHalf(lowerTail: upperTail, upperTail: lowerTail, a: b, b: a)
        return (1 - y, y)
    }

    /// The x in (0, ½] with I_x(a, b) = lowerTail, given I_½(a, b) ≥ lowerTail. Newton's method kept inside a
    /// shrinking bracket: a step that leaves the bracket is replaced by a bisection (geometric while the bracket spans
    /// orders of magnitude, so that a quantile near 0 is reached in few steps). Stops at relative precision 1e-15.
    /// The equation is written on the smaller tail (1 − I_x = upperTail when that is the smaller), so that a tail
    /// such as 1e-12 is matched to its own precision, not to that of 1 − 1e-12.
    private static func solveBelowHalf(lowerTail: Double, upperTail: Double, a: Double, b: Double) -> Double {
        var lo = 0.0, hi = 0.5
        let logB = logBeta(a, b)
        let onLower = lowerTail <= upperTail
        // For small x, I_x(a, b) ≈ x^a / (a·B(a, b)): exact in the limit, and a good start for the lower tails we
        // need. An upper tail starts at the mean, and the bisections take it from there.
        var x = onLower ? exp((log(lowerTail) + log(a) + logB) / a) : a / (a + b)
        if !(x > lo && x < hi) { x = 0.25 }
        for _ in 0..<400 {
            let tails = split(x: x, complement: 1 - x, a: a, b: b)
            let f = onLower ? tails.lower - lowerTail : upperTail - tails.upper
            if f == 0 { return x }
            if f < 0 { lo = x } else { hi = x }
            let density = exp((a - 1) * log(x) + (b - 1) * log1p(-x) - logB)
            var next = x - f / density
            if !(next > lo && next < hi) {
                if lo == 0 {
                    next = hi / 16
                } else if hi / lo > 16 {
                    next = (lo * hi).squareRoot()
                } else {
                    next = lo + (hi - lo) / 2
                }
            }
            if abs(next - x) <= 1e-15 * x || hi - lo <= 1e-15 * hi { return next }
            x = next
        }
        return x
    }

    /// The continued fraction of I_x(a, b) · a·B(a, b) / (x^a (1−x)^b), for x < (a+1)/(a+b+2).
    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        // About √max(a, b) terms suffice on this side; the cap only guards against a NaN that never converges.
        let limit = 100 + Int(min(1e7, 20 * max(a, b).squareRoot()))
        for step in 1...limit {
            let m = Double(step), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= 1e-16 { break }
        }
        return h
    }

    static func logBeta(_ a: Double, _ b: Double) -> Double {
        logGamma(a) + logGamma(b) - logGamma(a + b)
    }

    /// lgamma_r rather than lgamma: lgamma writes the global `signgam`, a data race between threads.
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }
}
