import Domain

/// The change between the first and the second half of a report's period (working-group.md §5), one sentence per
/// series, Swedish or English. The same figures and the same caution as `ChangeSentence`: the weekly rates of the
/// two halves, the change in percent with its exact interval, whether the interval holds no change, and "too few
/// for a conclusion" under the working group's minimum. A comparison of two halves says nothing about why, so the
/// words are "ökning", "minskning", "förändring", never "effekt".
///
/// Example: "Råby: en minskning från 3,1 till 2,4 händelser per vecka mellan periodens första och andra halva
/// (−23 %, 95 % intervall −41 % till +1 %); förändringen ryms inom slumpens variation."
public enum HalvesSentence {
    /// - Parameters:
    ///   - change: the first half as `before`, the second as `after`.
    ///   - series: how the series reads at the start of the sentence ("Råby", "Råby – Klotter").
    ///   - minimumEvents: fewer incidents than this in both halves together are too few for a conclusion.
    public static func text(_ change: RateRatio, series: String, minimumEvents: Int, language: Language) -> String {
        let words = ChangeWording(language: language)
        let n = words.numbers
        let sv = language == .swedish
        guard change.total >= minimumEvents, change.total > 0, let ratio = change.ratio, let interval = change.interval else {
            let floor = change.total > 0 ? (sv ? ", färre än \(minimumEvents) tillsammans" : ", fewer than \(minimumEvents) together") : ""
            return sv
                ? "\(series): för få händelser för en slutsats om förändringen (\(n.count(change.before)) under första halvan och "
                    + "\(n.count(change.after)) under andra\(floor))."
                : "\(series): too few incidents for a conclusion about the change (\(n.count(change.before)) in the first half and "
                    + "\(n.count(change.after)) in the second\(floor))."
        }
        let range = words.interval(alpha: change.alpha, lower: interval.lower, upper: interval.upper)
        let figures =
            ratio == .infinity
            ? (sv ? "inga händelser under första halvan; " : "none in the first half; ") + range
            : "\(n.percent(ratio: ratio)), \(range)"
        let chance = interval.contains(1) ? "; \(words.withinChance)" : ""
        let before = n.rate(change.beforeRate), after = n.rate(change.afterRate)
        // Rates that print the same are said to be about unchanged, whatever the unrounded ratio.
        let about = before == after && ratio != 1
        let head: String
        switch (sv, before == after ? 0 : ratio > 1 ? 1 : -1) {
        case (true, 0):
            head = "\(series): \(about ? "ungefär " : "")oförändrat \(before) händelser per vecka under periodens båda halvor"
        case (true, let up):
            head =
                "\(series): en \(up > 0 ? "ökning" : "minskning") från \(before) till \(after) händelser per vecka "
                + "mellan periodens första och andra halva"
        case (false, 0): head = "\(series): \(about ? "about " : "")unchanged at \(before) incidents a week in both halves of the period"
        case (false, let up):
            head =
                "\(series): \(up > 0 ? "an increase" : "a decrease") from \(before) to \(after) incidents a week "
                + "between the first and the second half of the period"
        }
        return "\(head) (\(figures))\(chance)."
    }
}
