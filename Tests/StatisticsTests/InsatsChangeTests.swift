import Foundation
import Testing

@testable import Statistics

@Suite struct InsatsChangeTests {
    /// The spec's rule: fewer than 10 incidents in the target's two windows together are too few; 10 are enough.
    @Test func tooSmallBelowTenEventsInTheTargetsWindows() throws {
        let nine = try #require(
            InsatsChange(targetBefore: 6, targetAfter: 3, comparisonBefore: 400, comparisonAfter: 200, afterWeeks: 4))
        #expect(nine.isTooSmall)
        let ten = try #require(
            InsatsChange(targetBefore: 6, targetAfter: 4, comparisonBefore: 0, comparisonAfter: 0, afterWeeks: 4))
        #expect(!ten.isTooSmall)
        #expect(ten.minimumEvents == 10)
        // The comparison's counts do not count towards the minimum; the minimum is the caller's to set.
        let custom = try #require(
            InsatsChange(targetBefore: 6, targetAfter: 4, comparisonBefore: 50, comparisonAfter: 50, afterWeeks: 4, minimumEvents: 11))
        #expect(custom.isTooSmall)
    }

    /// Worked by hand: the target went from 40 in 8 weeks (5 a week) to 12 in 4 weeks (3 a week), rate ratio 0.6;
    /// the comparison from 80 (10 a week) to 36 (9 a week), ratio 0.9. Following the comparison the target would have
    /// had 5 × 0.9 × 4 = 18 incidents after: 6 fewer observed. θ̂ = 0.6 / 0.9 = 2/3, and the fitted table at θ̂
    /// is the observed one (12·80 = 2/3 · 40·36 = 960), so there D = 12 − 12 / (2/3) = −6 again.
    @Test func differenceOnAHandWorkedExample() throws {
        let change = try #require(
            InsatsChange(targetBefore: 40, targetAfter: 12, comparisonBefore: 80, comparisonAfter: 36, beforeWeeks: 8, afterWeeks: 4))
        #expect(change.target.beforeRate == 5 && change.target.afterRate == 3)
        #expect(abs(try #require(change.target.ratio) - 0.6) <= 1e-15)
        #expect(abs(try #require(change.comparison.ratio) - 0.9) <= 1e-15)
        let difference = try #require(change.difference)
        #expect(abs(difference.expectedAfter - 18) <= 1e-12)
        #expect(abs(difference.difference - -6) <= 1e-12)
        #expect(difference.observedAfter == 12)
        let table = (ta: 12, tb: 40, ca: 36, cb: 80)
        #expect(abs(ComparisonDifference.fittedAfter(theta: 2.0 / 3.0, table) - 12) <= 1e-12)
        #expect(abs(ComparisonDifference.difference(theta: 2.0 / 3.0, table) - -6) <= 1e-12)
        #expect(ComparisonDifference.difference(theta: 1, table) == 0)
        let interval = try #require(difference.interval)
        #expect(interval.lower < -6 && -6 < interval.upper)
        let theta = try #require(difference.ratioOfRateRatios)
        #expect(theta.contains(2.0 / 3.0))
        // Each bound is m(θ)·(θ − 1)/θ at the matching bound of θ, with m(θ) on the fit: m·(68 + m) = θ·(52 − m)·(48 − m).
        for (bound, t) in [(interval.lower, theta.lower), (interval.upper, theta.upper)] {
            let m = bound * t / (t - 1)
            #expect(m > 0 && m < 48)
            #expect(abs(m * (68 + m) - t * (52 - m) * (48 - m)) <= 1e-9 * m * (68 + m))
        }
    }

    /// θ's interval against scipy's conditional odds-ratio interval, and the difference's interval against the same
    /// method worked out independently in Python (scipy's θ bounds, the fitted cell by brentq on the fit's equation).
    /// And the two agree on chance: D's interval holds 0 exactly when θ's holds 1.
    /// scipy solves θ with brentq at xtol 1e-13 (absolute), hence 1e-9 relative plus 1e-13/θ.
    @Test func differenceIntervalMatchesScipyOnAGrid() throws {
        typealias Table = (ta: Int, tb: Int, ca: Int, cb: Int)
        let counts = [0, 1, 5, 10, 50, 200]
        let comparisons: [(before: Int, after: Int)] = [(1, 0), (5, 3), (40, 36), (200, 150), (10, 40)]
        var tables: [Table] = []
        for tb in counts {
            for ta in counts {
                for c in comparisons where ta + tb > 0 && ta + c.after > 0 { tables.append((ta, tb, c.after, c.before)) }
            }
        }
        let script = """
            import sys, math
            from scipy.stats.contingency import odds_ratio
            from scipy.optimize import brentq
            for line in sys.stdin:
                ta, tb, ca, cb = map(int, line.split())
                ci = odds_ratio([[ta, tb], [ca, cb]], kind="conditional").confidence_interval(0.95)
                row, col, total = ta + tb, ta + ca, ta + tb + ca + cb
                def difference(theta):
                    if theta == math.inf: return float(min(row, col))
                    if theta == 0: return -row * col / (cb - ta)
                    g = lambda m: m * (total - row - col + m) - theta * (row - m) * (col - m)
                    m = brentq(g, max(0, row + col - total), min(row, col), xtol=1e-300, rtol=1e-15, maxiter=1000)
                    return m - m / theta
                print(repr(float(ci.low)), repr(float(ci.high)), repr(difference(ci.low)), repr(difference(ci.high)))
            """
        let answers = Scipy.rows(try Scipy.run(script, input: tables.map { "\($0.ta) \($0.tb) \($0.ca) \($0.cb)\n" }.joined()))
        try #require(answers.count == tables.count)
        for (t, expected) in zip(tables, answers) {
            let label = "target \(t.tb) → \(t.ta), comparison \(t.cb) → \(t.ca)"
            let change = try #require(
                InsatsChange(targetBefore: t.tb, targetAfter: t.ta, comparisonBefore: t.cb, comparisonAfter: t.ca, afterWeeks: 3.5))
            let difference = try #require(change.difference, "\(label)")
            let theta = try #require(difference.ratioOfRateRatios, "\(label)")
            let interval = try #require(difference.interval, "\(label)")
            for (got, want): (Double, Double) in [(theta.lower, expected[0]), (theta.upper, expected[1])] {
                let close = got == want || abs(got - want) / want <= 1e-9 + 1e-13 / want
                #expect(close, "θ \(label): \(got) vs scipy \(want)")
            }
            for (got, want): (Double, Double) in [(interval.lower, expected[2]), (interval.upper, expected[3])] {
                #expect(abs(got - want) <= 1e-8 * (1 + abs(want)), "difference \(label): \(got) vs Python \(want)")
            }
            #expect(interval.contains(difference.difference), "\(label): \(difference.difference) outside \(interval)")
            #expect(interval.contains(0) == theta.contains(1), "\(label): \(interval) against θ \(theta)")
        }
    }

    /// The point estimate is D at the observed θ̂ (the fit there is the table itself), and the windows' lengths
    /// cancel from it: expected = x_Tb · x_Ca / x_Cb.
    @Test func pointEstimateIsTheFitAtTheObservedRatio() throws {
        for (ta, tb, ca, cb) in [(12, 40, 36, 80), (3, 9, 7, 2), (200, 5, 1, 50), (1, 1, 1, 1)] {
            for weeks in [4.0, 3.5, 12] {
                let change = try #require(
                    InsatsChange(targetBefore: tb, targetAfter: ta, comparisonBefore: cb, comparisonAfter: ca, afterWeeks: weeks))
                let difference = try #require(change.difference)
                let expected = Double(tb) * Double(ca) / Double(cb)
                #expect(abs(difference.expectedAfter - expected) <= 1e-12 * expected)
                let thetaHat = Double(ta) * Double(cb) / (Double(tb) * Double(ca))
                let table = (ta: ta, tb: tb, ca: ca, cb: cb)
                #expect(abs(ComparisonDifference.fittedAfter(theta: thetaHat, table) - Double(ta)) <= 1e-9 * Double(ta))
                let atHat = ComparisonDifference.difference(theta: thetaHat, table)
                #expect(abs(atHat - difference.difference) <= 1e-9 * (1 + expected), "\(ta) \(tb) \(ca) \(cb): \(atHat)")
            }
        }
    }

    /// No events after: the lower bound is −expected (the fit at θ = 0). None before: the upper bound is the observed
    /// count (the fit at θ = ∞ expects nothing).
    @Test func zerosInTheTargetKeepTheDifferenceFinite() throws {
        let noneAfter = try #require(
            InsatsChange(targetBefore: 15, targetAfter: 0, comparisonBefore: 60, comparisonAfter: 30, afterWeeks: 4))
        let down = try #require(noneAfter.difference)
        #expect(down.expectedAfter == 7.5 && down.difference == -7.5)
        #expect(down.interval?.lower == -7.5)
        #expect((down.interval?.upper ?? 0) < 0)

        let noneBefore = try #require(
            InsatsChange(targetBefore: 0, targetAfter: 12, comparisonBefore: 60, comparisonAfter: 30, afterWeeks: 4))
        let up = try #require(noneBefore.difference)
        #expect(up.expectedAfter == 0 && up.difference == 12)
        #expect(up.interval?.upper == 12)
        #expect((up.interval?.lower ?? 12) > 0)
    }

    /// No comparison incidents before (or no comparison at all): the comparison's ratio sets no expectation.
    @Test func noDifferenceWithoutAComparisonBefore() throws {
        let noComparison = try #require(
            InsatsChange(targetBefore: 15, targetAfter: 5, comparisonBefore: 0, comparisonAfter: 0, afterWeeks: 4))
        #expect(noComparison.difference == nil && noComparison.comparison.ratio == nil)
        let noneBefore = try #require(
            InsatsChange(targetBefore: 15, targetAfter: 5, comparisonBefore: 0, comparisonAfter: 9, afterWeeks: 4))
        #expect(noneBefore.difference == nil && noneBefore.comparison.ratio == .infinity)
        // An empty target row leaves θ unidentified: a difference of 0, but no interval.
        let emptyTarget = try #require(
            InsatsChange(targetBefore: 0, targetAfter: 0, comparisonBefore: 10, comparisonAfter: 9, afterWeeks: 4))
        #expect(emptyTarget.difference?.difference == 0 && emptyTarget.difference?.interval == nil)
        #expect(ConditionalOddsRatio.interval(0, 0, 5, 7) == nil)
        #expect(ConditionalOddsRatio.interval(3, -1, 5, 7) == nil)
    }

    @Test func invalidWindowsGiveNoChange() {
        #expect(InsatsChange(targetBefore: 15, targetAfter: 5, comparisonBefore: 9, comparisonAfter: 9, afterWeeks: 0) == nil)
        #expect(
            InsatsChange(targetBefore: 15, targetAfter: 5, comparisonBefore: 9, comparisonAfter: 9, beforeWeeks: -8, afterWeeks: 3) == nil)
        #expect(InsatsChange(targetBefore: 15, targetAfter: -1, comparisonBefore: 9, comparisonAfter: 9, afterWeeks: 3) == nil)
    }

    /// A city-sized series: the exact intervals come out (no iteration cap hit, nothing overflows) and agree with
    /// the normal approximation on the log scale, which is good at these counts: log r ± 1.96·√(1/x_b + 1/x_a) and
    /// log θ ± 1.96·√(Σ 1/x).
    @Test func largeCountsAgreeWithTheNormalApproximation() throws {
        let change = try #require(
            InsatsChange(
                targetBefore: 40_000, targetAfter: 16_500, comparisonBefore: 90_000, comparisonAfter: 45_000, afterWeeks: 3.5))
        let ratio = try #require(change.target.ratio), interval = try #require(change.target.interval)
        let se = (1 / 40_000.0 + 1 / 16_500.0).squareRoot()
        #expect(abs(log(interval.lower) - (log(ratio) - 1.959964 * se)) <= 1e-3 * se * 10)
        #expect(abs(log(interval.upper) - (log(ratio) + 1.959964 * se)) <= 1e-3 * se * 10)
        let theta = try #require(change.difference?.ratioOfRateRatios)
        let thetaHat = 16_500.0 * 90_000 / (40_000.0 * 45_000)
        let seTheta = (1 / 40_000.0 + 1 / 16_500.0 + 1 / 90_000.0 + 1 / 45_000.0).squareRoot()
        #expect(abs(log(theta.lower) - (log(thetaHat) - 1.959964 * seTheta)) <= 1e-2 * seTheta)
        #expect(abs(log(theta.upper) - (log(thetaHat) + 1.959964 * seTheta)) <= 1e-2 * seTheta)
        let difference = try #require(change.difference)
        #expect(difference.interval?.contains(difference.difference) == true)
        #expect(difference.interval?.contains(0) == false)
    }
}
