import Domain
import Foundation
import GRDB
import Statistics
import Storage

/// Weekly incident counts from storage: accepted incidents by the ISO week of their date
/// (`incidents.week`), for the digest's trends and for the spike alerts.
public enum SeriesReader {
    /// Counts for every week from `from` to `to` (inclusive, weeks without incidents count 0).
    /// - Parameters:
    ///   - area: an area id, or nil for all areas.
    ///   - category: a category code, or nil for all; an incident with several categories counts
    ///     once in each of them, and once in the total.
    public static func weekly(store: GatewayStore, area: String?, category: String?, from: ISOWeek, to: ISOWeek) throws -> WeeklySeries {
        try store.read { db in try weekly(db: db, area: area, category: category, from: from, to: to) }
    }

    public static func weekly(db: Database, area: String?, category: String?, from: ISOWeek, to: ISOWeek) throws -> WeeklySeries {
        let weeks = weekRange(from: from, to: to)
        guard !weeks.isEmpty else { return WeeklySeries(firstWeek: from, counts: []) }
        var sql = """
            SELECT i.week AS week, COUNT(*) AS n FROM incidents i JOIN reports r ON r.id = i.report
            WHERE r.status = 'accepted' AND i.week >= ? AND i.week <= ?
            """
        var arguments: StatementArguments = [from.description, to.description]
        if let area {
            sql += " AND i.area = ?"
            arguments += [area]
        }
        if let category {
            sql += " AND EXISTS (SELECT 1 FROM incident_categories c WHERE c.incident = i.id AND c.code = ?)"
            arguments += [category]
        }
        sql += " GROUP BY i.week"
        var byWeek: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            byWeek[row["week"]] = row["n"]
        }
        return WeeklySeries(firstWeek: from, counts: weeks.map { byWeek[$0.description] ?? 0 })
    }

    /// The weeks from `from` to `to`, inclusive; empty when `to` comes first.
    static func weekRange(from: ISOWeek, to: ISOWeek) -> [ISOWeek] {
        guard from <= to else { return [] }
        var weeks: [ISOWeek] = []
        var week = from
        while week <= to {
            weeks.append(week)
            week = week.adding(weeks: 1)
        }
        return weeks
    }
}

/// Weekly counts of every area and every (area, category) in a range, read with two grouped queries;
/// the same numbers `SeriesReader.weekly` gives one series at a time.
struct CountTable {
    let weeks: [ISOWeek]
    private let index: [String: Int]
    private(set) var byArea: [String: [Int]] = [:]
    private(set) var byAreaCategory: [String: [String: [Int]]] = [:]

    init(db: Database, weeks: [ISOWeek]) throws {
        self.weeks = weeks
        var index: [String: Int] = [:]
        for (i, week) in weeks.enumerated() { index[week.description] = i }
        self.index = index
        guard let first = weeks.first, let last = weeks.last else { return }
        let range: StatementArguments = [first.description, last.description]
        for row in try Row.fetchAll(db, sql: """
            SELECT i.area AS area, i.week AS week, COUNT(*) AS n FROM incidents i JOIN reports r ON r.id = i.report
            WHERE r.status = 'accepted' AND i.week >= ? AND i.week <= ? GROUP BY i.area, i.week
            """, arguments: range) {
            guard let at = index[row["week"]] else { continue }
            byArea[row["area"], default: Array(repeating: 0, count: weeks.count)][at] += row["n"] as Int
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT i.area AS area, c.code AS code, i.week AS week, COUNT(*) AS n
            FROM incidents i JOIN reports r ON r.id = i.report JOIN incident_categories c ON c.incident = i.id
            WHERE r.status = 'accepted' AND i.week >= ? AND i.week <= ? GROUP BY i.area, c.code, i.week
            """, arguments: range) {
            guard let at = index[row["week"]] else { continue }
            let area: String = row["area"], code: String = row["code"]
            byAreaCategory[area, default: [:]][code, default: Array(repeating: 0, count: weeks.count)][at] += row["n"] as Int
        }
    }

    func series(area: String, category: String? = nil) -> [Int] {
        let zeros = Array(repeating: 0, count: weeks.count)
        guard let category else { return byArea[area] ?? zeros }
        return byAreaCategory[area]?[category] ?? zeros
    }

    /// The counts of `series` for the weeks `from`…`to` (both inside this table).
    func slice(_ series: [Int], from: ISOWeek, to: ISOWeek) -> [Int] {
        guard let a = index[from.description], let b = index[to.description], a <= b else { return [] }
        return Array(series[a...b])
    }
}
