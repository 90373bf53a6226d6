/// The HTML bar charts as table cells (no images: Outlook and Gmail show them as they are): one cell per week whose
/// bottom border is the bar, the counts under it. Weeks only partly in the period are drawn lighter.
enum BarChart {
    static let barColor = "#8fb0d9"
    static let partialColor = "#c9d8ec"
    static let zeroColor = "#d5d9de"

    /// - Parameters:
    ///   - width: of one bar in pixels; the table's cellspacing adds one between bars.
    ///   - scale: the count drawn at full height; charts compared with each other share it.
    static func bars(_ counts: [Int], partial: [Bool], width: Int, maxHeight: Int, scale: Int) -> [[String: Any]] {
        let top = max(1, scale, counts.max() ?? 0)
        return counts.enumerated().map { i, count in
            [
                "width": width, "height": count == 0 ? 1 : max(2, count * maxHeight / top), "count": count,
                "color": count == 0 ? zeroColor : partial[i] ? partialColor : barColor,
            ]
        }
    }
}
