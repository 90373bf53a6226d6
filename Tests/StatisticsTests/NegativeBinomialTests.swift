import Foundation
import Testing

@testable import Statistics

@Suite struct NegativeBinomialTests {
    struct Case: Codable {
        var size: Double
        var prob: Double
        var q: Double
        var ks: [Int]
    }

    struct Answer: Codable {
        var ppf: Double
        var cdf: [Double]
    }

    /// The issue's grid: S ∈ {0,1,2,5,10,30,100,500}, n ∈ {4,8,12}, α ∈ {0.1,0.05,0.01,0.001}, size = S + ½,
    /// prob = n/(n+1). Quantiles must agree exactly with scipy's ppf, the cdf within 1e-9 relative at a spread of
    /// points around each quantile, at 0 and far in the upper tail.
    @Test func matchesScipyOnTheIssueGrid() throws {
        var cases: [Case] = []
        var quantiles: [Int] = []
        for s in [0, 1, 2, 5, 10, 30, 100, 500] {
            for n in [4, 8, 12] {
                for alpha in [0.1, 0.05, 0.01, 0.001] {
                    let size = Double(s) + 0.5, prob = Double(n) / Double(n + 1), q = 1 - alpha
                    let u = NegativeBinomial.quantile(q, size: size, prob: prob)
                    quantiles.append(u)
                    let mean = Int(size * (1 - prob) / prob)
                    let ks = Array(Set([0, 1, u - 2, u - 1, u, u + 1, mean, mean / 2, 2 * u + 5, 4 * u + 40]))
                        .filter { $0 >= 0 }.sorted()
                    cases.append(Case(size: size, prob: prob, q: q, ks: ks))
                }
            }
        }
        let script =
            "import json,sys; from scipy.stats import nbinom; g=json.load(sys.stdin); "
            + "print(json.dumps([{'ppf': float(nbinom.ppf(c['q'], c['size'], c['prob'])), "
            + "'cdf': [float(nbinom.cdf(k, c['size'], c['prob'])) for k in c['ks']]} for c in g]))"
        let input = String(decoding: try JSONEncoder().encode(cases), as: UTF8.self)
        let answers = try JSONDecoder().decode([Answer].self, from: Data(try Python.run(script, input: input).utf8))
        #expect(answers.count == cases.count)
        var compared = 0
        for (i, (c, a)) in zip(cases, answers).enumerated() {
            #expect(Double(quantiles[i]) == a.ppf, "quantile size=\(c.size) prob=\(c.prob) q=\(c.q)")
            for (k, expected) in zip(c.ks, a.cdf) {
                let got = NegativeBinomial.cdf(k, size: c.size, prob: c.prob)
                let rel = abs(got - expected) / max(abs(expected), 1e-300)
                #expect(rel <= 1e-9, "cdf(\(k)) size=\(c.size) prob=\(c.prob): \(got) vs scipy \(expected)")
                compared += 1
            }
        }
        #expect(compared > 500)
    }

    /// Parameters far from the detector's: tiny prob, sizes below 1, huge sizes where p^r underflows.
    @Test func matchesScipyAtTheEdges() throws {
        let grid: [(Double, Double, Double)] = [
            (0.3, 0.01, 0.5), (0.3, 0.01, 0.99), (0.05, 0.2, 0.9), (2.5, 0.001, 0.95),
            (20_000.5, 8.0 / 9.0, 0.99), (50_000.5, 0.5, 0.001), (1e6 + 0.5, 12.0 / 13.0, 0.999), (7.5, 0.999, 0.5),
        ]
        var cases: [Case] = []
        var quantiles: [Int] = []
        for (size, prob, q) in grid {
            let u = NegativeBinomial.quantile(q, size: size, prob: prob)
            quantiles.append(u)
            cases.append(Case(size: size, prob: prob, q: q, ks: [0, max(0, u - 1), u, u + 1, u * 2 + 3]))
        }
        let script =
            "import json,sys; from scipy.stats import nbinom; g=json.load(sys.stdin); "
            + "print(json.dumps([{'ppf': float(nbinom.ppf(c['q'], c['size'], c['prob'])), "
            + "'cdf': [float(nbinom.cdf(k, c['size'], c['prob'])) for k in c['ks']]} for c in g]))"
        let input = String(decoding: try JSONEncoder().encode(cases), as: UTF8.self)
        let answers = try JSONDecoder().decode([Answer].self, from: Data(try Python.run(script, input: input).utf8))
        for (i, (c, a)) in zip(cases, answers).enumerated() {
            #expect(Double(quantiles[i]) == a.ppf, "quantile size=\(c.size) prob=\(c.prob) q=\(c.q)")
            for (k, expected) in zip(c.ks, a.cdf) where expected > 1e-250 {
                let got = NegativeBinomial.cdf(k, size: c.size, prob: c.prob)
                let rel = abs(got - expected) / expected
                #expect(rel <= 1e-9, "cdf(\(k)) size=\(c.size) prob=\(c.prob): \(got) vs scipy \(expected)")
            }
        }
    }

    @Test func degenerateArguments() {
        #expect(NegativeBinomial.cdf(-1, size: 3, prob: 0.5) == 0)
        #expect(NegativeBinomial.cdf(0, size: 3, prob: 1) == 1)
        #expect(NegativeBinomial.cdf(5, size: 0, prob: 0.5) == 1)
        #expect(NegativeBinomial.quantile(0, size: 3, prob: 0.5) == 0)
        #expect(NegativeBinomial.quantile(1, size: 3, prob: 0.5) == Int.max)
        #expect(NegativeBinomial.quantile(0.99, size: 3, prob: 1) == 0)
        // pmf sums to the cdf
        var sum = 0.0
        for k in 0...20 { sum += NegativeBinomial.pmf(k, size: 4.5, prob: 0.8) }
        #expect(abs(sum - NegativeBinomial.cdf(20, size: 4.5, prob: 0.8)) < 1e-14)
    }

    /// The detector's threshold is R's qnbinom(0.99, S + 0.5, 8/9); a few values worked out by hand from the pmf.
    @Test func bayesThresholdFromPreviousWeeks() {
        let detector = SpikeDetector()
        // S = 0: P(0) = (8/9)^0.5 = 0.9428, P(≤1) = 0.9952 ≥ 0.99 → U = 1.
        #expect(detector.bayesThreshold(previous: []) == 1)
        #expect(detector.bayesThreshold(previous: [0, 0, 0, 0, 0, 0, 0, 0]) == 1)
        // Only the last n = 8 weeks count.
        #expect(
            detector.bayesThreshold(previous: [50, 50, 1, 1, 1, 1, 1, 1, 1, 1])
                == detector.bayesThreshold(previous: [1, 1, 1, 1, 1, 1, 1, 1]))
        // Fewer than n weeks: the missing ones are zeros.
        #expect(detector.bayesThreshold(previous: [4]) == detector.bayesThreshold(previous: [0, 0, 0, 0, 0, 0, 0, 4]))
        #expect(detector.bayesThreshold(sum: 8) == NegativeBinomial.quantile(0.99, size: 8.5, prob: 8.0 / 9.0))
    }
}
