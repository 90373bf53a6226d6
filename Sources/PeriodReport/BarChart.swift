/// The HTML bar charts as table cells (no images: Outlook and Gmail show them as they are): one cell per week whose
/// bottom border is the bar, the counts under them in the large chart. Runs of empty weeks in the small charts are
/// one wide cell, which looks the same and keeps a report of many series under Gmail's 102 kB clipping.
enum BarChart {
    static let barColor = "#8fb0d9"
    static let partialColor = "#c9d8ec"
    static let zeroColor = "#d5d9de"

    /// - Parameters:
    ///   - width: of one bar in pixels; `cellspacing` adds one between bars.
    ///   - scale: the count drawn at full height; charts compared with each other share it.
    ///   - merge: whether runs of zero weeks become one cell.
    static func bars(_ counts: [Int], partial: [Bool], width: Int, maxHeight: Int, scale: Int, merge: Bool) -> [[String: Any]] {
        let top = max(1, scale, counts.max() ?? 0)
        var out: [[String: Any]] = []
        var i = 0
        while i < counts.count {
            let count = counts[i]
            if count == 0 && merge {
                var run = 1
                while i + run < counts.count && counts[i + run] == 0 { run += 1 }
                out.append(["width": run * (width + 1) - 1, "height": 1, "color": zeroColor, "count": 0])
                i += run
                continue
            }
            let height = count == 0 ? 1 : max(2, count * maxHeight / top)
            out.append([
                "width": width, "height": height, "count": count,
                "color": count == 0 ? zeroColor : partial[i] ? partialColor : barColor,
            ])
            i += 1
        }
        return out
    }
}
