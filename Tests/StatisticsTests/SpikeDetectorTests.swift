import Domain
import Foundation
import MailServerHarness
import Testing

@testable import Statistics

@Suite struct SpikeDetectorTests {
    let detector = SpikeDetector()
    let w1 = ISOWeek(year: 2024, week: 1)

    func series(_ counts: [Int]) -> WeeklySeries { WeeklySeries(firstWeek: w1, counts: counts) }

    @Test func bayesFlagCarriesTheNumbers() throws {
        let s = series([1, 1, 1, 1, 1, 1, 1, 1, 9])
        let week = w1.adding(weeks: 8)
        let u = detector.bayesThreshold(previous: [1, 1, 1, 1, 1, 1, 1, 1])
        #expect(u == NegativeBinomial.quantile(0.99, size: 8.5, prob: 8.0 / 9.0))
        let flags = detector.evaluate(s, week: week, partial: false)
        let flag = try #require(flags.first { $0.method == .bayes })
        #expect(
            flag
                == SpikeFlag(
                    method: .bayes, week: week, observed: 9, expected: 1, threshold: Double(u),
                    statistic: 9, partialWeek: false))
        // Exactly at U: no alarm (the rule is observed > U).
        let atU = series([1, 1, 1, 1, 1, 1, 1, 1, u])
        #expect(detector.evaluate(atU, week: week, partial: false).filter { $0.method == .bayes }.isEmpty)
        let overU = series([1, 1, 1, 1, 1, 1, 1, 1, u + 1])
        #expect(detector.evaluate(overU, week: week, partial: false).contains { $0.method == .bayes })
    }

    @Test func minimumCount() {
        // Eight empty weeks: U = 1, so 2 is over the limit but under the minimum count.
        let week = w1.adding(weeks: 8)
        #expect(detector.evaluate(series([0, 0, 0, 0, 0, 0, 0, 0, 2]), week: week, partial: false).isEmpty)
        #expect(
            detector.evaluate(series([0, 0, 0, 0, 0, 0, 0, 0, 3]), week: week, partial: false).map(\.method)
                == [.bayes])
        let lenient = SpikeDetector(parameters: SpikeParameters(minimumCount: 1))
        #expect(
            lenient.evaluate(series([0, 0, 0, 0, 0, 0, 0, 0, 2]), week: week, partial: false).map(\.method)
                == [.bayes])
    }

    /// A series shorter than n: the weeks before its start count as 0.
    @Test func seriesShorterThanTheBaseline() throws {
        let s = series([2, 5])
        let flag = try #require(detector.evaluate(s, week: w1.adding(weeks: 1), partial: false).first)
        #expect(flag.method == .bayes)
        #expect(flag.expected == 2.0 / 8.0)
        #expect(flag.threshold == Double(detector.bayesThreshold(previous: [0, 0, 0, 0, 0, 0, 0, 2])))
        #expect(Double(detector.bayesThreshold(previous: [2])) == flag.threshold)
        // The very first week has a baseline of zeros (U = 1).
        let first = detector.evaluate(series([3]), week: w1, partial: false)
        #expect(first.map(\.threshold) == [1])
        // No CUSUM before its baseline window (weeks t−12…t−3) lies inside the series, whatever the counts.
        let short = series([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9])
        #expect(detector.evaluate(short, week: w1.adding(weeks: 11), partial: false).map(\.method) == [.bayes])
        let long = series([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9])
        #expect(detector.evaluate(long, week: w1.adding(weeks: 12), partial: false).map(\.method) == [.bayes, .cusum])
    }

    @Test func weeksOutsideTheSeries() {
        let s = series([1, 2, 3])
        #expect(detector.evaluate(s, week: w1.adding(weeks: -5), partial: false).isEmpty)
        #expect(detector.evaluate(s, week: w1.adding(weeks: 20), partial: true).isEmpty)
        #expect(s.count(in: w1.adding(weeks: -1)) == 0)
        #expect(s.count(in: w1.adding(weeks: 3)) == 0)
        #expect(s.count(in: w1.adding(weeks: 2)) == 3)
    }

    @Test func weekArithmeticAcrossAYearWith53Weeks() {
        // 2020 has 53 ISO weeks.
        let s = WeeklySeries(firstWeek: ISOWeek(year: 2020, week: 52), counts: [1, 2, 3, 4])
        #expect(s.count(in: ISOWeek(year: 2020, week: 53)) == 2)
        #expect(s.count(in: ISOWeek(year: 2021, week: 1)) == 3)
        #expect(s.endWeek == ISOWeek(year: 2021, week: 3))
        #expect(s.weeks.map(\.description) == ["2020-W52", "2020-W53", "2021-W01", "2021-W02"])
    }

    /// A quiet baseline (λ0 at the floor 0.25: k = 0.35, h = 2.95 for the 110-week target) then 2 a week: the CUSUM climbs 1.65 a week and
    /// crosses at the second week, resets, and crosses again two weeks later — not every week.
    @Test func cusumResetsAfterAnAlarm() {
        let s = series(Array(repeating: 0, count: 12) + [2, 2, 2, 2, 2])
        let flags = detector.evaluateAll(s)
        #expect(flags.allSatisfy { $0.method == .cusum })  // 2 < minimum count: no Bayes
        #expect(flags.map { s.index(of: $0.week) } == [13, 15])
        for flag in flags {
            #expect(abs(flag.statistic - 3.3) < 1e-12)
            #expect(flag.threshold == 2.95)
            #expect(flag.expected == 0.25)
            #expect(flag.observed == 2)
            #expect(!flag.partialWeek)
        }
        // A big week alarms on its own, and after the reset the next one starts again from 0 (3.65, not 7.3).
        let big = series(Array(repeating: 0, count: 12) + [4, 4])
        let cusum = detector.evaluateAll(big).filter { $0.method == .cusum }
        #expect(cusum.map { big.index(of: $0.week) } == [12, 13])
        #expect(cusum.allSatisfy { abs($0.statistic - 3.65) < 1e-12 })
        // `evaluate` sees the same: an alarm only when the crossing is at the asked week.
        #expect(detector.evaluate(s, week: w1.adding(weeks: 14), partial: false).isEmpty)
        #expect(detector.evaluate(s, week: w1.adding(weeks: 15), partial: false).map(\.method) == [.cusum])
    }

    /// A running week: the Bayes test on its count so far alerts early; the CUSUM is not run for it.
    @Test func partialWeek() throws {
        let s = series(Array(repeating: 0, count: 12) + [2, 5])
        let week = w1.adding(weeks: 13)
        let closed = detector.evaluate(s, week: week, partial: false)
        #expect(closed.map(\.method) == [.bayes, .cusum])
        let running = detector.evaluate(s, week: week, partial: true)
        let flag = try #require(running.first)
        #expect(running.count == 1)
        #expect(flag.method == .bayes && flag.partialWeek && flag.observed == 5)
        // The same for a whole series whose last week is running.
        let all = detector.evaluateAll(s, lastWeekPartial: true)
        #expect(all.filter { $0.week == week }.map(\.method) == [.bayes])
        #expect(all.filter { $0.week == week }.allSatisfy { $0.partialWeek })
        // Under the limit so far: nothing yet.
        let early = series(Array(repeating: 0, count: 12) + [2, 1])
        #expect(detector.evaluate(early, week: week, partial: true).isEmpty)
    }

    @Test func evaluateAllAgreesWithEvaluate() {
        var rng = SplitMix64(seed: 42)
        for lambda in [0.3, 1.0, 2.5] {
            var counts = (0..<60).map { _ in rng.poisson(lambda) }
            for i in 40..<46 { counts[i] += rng.poisson(2 * lambda + 1) }
            let s = series(counts)
            let all = detector.evaluateAll(s)
            var oneByOne: [SpikeFlag] = []
            for week in s.weeks { oneByOne += detector.evaluate(s, week: week, partial: false) }
            #expect(all == oneByOne)
            #expect(!all.isEmpty)
        }
    }

    @Test func unusableParametersSwitchAMethodOff() {
        let bad = SpikeParameters(alpha: 1.5, cusumRatio: 1)
        #expect(bad.problems.count == 2)
        #expect(SpikeParameters().problems.isEmpty)
        let d = SpikeDetector(parameters: bad)
        #expect(d.evaluateAll(series(Array(repeating: 0, count: 12) + [9, 9])).isEmpty)
    }

    @Test func parametersDecodeWithDefaults() throws {
        let p = try JSONDecoder().decode(SpikeParameters.self, from: Data(#"{"alpha": 0.05, "cusumRatio": 3}"#.utf8))
        var expected = SpikeParameters()
        expected.alpha = 0.05
        expected.cusumRatio = 3
        #expect(p == expected)
        let round = try JSONDecoder().decode(SpikeParameters.self, from: try JSONEncoder().encode(expected))
        #expect(round == expected)
        let flag = SpikeFlag(
            method: .cusum, week: w1, observed: 4, expected: 1, threshold: 3.65, statistic: 4.1,
            partialWeek: false)
        #expect(try JSONDecoder().decode(SpikeFlag.self, from: try JSONEncoder().encode(flag)) == flag)
    }
}
