import Domain

/// Spike detection on the weekly counts of one series (an area, or an area × category).
///
/// Two methods, both on counts per ISO week:
///
/// * **bayes** — the Bayes method of the R package `surveillance` (`algo.bayes` with b = 0, w = n): with S the
///   sum of the previous n weeks, the count of the next week is predicted by the negative binomial
///   NB(size S + ½, prob n/(n+1)) (Poisson counts, Jeffreys prior on the rate), and the week alarms when its count
///   exceeds U = qnbinom(1 − α, S + ½, n/(n+1)) and is at least `minimumCount`. Weeks before the start of the
///   series count as 0 (a series is expected to start where the data start, with any quiet weeks before that
///   included as zeros by the caller; a young series therefore gets a low U).
/// * **cusum** — an upper Poisson CUSUM for sustained rises, C_t = max(0, C_{t−1} + x_t − k), alarm when C_t > h,
///   reset to 0 after each alarm. For each step t the in-control mean is λ0 = max(floor, mean of weeks
///   t−12…t−3), k = (λ1 − λ0)/(ln λ1 − ln λ0) with λ1 = ratio·λ0, and h is calibrated for that λ0 to an
///   in-control ARL of at least the target (see `PoissonCUSUM`). The chart runs from the first week whose whole
///   baseline window lies inside the series (index 12 with the defaults) over closed weeks only; earlier weeks only
///   serve as baseline. (Treating weeks before the start as zeros, as the Bayes method does, would give the
///   first steps a baseline of zeros and the chart a flying start into false alarms.)
///
/// A running week is judged by the Bayes test alone, on its count so far: the prediction limit is for a whole
/// week, so a partial count over it already is a spike and can alert early. The CUSUM only ever sees closed weeks.
public struct SpikeDetector: Sendable {
    public let parameters: SpikeParameters

    public init(parameters: SpikeParameters = SpikeParameters()) {
        self.parameters = parameters
    }

    // MARK: - Bayes

    /// U from the previous n counts (uses the last n of the array; if it holds fewer, the missing older weeks
    /// count as 0).
    public func bayesThreshold(previous: [Int]) -> Int {
        let n = max(1, parameters.baselineWeeks)
        let s = previous.suffix(n).reduce(0) { $0 + max(0, $1) }
        return bayesThreshold(sum: s)
    }

    /// U for a baseline sum S over n weeks.
    public func bayesThreshold(sum s: Int) -> Int {
        let n = Double(max(1, parameters.baselineWeeks))
        return NegativeBinomial.quantile(1 - parameters.alpha, size: Double(s) + 0.5, prob: n / (n + 1))
    }

    // MARK: - CUSUM

    /// Calibrated h for k from λ0 (λ0 rounded to 0.01 and cached; deterministic). No floor is applied here.
    public func cusumThreshold(lambda0: Double) -> Double {
        cusumDesign(lambda0: lambda0).h
    }

    /// The reference value k actually used for λ0 (rounded to the 0.05 lattice).
    public func cusumReference(lambda0: Double) -> Double {
        cusumDesign(lambda0: lambda0).k
    }

    /// The full calibrated design for λ0: k and h in lattice units and the exact in-control ARL.
    public func cusumDesign(lambda0: Double) -> PoissonCUSUM.Design {
        PoissonCUSUM.design(lambda0: lambda0, ratio: parameters.cusumRatio, targetARL: parameters.cusumTargetARL)
    }

    /// λ0 for step `index` of a series: max(floor, mean of the baseline window).
    public func cusumBaseline(_ series: WeeklySeries, at index: Int) -> Double {
        let from = parameters.cusumBaselineFrom, to = min(parameters.cusumBaselineTo, from)
        var sum = 0
        for j in (index - from)...(index - to) { sum += max(0, series.count(at: j)) }
        return max(parameters.cusumLambdaFloor, Double(sum) / Double(from - to + 1))
    }

    // MARK: - Evaluation

    /// Flags for `week` of the series. `partial`: the week is still running and its count is the count so far.
    /// Bayes: the n previous weeks (weeks before the series start count as 0). CUSUM (closed weeks only): run from
    /// the first week with a complete baseline window up to `week`, reset after each alarm; flags only when the
    /// CUSUM crosses h at `week`.
    public func evaluate(_ series: WeeklySeries, week: ISOWeek, partial: Bool) -> [SpikeFlag] {
        let index = series.index(of: week)
        var flags: [SpikeFlag] = []
        if let flag = bayesFlag(series, index: index, week: week, partial: partial) { flags.append(flag) }
        if !partial {
            var memo: [Int: PoissonCUSUM.Design] = [:]
            runCUSUM(series, through: index, memo: &memo) { t, flag in
                if t == index { flags.append(flag) }
            }
        }
        return flags
    }

    /// Flags for every week of the series in one pass, oldest first (the same flags `evaluate` gives week by
    /// week, without rerunning the CUSUM from the start for each week). With `lastWeekPartial` the last week is
    /// the running one: Bayes on its count so far, and the CUSUM stops before it.
    public func evaluateAll(_ series: WeeklySeries, lastWeekPartial: Bool = false) -> [SpikeFlag] {
        let n = series.counts.count
        guard n > 0 else { return [] }
        var bayes: [Int: SpikeFlag] = [:]
        for i in 0..<n {
            let partial = lastWeekPartial && i == n - 1
            if let flag = bayesFlag(series, index: i, week: series.firstWeek.adding(weeks: i), partial: partial) {
                bayes[i] = flag
            }
        }
        var cusum: [Int: SpikeFlag] = [:]
        var memo: [Int: PoissonCUSUM.Design] = [:]
        runCUSUM(series, through: lastWeekPartial ? n - 2 : n - 1, memo: &memo) { t, flag in cusum[t] = flag }
        var out: [SpikeFlag] = []
        for i in 0..<n {
            if let b = bayes[i] { out.append(b) }
            if let c = cusum[i] { out.append(c) }
        }
        return out
    }

    private func bayesFlag(_ series: WeeklySeries, index: Int, week: ISOWeek, partial: Bool) -> SpikeFlag? {
        guard parameters.bayesUsable else { return nil }
        let observed = series.count(at: index)
        guard observed >= parameters.minimumCount else { return nil }
        let n = parameters.baselineWeeks
        var s = 0
        for j in (index - n)..<index { s += max(0, series.count(at: j)) }
        let u = bayesThreshold(sum: s)
        guard observed > u else { return nil }
        return SpikeFlag(
            method: .bayes, week: week, observed: observed, expected: Double(s) / Double(n),
            threshold: Double(u), statistic: Double(observed), partialWeek: partial)
    }

    /// Runs the chart over closed weeks up to `last` (an index) and reports each alarm.
    private func runCUSUM(
        _ series: WeeklySeries, through last: Int, memo: inout [Int: PoissonCUSUM.Design],
        onAlarm: (Int, SpikeFlag) -> Void
    ) {
        guard parameters.cusumUsable else { return }
        let first = parameters.cusumBaselineFrom
        guard last >= first else { return }
        let from = parameters.cusumBaselineFrom, to = parameters.cusumBaselineTo
        let width = Double(from - to + 1)
        // Rolling sum of the baseline window (indices t−from … t−to).
        var windowSum = 0
        for j in (first - from)...(first - to) { windowSum += max(0, series.count(at: j)) }
        var c = 0  // the statistic in lattice units
        for t in first...last {
            if t > first {
                windowSum += max(0, series.count(at: t - to)) - max(0, series.count(at: t - from - 1))
            }
            let lambda0 = max(parameters.cusumLambdaFloor, Double(windowSum) / width)
            let bucket = PoissonCUSUM.bucket(lambda0)
            let design: PoissonCUSUM.Design
            if let d = memo[bucket] {
                design = d
            } else {
                design = cusumDesign(lambda0: lambda0)
                memo[bucket] = design
            }
            let x = max(0, series.count(at: t))
            c = max(0, c + PoissonCUSUM.scale * x - design.kUnits)
            if c > design.hUnits {
                onAlarm(
                    t,
                    SpikeFlag(
                        method: .cusum, week: series.firstWeek.adding(weeks: t), observed: x,
                        expected: lambda0, threshold: design.h,
                        statistic: Double(c) / Double(PoissonCUSUM.scale), partialWeek: false))
                c = 0
            }
        }
    }
}
