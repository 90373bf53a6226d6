import Foundation
import Testing

@testable import Statistics

@Suite struct RateRatioTests {
    static let counts = [0, 1, 5, 10, 50, 200]
    static let windows: [(before: Double, after: Double)] = [(8, 8), (8, 3.5), (8, 12)]

    /// Every pair of counts with at least one event, on every pair of windows.
    static var grid: [(after: Int, before: Int, beforeWeeks: Double, afterWeeks: Double)] {
        windows.flatMap { w in
            counts.flatMap { b in counts.map { a in (a, b, w.before, w.after) } }
        }.filter { $0.after + $0.before > 0 }
    }

    /// The interval against scipy's `binomtest(k, n).proportion_ci(method="exact")`, converted to rate-ratio bounds
    /// in Python. scipy finds each bound with brentq at its default xtol = 2e-12, an absolute error in p, which
    /// becomes 2e-12 / (p(1−p)) relative in p/(1−p): up to 1e-9 at p ≈ 1e-4 (1 after, 200 before). The tolerance is
    /// 1e-9 relative plus that; the tighter comparison with betaincinv below checks the digits scipy leaves open.
    @Test func matchesScipyBinomtestOnTheGrid() throws {
        let script = """
            import sys, math
            from scipy.stats import binomtest
            for line in sys.stdin:
                a, b, tb, ta = line.split(); a, b, tb, ta = int(a), int(b), float(tb), float(ta)
                ci = binomtest(a, a + b).proportion_ci(confidence_level=0.95, method="exact")
                odds = lambda p: math.inf if p == 1 else p / (1 - p)
                print(repr(odds(ci.low) * tb / ta), repr(odds(ci.high) * tb / ta))
            """
        let grid = Self.grid
        let input = grid.map { "\($0.after) \($0.before) \($0.beforeWeeks) \($0.afterWeeks)\n" }.joined()
        let answers = Scipy.rows(try Scipy.run(script, input: input))
        try #require(answers.count == grid.count)
        for (c, expected) in zip(grid, answers) {
            let rr = try #require(
                RateRatio.exact(before: c.before, beforeWeeks: c.beforeWeeks, after: c.after, afterWeeks: c.afterWeeks))
            let interval = try #require(rr.interval)
            let p = try #require(ClopperPearson.interval(c.after, of: c.after + c.before))
            for (got, want, prop) in [(interval.lower, expected[0], p.lower), (interval.upper, expected[1], p.upper)] {
                let label = "\(c.after) after, \(c.before) before, \(c.beforeWeeks)/\(c.afterWeeks) weeks"
                if want == 0 || want == .infinity {
                    #expect(got == want, "\(label): \(got) vs scipy \(want)")
                } else {
                    let tolerance = 1e-9 + 2e-12 / (prop * (1 - prop))
                    #expect(abs(got - want) / want <= tolerance, "\(label): \(got) vs scipy \(want)")
                }
            }
        }
    }

    /// The same grid against scipy.special.betaincinv (Boost's inverse, accurate to a few ulps), proportions and odds
    /// both: p/(1−p) from the complement Beta(n−k, k+1) quantile, as this implementation solves it.
    @Test func matchesBetaincinvToTwelveDigits() throws {
        let script = """
            import sys
            from scipy.special import betaincinv
            for line in sys.stdin:
                k, n = map(int, line.split())
                lo = 0.0 if k == 0 else betaincinv(k, n - k + 1, 0.025)
                lo_c = 1.0 if k == 0 else betaincinv(n - k + 1, k, 0.975)
                hi = 1.0 if k == n else betaincinv(k + 1, n - k, 0.975)
                hi_c = 0.0 if k == n else betaincinv(n - k, k + 1, 0.025)
                print(repr(float(lo)), repr(float(hi)), repr(float(lo / lo_c)), repr(float(hi / hi_c)) if hi_c > 0 else "inf")
            """
        let pairs = Self.counts.flatMap { b in Self.counts.map { a in (k: a, n: a + b) } }.filter { $0.n > 0 }
        let answers = Scipy.rows(try Scipy.run(script, input: pairs.map { "\($0.k) \($0.n)\n" }.joined()))
        try #require(answers.count == pairs.count)
        for (pair, expected) in zip(pairs, answers) {
            let p = try #require(ClopperPearson.interval(pair.k, of: pair.n))
            for (got, want) in zip([p.lower, p.upper, p.lowerOdds, p.upperOdds], expected) {
                let close = got == want || abs(got - want) / abs(want) <= 1e-12
                #expect(close, "\(pair.k) of \(pair.n): \(got) vs betaincinv \(want)")
            }
        }
    }

    /// I_x(a, b) against scipy.special.betainc, including the far tails and large parameters.
    @Test func incompleteBetaMatchesScipyBetainc() throws {
        var cases: [(x: Double, a: Double, b: Double)] = []
        for a in [0.5, 1, 3, 10, 101, 2000] {
            for b in [0.5, 1, 7, 50, 400, 5000] {
                for x in [1e-6, 0.001, 0.05, 0.3, 0.5, 0.7, 0.95, 0.999] { cases.append((x, a, b)) }
            }
        }
        let script = """
            import sys
            from scipy.special import betainc
            for line in sys.stdin:
                x, a, b = map(float, line.split()); print(repr(float(betainc(a, b, x))))
            """
        let input = cases.map { "\($0.x) \($0.a) \($0.b)\n" }.joined()
        let answers = Scipy.rows(try Scipy.run(script, input: input))
        try #require(answers.count == cases.count)
        var compared = 0
        for (c, expected) in zip(cases, answers) where expected[0] > 1e-280 {
            let got = IncompleteBeta.regularized(c.x, a: c.a, b: c.b)
            #expect(abs(got - expected[0]) / expected[0] <= 1e-11, "I_\(c.x)(\(c.a), \(c.b)) = \(got) vs \(expected[0])")
            compared += 1
        }
        #expect(compared > 200)
    }

    /// The inverse undoes the function, in both halves and far into the tails, without a peer. Each quantile is
    /// checked on its smaller tail, from the complement as solved: near 1 the quantile itself may round to 1.
    /// Tolerance 1e-12, or (a + b)·4ε for large parameters: the exponent a·log x + b·log(1 − x) carries that much
    /// rounding, so the computed I_x is no smoother than that as x moves by an ulp.
    @Test func inverseUndoesTheFunction() {
        let parameters = [(0.5, 0.5), (1.0, 1.0), (1.0, 400.0), (400.0, 1.0), (3.0, 5000.0), (250.0, 260.0), (0.2, 30.0), (1e5, 2e5)]
        for (a, b) in parameters {
            for tail in [1e-12, 1e-6, 0.025, 0.3, 0.5] {
                for (lowerTail, upperTail) in [(tail, 1 - tail), (1 - tail, tail)] {
                    let q = IncompleteBeta.quantile(lowerTail: lowerTail, upperTail: upperTail, a: a, b: b)
                    let back = IncompleteBeta.split(x: q.x, complement: q.complement, a: a, b: b)
                    let error = lowerTail <= 0.5 ? abs(back.lower - lowerTail) / lowerTail : abs(back.upper - upperTail) / upperTail
                    #expect(
                        error <= max(1e-12, (a + b) * 4 * .ulpOfOne),
                        "Beta(\(a), \(b)) at tails \(lowerTail)/\(upperTail): x = \(q.x), I = \(back)")
                    #expect(abs(q.x + q.complement - 1) <= 1e-16)
                }
            }
            #expect(IncompleteBeta.inverse(0.3, a: a, b: b) == IncompleteBeta.quantile(lowerTail: 0.3, upperTail: 0.7, a: a, b: b).x)
        }
    }

    /// Closed forms: with every event after, the lower bound of p solves p^n = alpha/2; with every event before, the
    /// upper bound solves (1 − p)^n = alpha/2.
    @Test func allEventsOnOneSideHaveClosedForms() throws {
        for n in [1, 2, 7, 30] {
            let all = try #require(ClopperPearson.interval(n, of: n))
            #expect(abs(all.lower - pow(0.025, 1 / Double(n))) <= 1e-14)
            #expect(all.upper == 1 && all.upperOdds == .infinity)
            let none = try #require(ClopperPearson.interval(0, of: n))
            #expect(abs(none.upper - (1 - pow(0.025, 1 / Double(n)))) <= 1e-14)
            #expect(none.lower == 0 && none.lowerOdds == 0)
        }
    }

    @Test func zerosAreHandled() throws {
        let noneAfter = try #require(RateRatio.exact(before: 12, beforeWeeks: 8, after: 0, afterWeeks: 4))
        #expect(noneAfter.ratio == 0)
        #expect(noneAfter.interval?.lower == 0)
        #expect((noneAfter.interval?.upper ?? 0) > 0 && (noneAfter.interval?.upper ?? .infinity) < 1)

        let noneBefore = try #require(RateRatio.exact(before: 0, beforeWeeks: 8, after: 12, afterWeeks: 4))
        #expect(noneBefore.ratio == .infinity)
        #expect(noneBefore.interval?.upper == .infinity)
        #expect((noneBefore.interval?.lower ?? 0) > 1)

        let nothing = try #require(RateRatio.exact(before: 0, beforeWeeks: 8, after: 0, afterWeeks: 4))
        #expect(nothing.ratio == nil && nothing.interval == nil)
        #expect(nothing.beforeRate == 0 && nothing.afterRate == 0)
    }

    @Test func ratesAndRatioFollowTheWindows() throws {
        let rr = try #require(RateRatio.exact(before: 24, beforeWeeks: 8, after: 7, afterWeeks: 3.5))
        #expect(rr.beforeRate == 3 && rr.afterRate == 2)
        #expect(abs(try #require(rr.ratio) - 2.0 / 3.0) <= 1e-15)
        #expect(rr.total == 31)
        #expect(rr.interval?.contains(2.0 / 3.0) == true)
    }

    @Test func invalidInputsGiveNoFigures() {
        #expect(RateRatio.exact(before: 3, beforeWeeks: 8, after: 2, afterWeeks: 0) == nil)
        #expect(RateRatio.exact(before: 3, beforeWeeks: 0, after: 2, afterWeeks: 1) == nil)
        #expect(RateRatio.exact(before: 3, beforeWeeks: .infinity, after: 2, afterWeeks: 1) == nil)
        #expect(RateRatio.exact(before: 3, beforeWeeks: .nan, after: 2, afterWeeks: 1) == nil)
        #expect(RateRatio.exact(before: -1, beforeWeeks: 8, after: 2, afterWeeks: 1) == nil)
        #expect(RateRatio.exact(before: 3, beforeWeeks: 8, after: 2, afterWeeks: 1, alpha: 0) == nil)
        #expect(ClopperPearson.interval(0, of: 0) == nil)
        #expect(ClopperPearson.interval(5, of: 4) == nil)
    }
}
