import Domain

/// The phrases of the change sentences in each language; `ChangeSentence` decides which are said. Worded for
/// reading aloud, and never causal: the figures show a change in the area, not what caused it, so the words are
/// "förändring" / "change", never "effekt av" / "effect of".
struct ChangeWording {
    enum Direction { case up, down, same }

    let language: Language
    var numbers: SentenceNumbers { SentenceNumbers(language: language) }

    private var swedish: Bool { language == .swedish }

    /// "4 händelser på 8 veckor före och 3 på 3,5 veckor efter"; the minimum is left out when it was met (a target
    /// with no incidents at all under a minimum of 0).
    func tooFew(area: String, before: Int, beforeWeeks: Double, after: Int, afterWeeks: Double, minimum: Int?) -> String {
        let n = numbers
        let counts =
            swedish
            ? "\(n.count(before)) \(before == 1 ? "händelse" : "händelser") på \(n.weeks(beforeWeeks)) \(weekWord(beforeWeeks)) "
                + "före och \(n.count(after)) på \(n.weeks(afterWeeks)) \(weekWord(afterWeeks)) efter"
            : "\(n.count(before)) \(before == 1 ? "incident" : "incidents") in the \(n.weeks(beforeWeeks)) "
                + "\(weekWord(beforeWeeks)) before and \(n.count(after)) in the \(n.weeks(afterWeeks)) \(weekWord(afterWeeks)) after"
        let floor = minimum.map { swedish ? " (färre än \($0) tillsammans)" : " (fewer than \($0) together)" } ?? ""
        return swedish
            ? "I \(area) är händelserna för få för en slutsats om förändringen: \(counts)\(floor)."
            : "In \(area) there are too few incidents for a conclusion about the change: \(counts)\(floor)."
    }

    /// The target's change up to its figures in parentheses, without the full stop.
    func targetChange(area: String, direction: Direction, beforeRate: Double, afterRate: Double, figures: String) -> String {
        let before = numbers.rate(beforeRate), after = numbers.rate(afterRate)
        switch (language, direction) {
        case (.swedish, .same): return "I \(area) var antalet händelser oförändrat, \(before) per vecka (\(figures))"
        case (.swedish, .up): return "I \(area) ökade antalet händelser från \(before) till \(after) per vecka (\(figures))"
        case (.swedish, .down): return "I \(area) minskade antalet händelser från \(before) till \(after) per vecka (\(figures))"
        case (.english, .same): return "In \(area) incidents stayed at \(before) a week (\(figures))"
        case (.english, _): return "In \(area) incidents went from \(before) to \(after) a week (\(figures))"
        }
    }

    /// In place of a percentage when the before window had no incidents.
    var noneBefore: String { swedish ? "inga händelser före" : "none before" }

    /// "95 % intervall −78 % till −12 %", or "… +210 % eller mer" without an upper bound.
    func interval(alpha: Double, lower: Double, upper: Double) -> String {
        let n = numbers
        let head = swedish ? "\(n.level(alpha: alpha)) intervall" : "\(n.level(alpha: alpha)) interval"
        let low = n.percent(ratio: lower)
        if upper == .infinity { return swedish ? "\(head) \(low) eller mer" : "\(head) \(low) or more" }
        return "\(head) \(low) \(swedish ? "till" : "to") \(n.percent(ratio: upper))"
    }

    var withinChance: String {
        swedish ? "förändringen ryms inom slumpens variation" : "the change is within what chance alone gives"
    }

    func comparisonChange(ratio: Double) -> String {
        swedish
            ? "I jämförelseområdena var förändringen \(numbers.percent(ratio: ratio))."
            : "In the comparison areas the change was \(numbers.percent(ratio: ratio))."
    }

    var comparisonEmpty: String {
        swedish
            ? "I jämförelseområdena fanns inga händelser att jämföra med."
            : "The comparison areas had no incidents to compare with."
    }

    var comparisonNoneBefore: String {
        swedish
            ? "I jämförelseområdena fanns inga händelser före, så deras förändring kan inte anges i procent."
            : "The comparison areas had no incidents before, so their change cannot be given as a percentage."
    }

    /// "Det är ungefär 12 färre händelser än om området hade följt jämförelsen (intervall 3–20)." The interval is in
    /// whole incidents; `direction` is the point estimate's (`.same` when it rounds to 0).
    func difference(count: Int, direction: Direction, lower: Int, upper: Int, includesZero: Bool) -> String {
        let n = numbers
        let head: String
        switch (language, direction) {
        case (.swedish, .same): head = "Det är ungefär lika många händelser som om området hade följt jämförelsen"
        case (.swedish, _):
            let word = direction == .down ? "färre" : "fler"
            let amount = count == 1 ? "1 händelse \(word)" : "\(n.count(count)) \(word) händelser"
            head = "Det är ungefär \(amount) än om området hade följt jämförelsen"
        case (.english, .same): head = "That is about as many incidents as if the area had followed the comparison"
        case (.english, _):
            let word = direction == .down ? "fewer" : "more"
            let amount = "\(n.count(count)) \(word) \(count == 1 ? "incident" : "incidents")"
            head = "That is about \(amount) than if the area had followed the comparison"
        }
        let fewer = swedish ? "färre" : "fewer", more = swedish ? "fler" : "more"
        let range: String
        if lower < 0 && upper > 0 {
            range = "\(n.count(-lower)) \(fewer) \(swedish ? "till" : "to") \(n.count(upper)) \(more)"
        } else if upper <= 0 {
            range = "\(n.count(-upper))–\(n.count(-lower))" + (direction == .down ? "" : " \(fewer)")
        } else {
            range = "\(n.count(lower))–\(n.count(upper))" + (direction == .up ? "" : " \(more)")
        }
        let chance =
            includesZero
            ? (swedish ? "; skillnaden ryms inom slumpens variation" : "; the difference is within what chance alone gives") : ""
        return "\(head) (\(swedish ? "intervall" : "interval") \(range)\(chance))."
    }

    private func weekWord(_ weeks: Double) -> String {
        swedish ? (weeks == 1 ? "vecka" : "veckor") : (weeks == 1 ? "week" : "weeks")
    }
}
