/// The target's weekly series drawn for a mail: a text chart for text/plain and the bars of the HTML chart
/// (`insats-chart.html.mustache`), both with the before and the after window apart, so that the eye compares the
/// two windows rather than reading one continuous trend.
struct InsatsChart {
    let weekly: [WeekCount]
    let labels: InsatsLabels
    let start: String

    /// The widest text bar, in characters: with the labels the lines stay within a plain client's 76 columns.
    static let textWidth = 40
    /// The tallest HTML bar, in pixels.
    static let barHeight = 40

    private var top: Int { max(1, weekly.map(\.count).max() ?? 0) }

    /// One line per bar, and a marked line where the after window begins.
    var text: String {
        let rows = weekly.map { (label: label($0), bar: $0) }
        let width = rows.map(\.label.count).max() ?? 0
        var lines: [String] = []
        for (index, row) in rows.enumerated() {
            if row.bar.window == .after, index == 0 || rows[index - 1].bar.window == .before {
                lines.append("  " + String(repeating: "-", count: width) + "  start " + start)
            }
            let bar = String(repeating: "█", count: (row.bar.count * Self.textWidth + top - 1) / top)
            let pad = String(repeating: " ", count: width - row.label.count)
            lines.append("  \(row.label)\(pad)  \(bar)\(bar.isEmpty ? "" : " ")\(row.bar.count)")
        }
        return lines.joined(separator: "\n")
    }

    /// "v.36" for a whole week, "v.36 (3 d)" for the part of one inside a window.
    private func label(_ count: WeekCount) -> String {
        let week = labels.weekShort(count.week)
        return count.isWholeWeek ? week : "\(week) (\(count.days.days) d)"
    }

    func bars(_ window: WeekCount.Window) -> [[String: Any]] {
        weekly.filter { $0.window == window }.map { count in
            // Partial weeks are lighter: fewer days, so a shorter bar need not mean fewer incidents a day.
            let colors = window == .before ? ("#8fb0d9", "#c9d8ec") : ("#1f4e8c", "#7f9cc6")
            return [
                "count": count.count, "week": count.week.week, "partial": !count.isWholeWeek,
                "height": count.count == 0 ? 1 : max(3, count.count * Self.barHeight / top),
                "color": count.count == 0 ? "#d5d9de" : count.isWholeWeek ? colors.0 : colors.1,
            ]
        }
    }
}
