import Domain
import MailTemplates

extension DigestContext {
    /// The Trygghet scale as the sparkline and the bars draw it.
    static let safetyScale = Double(SafetyRating.scale.lowerBound)...Double(SafetyRating.scale.upperBound)

    /// `hasSafety`, `safetyTable` (text), `safety` (each `name`, `mean`, `hasAnswers`, `answers`,
    /// `sparkline`, and `bars` for the chart partial).
    var safety: [String: Any] {
        let l = labels
        guard !digest.safety.isEmpty else { return ["hasSafety": false] }
        var t = TextTable([.left, .right, .right, .left])
        t.add([l.areaHeader, l.weekShort(digest.week), l.answersHeader, "\(l.trendHeader) \(l.weekRange(digest.trendWeeks))"])
        var rows: [[String: Any]] = []
        for s in digest.safety {
            let mean = l.safetyMean(s.thisWeekMean)
            let sparkline = Sparkline.render(s.means, scale: Self.safetyScale)
            t.add([s.area.name, mean, "\(s.thisWeekAnswers)", sparkline])
            rows.append([
                "name": s.area.name, "mean": mean, "hasAnswers": s.thisWeekAnswers > 0, "answers": s.thisWeekAnswers,
                "sparkline": sparkline, "bars": safetyBars(s),
            ])
        }
        return ["hasSafety": true, "safety": rows, "safetyTable": t.render(indent: "  ")]
    }

    /// One bar per trend week for `digest-safety-chart.html`, the counts' chart with room for a mean
    /// under each bar. Heights are on 0…5 rather than scaled to the largest mean as counts are: a 3
    /// must look like a 3 in every area and week. A week without answers is the grey line of a zero
    /// count, labelled `–`.
    private func safetyBars(_ s: AreaSafety) -> [[String: Any]] {
        let maxHeight = 24.0
        return zip(digest.trendWeeks, s.means).enumerated().map { index, pair in
            let (week, mean) = pair
            let last = index == s.means.count - 1
            return [
                "label": mean.map(labels.number) ?? "–", "week": labels.weekShort(week),
                "height": mean.map { Int(($0 / Self.safetyScale.upperBound * maxHeight).rounded()) } ?? 1,
                "color": mean == nil ? "#d5d9de" : last ? "#1f4e8c" : "#8fb0d9", "last": last,
            ]
        }
    }
}
