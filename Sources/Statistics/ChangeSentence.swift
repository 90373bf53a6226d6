import Domain

/// The change around an insats in plain sentences a working group can read aloud (working-group.md §3), Swedish
/// or English. What is said:
/// * too few incidents (`InsatsChange.isTooSmall`, or none at all): that the numbers are too small for a
///   conclusion, with the counts and the windows' lengths;
/// * otherwise the target's weekly rate before and after, the change in percent with its interval, and, when the
///   interval includes 1 (no change), that the change is within chance; then the comparison areas' change, and
///   how many incidents fewer or more that is than if the area had followed the comparison, with its interval.
///
/// Example: "I Råby minskade antalet händelser från 3,1 till 1,4 per vecka (−55 %, 95 % intervall −78 % till −12 %).
/// I jämförelseområdena var förändringen −5 %. Det är ungefär 12 färre händelser än om området hade följt
/// jämförelsen (intervall 3–20)."
public enum ChangeSentence {
    /// - Parameter area: how the target reads in a sentence ("Råby", "Råby och Bäckby").
    public static func text(_ change: InsatsChange, area: String, language: Language) -> String {
        let words = ChangeWording(language: language)
        let target = change.target
        guard !change.isTooSmall, let ratio = target.ratio, let interval = target.interval else {
            return words.tooFew(
                area: area, before: target.before, beforeWeeks: target.beforeWeeks, after: target.after,
                afterWeeks: target.afterWeeks, minimum: change.isTooSmall ? change.minimumEvents : nil)
        }
        return [targetSentence(target, ratio: ratio, interval: interval, area: area, words: words)]
            .appending(comparisonSentence(change.comparison, words: words))
            .appending(change.difference.flatMap { differenceSentence($0, words: words) })
            .joined(separator: " ")
    }

    private static func targetSentence(
        _ target: RateRatio, ratio: Double, interval: ConfidenceInterval, area: String, words: ChangeWording
    ) -> String {
        let direction: ChangeWording.Direction = ratio > 1 ? .up : ratio < 1 ? .down : .same
        let range = words.interval(alpha: target.alpha, lower: interval.lower, upper: interval.upper)
        let figures =
            ratio == .infinity ? "\(words.noneBefore); \(range)" : "\(words.numbers.percent(ratio: ratio)), \(range)"
        let chance = interval.contains(1) ? "; \(words.withinChance)" : ""
        return words.targetChange(
            area: area, direction: direction, beforeRate: target.beforeRate, afterRate: target.afterRate, figures: figures)
            + chance + "."
    }

    private static func comparisonSentence(_ comparison: RateRatio, words: ChangeWording) -> String {
        guard let ratio = comparison.ratio else { return words.comparisonEmpty }
        return ratio == .infinity ? words.comparisonNoneBefore : words.comparisonChange(ratio: ratio)
    }

    private static func differenceSentence(_ difference: ComparisonDifference, words: ChangeWording) -> String? {
        guard let interval = difference.interval else { return nil }
        let count = Int(abs(difference.difference).rounded())
        let direction: ChangeWording.Direction = count == 0 ? .same : difference.difference < 0 ? .down : .up
        return words.difference(
            count: count, direction: direction, lower: Int(interval.lower.rounded()), upper: Int(interval.upper.rounded()),
            includesZero: interval.contains(0))
    }
}

extension Array {
    fileprivate func appending(_ element: Element?) -> [Element] {
        guard let element else { return self }
        return self + [element]
    }
}
