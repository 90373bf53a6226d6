import Digest
import Domain
import Foundation
import ReadModels
import Statistics

/// Builds a `PeriodReport` from the rows of one consistent read. Pure: rows in, numbers out.
public enum PeriodReportBuilder {
    /// Reads what the period needs through `read` (the store, in one snapshot) and builds the report.
    /// - Parameter now: the build time; a period not over at `now` is counted up to that day and marked partial.
    public static func build(
        _ period: ReportPeriod, options: PeriodReportOptions, now: Date, read: (PeriodReportRequest) throws -> PeriodReportInput
    ) rethrows -> PeriodReport {
        build(try read(request(period, options: options, now: now)), period: period, options: options, now: now)
    }

    /// The days counted: the period's, up to today when it is not over (days not yet lived are not zero days).
    public static func counted(_ period: ReportPeriod, today: LocalDate) -> DateRange {
        let range = period.range
        return DateRange(first: range.first, last: min(range.last, max(today, range.first))) ?? range
    }

    public static func request(_ period: ReportPeriod, options: PeriodReportOptions, now: Date) -> PeriodReportRequest {
        let days = counted(period, today: LocalDate(now, in: options.timeZone))
        return PeriodReportRequest(
            first: days.first, last: days.last, firstWeek: days.first.isoWeek, lastWeek: days.last.isoWeek, language: options.language)
    }

    public static func build(_ input: PeriodReportInput, period: ReportPeriod, options: PeriodReportOptions, now: Date) -> PeriodReport {
        let tz = options.timeZone
        let today = LocalDate(now, in: tz)
        let days = counted(period, today: today)
        let weeks = days.isoWeeks
        let firstHalfDays = (days.days + 1) / 2
        let firstHalf = DateRange(first: days.first, last: days.first.adding(days: firstHalfDays - 1))!
        let secondHalf = DateRange(first: firstHalf.last.adding(days: 1), last: days.last)
        let incidents = input.incidents.filter { days.contains($0.date) }

        // Areas: the configured ones, then any area id found in the data that is no longer configured.
        var areas = options.areas
        let known = Set(areas.map(\.id))
        for id in Set(incidents.map(\.area)).subtracting(known).sorted() { areas.append(Area(id: id, name: id)) }

        let series = SeriesCounter(weeks: weeks, firstHalf: firstHalf, secondHalf: secondHalf)
        let areaSummaries = areas.map { area -> AreaSummary in
            let inArea = incidents.filter { $0.area == area.id }
            let codes = Set(inArea.flatMap(\.categories))
            let categories = orderedCategories(codes, options: options).map { category in
                CategorySummary(category: category, summary: series.summary(inArea.filter { $0.categories.contains(category.code) }))
            }
            return AreaSummary(
                area: area, summary: series.summary(inArea),
                categories: categories.enumerated().sorted { a, b in
                    (a.element.summary.total, -a.offset) > (b.element.summary.total, -b.offset)
                }.map(\.element))
        }
        let reporting = ReportingBuilder.summary(input.reports, incidents: incidents, days: days, today: today, options: options)
        let smallSeries = areaSummaries.flatMap(\.categories).filter { $0.summary.total < options.minimumEvents }.count
        return PeriodReport(
            period: period, counted: days, partial: today <= period.range.last, generatedAt: now, timeZone: tz,
            weeks: weeks, partialWeeks: Set(weeks.filter { !days.contains($0.monday) || !days.contains($0.sunday) }),
            halves: Halves(first: firstHalf, second: secondHalf), minimumEvents: options.minimumEvents,
            total: series.summary(incidents), areas: areaSummaries,
            places: places(incidents, areas: areas, options: options),
            timing: timing(incidents),
            reporting: reporting,
            process: ReportingBuilder.process(input, incidents: incidents, options: options),
            safety: safety(input.safety, weeks: weeks, areas: areas),
            insatser: input.insatser,
            caveats: Caveats(
                dataSince: input.firstIncidentDate,
                started: ReportingBuilder.started(reporting), stopped: ReportingBuilder.stopped(reporting),
                smallSeries: smallSeries, series: areaSummaries.flatMap(\.categories).count),
            incidents: incidents.map { resolve($0, areas: areas, options: options) })
    }

    /// Configured categories first in their order, then codes no longer configured.
    static func orderedCategories(_ codes: Set<String>, options: PeriodReportOptions) -> [Category] {
        let configured = options.categories.filter { codes.contains($0.code) }
        let unknown = codes.subtracting(configured.map(\.code)).sorted().map { Category(code: $0, name: $0) }
        return configured + unknown
    }

    static func places(_ incidents: [PeriodIncidentRow], areas: [Area], options: PeriodReportOptions) -> [Hotspot] {
        let rows = incidents.map { DigestInput.PlaceRow(area: $0.area, place: $0.place, date: $0.date, categories: $0.categories) }
        return Array(
            DigestBuilder.recurringPlaces(rows, areas: areas, categories: options.categories, minimum: options.placeMinimum)
                .prefix(options.placeCount))
    }

    static func timing(_ incidents: [PeriodIncidentRow]) -> TimingMatrix {
        var counts = Array(repeating: Array(repeating: 0, count: TimeBucket.allCases.count), count: 7)
        let index = Dictionary(uniqueKeysWithValues: TimeBucket.allCases.enumerated().map { ($1, $0) })
        for row in incidents {
            counts[row.date.weekday - 1][index[TimeBucket(timeFrom: row.timeFrom, partOfDay: row.partOfDay)]!] += 1
        }
        return TimingMatrix(counts: counts)
    }

    static func safety(_ rows: [WeeklySafety], weeks: [ISOWeek], areas: [Area]) -> [AreaSafety] {
        let byArea = Dictionary(grouping: rows.filter { $0.area != nil }, by: { $0.area ?? "" })
        var order = areas
        for id in Set(byArea.keys).subtracting(areas.map(\.id)).sorted() { order.append(Area(id: id, name: id)) }
        return order.compactMap { area in
            guard let list = byArea[area.id] else { return nil }
            var byWeek: [ISOWeek: (answers: Int, sum: Double)] = [:]
            for row in list where row.answers > 0 {
                let sum = byWeek[row.week] ?? (0, 0)
                byWeek[row.week] = (sum.answers + row.answers, sum.sum + Double(row.scoreTotal))
            }
            let safety = AreaSafety(
                area: area,
                weeks: weeks.map { week in
                    let w = byWeek[week]
                    return AreaSafety.Week(week: week, answers: w?.answers ?? 0, mean: w.map { $0.sum / Double($0.answers) })
                })
            return safety.answers > 0 ? safety : nil
        }
    }

    static func resolve(_ row: PeriodIncidentRow, areas: [Area], options: PeriodReportOptions) -> ReportIncident {
        ReportIncident(
            row: row, areaName: areas.first { $0.id == row.area }?.name ?? row.area,
            categoryNames: row.categories.map { code in options.categories.first { $0.code == code }?.name ?? code },
            organisationName: options.organisations.first { $0.id == row.organisation }?.name ?? row.organisation,
            reportedOn: LocalDate(row.receivedAt, in: options.timeZone))
    }
}

/// Weekly counts and the halves of one series, on the report's weeks.
struct SeriesCounter {
    let weeks: [ISOWeek]
    let index: [ISOWeek: Int]
    let firstHalf: DateRange
    let secondHalf: DateRange?

    init(weeks: [ISOWeek], firstHalf: DateRange, secondHalf: DateRange?) {
        self.weeks = weeks
        self.index = Dictionary(uniqueKeysWithValues: weeks.enumerated().map { ($1, $0) })
        self.firstHalf = firstHalf
        self.secondHalf = secondHalf
    }

    func summary(_ incidents: [PeriodIncidentRow]) -> SeriesSummary {
        var weekly = Array(repeating: 0, count: weeks.count)
        var before = 0, after = 0
        for row in incidents {
            if let at = index[row.date.isoWeek] { weekly[at] += 1 }
            if firstHalf.contains(row.date) { before += 1 } else if secondHalf?.contains(row.date) == true { after += 1 }
        }
        let change = secondHalf.flatMap {
            RateRatio.exact(before: before, beforeWeeks: firstHalf.weeks, after: after, afterWeeks: $0.weeks)
        }
        return SeriesSummary(total: incidents.count, weekly: weekly, change: change)
    }
}
