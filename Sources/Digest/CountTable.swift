import Domain
import ReadModels

/// Weekly counts of every area and every (area, category) in a range of weeks, from the digest's
/// grouped rows; each series has one count per week of the range, zero where nothing happened.
struct CountTable {
    let weeks: [ISOWeek]
    private let index: [ISOWeek: Int]
    private(set) var byArea: [String: [Int]] = [:]
    private(set) var byAreaCategory: [String: [String: [Int]]] = [:]

    init(_ input: DigestInput, weeks: [ISOWeek]) {
        self.weeks = weeks
        var index: [ISOWeek: Int] = [:]
        for (i, week) in weeks.enumerated() { index[week] = i }
        self.index = index
        let zeros = Array(repeating: 0, count: weeks.count)
        for row in input.areaCounts {
            guard let at = index[row.week] else { continue }
            byArea[row.area, default: zeros][at] += row.count
        }
        for row in input.categoryCounts {
            guard let at = index[row.week], let code = row.category else { continue }
            byAreaCategory[row.area, default: [:]][code, default: zeros][at] += row.count
        }
    }

    func series(area: String, category: String? = nil) -> [Int] {
        let zeros = Array(repeating: 0, count: weeks.count)
        guard let category else { return byArea[area] ?? zeros }
        return byAreaCategory[area]?[category] ?? zeros
    }

    /// The counts of `series` for the weeks `from`…`to` (both inside this table).
    func slice(_ series: [Int], from: ISOWeek, to: ISOWeek) -> [Int] {
        guard let a = index[from], let b = index[to], a <= b else { return [] }
        return Array(series[a...b])
    }
}
