import Domain
import Foundation
import MailTemplates
import Statistics

public enum TrendTableError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownArea(String, known: [String])
    case unknownCategory(String, known: [String])

    public var description: String {
        switch self {
        case .unknownArea(let name, let known): return "unknown area \"\(name)\" (known: \(known.joined(separator: ", ")))"
        case .unknownCategory(let name, let known): return "unknown category \"\(name)\" (known: \(known.joined(separator: ", ")))"
        }
    }
}

/// Weekly counts as a terminal table with a bar per week and a sparkline (`est-gateway trend`).
public enum TrendTable {
    /// - Parameters:
    ///   - area: an area id, name or alias (case and diacritics ignored); nil for all areas.
    ///   - category: a category code or name; nil for all.
    ///   - counts: the weekly counts of a series (area id, category code, first and last week), from the store.
    public static func render(
        area: String?, category: String?, weeks: Int, endingAt: ISOWeek, options: DigestOptions,
        counts: (_ area: String?, _ category: String?, _ from: ISOWeek, _ to: ISOWeek) throws -> [Int]
    ) throws -> String {
        let area = try area.map { try resolveArea($0, options: options) }
        let category = try category.map { try resolveCategory($0, options: options) }
        let first = endingAt.adding(weeks: -(max(1, weeks) - 1))
        let series = WeeklySeries(firstWeek: first, counts: try counts(area?.id, category?.code, first, endingAt))
        return format(series, area: area, category: category, labels: DigestLabels(language: options.language))
    }

    static func format(_ series: WeeklySeries, area: Area?, category: Category?, labels l: DigestLabels) -> String {
        let weeks = ISOWeek.range(series.firstWeek, through: series.firstWeek.adding(weeks: series.counts.count - 1))
        let counts = series.counts
        let what = [
            area?.name ?? (l.sv ? "alla områden" : "all areas"),
            category.map { "\($0.name) (\($0.code))" } ?? (l.sv ? "alla kategorier" : "all categories"),
        ]
        var out = (l.sv ? "Händelser per vecka: " : "Incidents per week: ") + what.joined(separator: ", ") + "\n"
        out += (l.sv ? "Veckor: " : "Weeks: ") + "\(weeks.first?.description ?? "") – \(weeks.last?.description ?? "")\n\n"
        let top = max(1, counts.max() ?? 0)
        let barWidth = 40
        var t = TextTable([.left, .left, .right, .left])
        t.add([l.sv ? "Vecka" : "Week", l.sv ? "Datum" : "Dates", l.countHeader, ""])
        for (week, count) in zip(weeks, counts) {
            let bar = String(repeating: "█", count: count == 0 ? 0 : max(1, count * barWidth / top))
            let dates = "\(week.monday.day)/\(week.monday.month)–\(week.sunday.day)/\(week.sunday.month)"
            t.add([week.description, dates, "\(count)", bar])
        }
        out += t.render() + "\n\n"
        let total = counts.reduce(0, +)
        let mean = counts.isEmpty ? 0 : Double(total) / Double(counts.count)
        out += "trend  " + Sparkline.render(counts) + "\n"
        if l.sv {
            out += "totalt \(total), snitt \(l.number(mean)) per vecka"
        } else {
            out += "total \(total), mean \(l.number(mean)) per week"
        }
        if let peak = counts.max(), peak > 0, let at = counts.lastIndex(of: peak) {
            out += ", max \(peak) (\(weeks[at]))"
        }
        return out + "\n"
    }

    static func resolveArea(_ text: String, options: DigestOptions) throws -> Area {
        let key = TextFolding.fold(text)
        if let area = options.areas.first(where: { a in
            TextFolding.fold(a.id) == key || TextFolding.fold(a.name) == key || a.aliases.contains { TextFolding.fold($0) == key }
        }) {
            return area
        }
        throw TrendTableError.unknownArea(text, known: options.areas.map(\.id))
    }

    static func resolveCategory(_ text: String, options: DigestOptions) throws -> Category {
        let key = TextFolding.fold(text)
        if let category = options.categories.first(where: { TextFolding.fold($0.code) == key || TextFolding.fold($0.name) == key }) {
            return category
        }
        throw TrendTableError.unknownCategory(text, known: options.categories.map(\.code))
    }
}
