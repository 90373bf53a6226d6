import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The upper Poisson CUSUM  C_t = max(0, C_{t−1} + x_t − k), alarm when C_t > h, and the choice of h.
///
/// Integer scaling: the statistic lives on the lattice of `latticeStep` = 1/20 (0.05). The reference value
/// k = (λ1 − λ0)/(ln λ1 − ln λ0) is rounded to the lattice (a change of at most 0.025, far below the precision
/// with which λ0 is known), so with integer counts every value of C is a lattice point and the chart is exactly a
/// Markov chain on the states 0, 1, …, H (C·20), H = h·20. The detector runs the chart in these integer units too,
/// so the calibration and the running chart are the same object, with no floating-point drift near h.
///
/// Calibration (Brook & Evans, 1972): with Q the transition matrix among the in-control states (x ~ Poisson(λ0),
/// state i → max(0, i + 20x − K); leaving the set means an alarm), the vector of average run lengths solves
/// (I − Q)·L = 1, and L₀ is the in-control ARL from a reset chart. This is exact (no simulation error, no
/// truncation: every x large enough to jump past H from state 0 is an alarm whatever the state), and a solve
/// costs O(H³) with H ≤ ~90 for the default ratio — well under a millisecond. The ARL grows monotonically with h
/// (a coupling argument: the same counts cross a larger h later), so the smallest h with ARL ≥ target is found by
/// galloping from a starting point (the h of the nearest λ0 already calibrated) and bisection over the lattice,
/// i.e. on a grid of 0.05. Smallest, because any larger h only delays detection; the lattice is the natural grid,
/// since C only takes lattice values and any h between two lattice points alarms exactly like the lattice point
/// below it. Results are cached process-wide per λ0 rounded to 0.01 (the baseline means are multiples of 0.1 with
/// the default window), so a weekly run over ~100 series hits the cache almost always.
///
/// Caveat, measured in StatisticsTests: the ARL is that of a chart whose λ0 is known. The detector plugs in a mean
/// of ten weeks, whose error shortens the real in-control run length (the CUSUM alarms in about 1.7–2 % of
/// in-control weeks instead of ~1 %); raise `cusumTargetARL` to compensate.
public enum PoissonCUSUM {
    /// Lattice points per unit of the statistic.
    public static let scale = 20
    /// Step of the lattice, the grid for k and h.
    public static let latticeStep = 1.0 / Double(scale)
    /// λ0 is calibrated on a grid of this resolution (λ0 rounded to it, at least one step).
    public static let lambdaResolution = 0.01

    /// The chart for one λ0, in lattice units.
    public struct Design: Sendable, Hashable {
        /// The λ0 the design was calibrated for (the bucket's value).
        public var lambda0: Double
        /// Reference value in lattice units: k = K / 20.
        public var kUnits: Int
        /// Decision interval in lattice units: h = H / 20. Alarm when C·20 > H.
        public var hUnits: Int
        /// Exact in-control ARL (from a reset chart) of this design.
        public var inControlARL: Double

        public var k: Double { Double(kUnits) / Double(PoissonCUSUM.scale) }
        public var h: Double { Double(hUnits) / Double(PoissonCUSUM.scale) }
    }

    /// The λ0 bucket used for calibration.
    public static func bucket(_ lambda0: Double) -> Int {
        let b = (max(lambda0, 0) / lambdaResolution).rounded()
        return Int(min(max(b, 1), 1e9))
    }

    /// k on the lattice, in lattice units.
    public static func referenceUnits(lambda0: Double, ratio: Double) -> Int {
        let k = lambda0 * (ratio - 1) / log(ratio)
        return Int((k * Double(scale)).rounded())
    }

    /// Exact in-control ARL (Poisson(λ0) counts, chart reset to 0) for reference K and interval H in lattice units.
    /// H < 0 gives 1.
    public static func averageRunLength(lambda0: Double, kUnits: Int, hUnits: Int) -> Double {
        if hUnits < 0 { return 1 }  // C ≥ 0 > h: every week alarms
        let kUnits = max(0, kUnits)
        let m = scale
        let n = hUnits + 1
        // Poisson probabilities for every count that can keep some state in control: from state i the count x
        // stays in control iff i + m·x − K ≤ H, so x ≤ (H + K)/m covers all states.
        let xMax = (hUnits + kUnits) / m
        var pmf = [Double](repeating: 0, count: xMax + 1)
        let logLambda = log(lambda0)
        for x in 0...xMax {
            var sign: Int32 = 0
            pmf[x] = exp(Double(x) * logLambda - lambda0 - lgamma_r(Double(x) + 1, &sign))
        }
        // cumulative[x] = P(X ≤ x): every count that takes a state to 0 or below lands on 0, in one block.
        var cumulative = pmf
        for x in stride(from: 1, through: xMax, by: 1) { cumulative[x] = cumulative[x - 1] + pmf[x] }
        // A = I − Q, row-major.
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            a[i * n + i] = 1
            // Largest x with i + m·x − K ≤ 0 (−1 if none).
            let toZero = kUnits >= i ? min(xMax, (kUnits - i) / m) : -1
            if toZero >= 0 { a[i * n] -= cumulative[toZero] }
            var x = toZero + 1
            while x <= xMax {
                let j = i + m * x - kUnits
                if j > hUnits { break }
                a[i * n + j] -= pmf[x]
                x += 1
            }
        }
        var b = [Double](repeating: 1, count: n)
        solve(&a, &b, n)
        return b[0]
    }

    /// The smallest H (lattice units) with ARL ≥ target, for the given λ0 and ratio. `hint` (e.g. the H of a
    /// neighbouring λ0) only speeds up the search: ARL is monotone in H, so galloping from any start followed by
    /// bisection finds the same smallest H.
    public static func calibrate(lambda0: Double, ratio: Double, targetARL: Double, hint: Int? = nil) -> Design {
        let kUnits = max(0, referenceUnits(lambda0: lambda0, ratio: ratio))
        let limit = 4000  // h = 200: far beyond any sensible target; keeps the dense solve bounded.
        var known: [Int: Double] = [-1: 1]  // h < 0 alarms at once
        func arl(_ h: Int) -> Double {
            if let v = known[h] { return v }
            let v = averageRunLength(lambda0: lambda0, kUnits: kUnits, hUnits: h)
            known[h] = v
            return v
        }
        // Bracket: ARL(lo) < target ≤ ARL(hi) (or hi = limit).
        var lo: Int, hi: Int
        let start = min(limit, max(0, hint ?? 0))
        if arl(start) >= targetARL {
            hi = start
            var step = 1
            lo = max(-1, hi - step)
            while lo >= 0 && arl(lo) >= targetARL {
                hi = lo
                step *= 2
                lo = max(-1, hi - step)
            }
        } else {
            lo = start
            var step = 1
            hi = min(limit, lo + step)
            while arl(hi) < targetARL && hi < limit {
                lo = hi
                step *= 2
                hi = min(limit, lo + step)
            }
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if arl(mid) >= targetARL { hi = mid } else { lo = mid }
        }
        return Design(lambda0: lambda0, kUnits: kUnits, hUnits: hi, inControlARL: arl(hi))
    }

    private struct Key: Hashable {
        var bucket: Int
        var ratio: Double
        var target: Double
    }

    private static let cache = Mutex<[Key: Design]>([:])

    /// The calibrated design for λ0 (rounded to `lambdaResolution`), cached process-wide. The H of the nearest
    /// cached λ0 serves as the starting point of the search (it does not change the result).
    public static func design(lambda0: Double, ratio: Double, targetARL: Double) -> Design {
        let b = bucket(lambda0)
        let key = Key(bucket: b, ratio: ratio, target: targetARL)
        let (hit, hint): (Design?, Int?) = cache.withLock { entries in
            if let hit = entries[key] { return (hit, nil) }
            var best: (distance: Int, h: Int)?
            for (k, d) in entries where k.ratio == ratio && k.target == targetARL {
                let distance = abs(k.bucket - b)
                if best == nil || distance < best!.distance { best = (distance, d.hUnits) }
            }
            return (nil, best?.h)
        }
        if let hit { return hit }
        let made = calibrate(lambda0: Double(b) * lambdaResolution, ratio: ratio, targetARL: targetARL, hint: hint)
        cache.withLock { $0[key] = made }
        return made
    }

    /// Gaussian elimination with partial pivoting; the solution replaces `b`.
    private static func solve(_ matrix: inout [Double], _ rhs: inout [Double], _ n: Int) {
        matrix.withUnsafeMutableBufferPointer { aBuffer in
            rhs.withUnsafeMutableBufferPointer { bBuffer in
                let a = aBuffer.baseAddress!, b = bBuffer.baseAddress!
                for col in 0..<n {
                    var pivot = col
                    var best = abs(a[col * n + col])
                    var r = col + 1
                    while r < n {
                        if abs(a[r * n + col]) > best { best = abs(a[r * n + col]); pivot = r }
                        r += 1
                    }
                    if pivot != col {
                        for c in 0..<n { swap(&a[col * n + c], &a[pivot * n + c]) }
                        swap(&b[col], &b[pivot])
                    }
                    let d = a[col * n + col]
                    if d == 0 { continue }
                    let pivotRow = a + col * n
                    r = col + 1
                    while r < n {
                        let row = a + r * n
                        let f = row[col] / d
                        if f != 0 {
                            var c = col
                            while c < n { row[c] -= f * pivotRow[c]; c += 1 }
                            b[r] -= f * b[col]
                        }
                        r += 1
                    }
                }
                var row = n - 1
                while row >= 0 {
                    var s = b[row]
                    var c = row + 1
                    while c < n { s -= a[row * n + c] * b[c]; c += 1 }
                    b[row] = s / a[row * n + row]
                    row -= 1
                }
            }
        }
    }
}
