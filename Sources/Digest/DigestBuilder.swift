import Domain
import Foundation
import GRDB
import Statistics
import Storage

/// Builds a `Digest` from storage in one consistent read (mail-rules §5).
public enum DigestBuilder {
    /// - Parameters:
    ///   - week: the ISO week the digest covers (normally the week that just ended).
    ///   - now: the build time; a week not yet over at `now` is marked partial, for the spike flags too.
    public static func build(store: GatewayStore, week: ISOWeek, options: DigestOptions, now: Date) throws -> Digest {
        try store.read { db in try build(db: db, week: week, options: options, now: now) }
    }

    /// The same inside a read the caller already holds.
    public static func build(db: Database, week: ISOWeek, options: DigestOptions, now: Date) throws -> Digest {
        let tz = options.timeZone
        let weekEnd = week.sunday.adding(days: 1).start(in: tz)
        let partial = now < weekEnd

        // One table of weekly counts covers the trend, the baseline and the spike history.
        let trendFirst = week.adding(weeks: -(options.trendWeeks - 1))
        let baselineFirst = week.adding(weeks: -max(1, options.baselineWeeks))
        let historyFirst = try spikeHistoryStart(db, week: week, options: options)
        let tableFirst = min(trendFirst, baselineFirst, historyFirst)
        let table = try CountTable(db: db, weeks: SeriesReader.weekRange(from: tableFirst, to: week))
        let trendWeeks = SeriesReader.weekRange(from: trendFirst, to: week)
        let baselineWeeks = SeriesReader.weekRange(from: baselineFirst, to: week.adding(weeks: -1))

        func counts(_ series: [Int]) -> Counts {
            let baseline = table.slice(series, from: baselineFirst, to: week.adding(weeks: -1))
            let mean = baseline.isEmpty ? 0 : Double(baseline.reduce(0, +)) / Double(baseline.count)
            let trend = table.slice(series, from: trendFirst, to: week)
            return Counts(thisWeek: trend.last ?? 0, lastWeek: trend.count >= 2 ? trend[trend.count - 2] : 0,
                          baselineMean: mean, trend: trend)
        }

        // Areas: the configured ones, then any area id found in the data that is no longer configured.
        var areas = options.areas
        let known = Set(areas.map(\.id))
        let seen = Set(table.byArea.filter { $0.value.contains { $0 > 0 } }.keys)
        for id in seen.subtracting(known).sorted() { areas.append(Area(id: id, name: id)) }

        let weekIncidents = try incidents(db, week: week, options: options)
        let detector = SpikeDetector(parameters: options.spike)
        var spikes: [Spike] = []
        var areaDigests: [AreaDigest] = []
        for area in areas {
            let total = table.series(area: area.id)
            var categories: [CategoryCounts] = []
            let codes = table.byAreaCategory[area.id].map { Array($0.keys) } ?? []
            for code in orderedCodes(codes, options: options) {
                let series = table.series(area: area.id, category: code)
                let category = options.categories.first { $0.code == code } ?? Category(code: code, name: code)
                let c = counts(series)
                if c.trend.contains(where: { $0 > 0 }) {
                    categories.append(CategoryCounts(category: category, counts: c))
                }
                let history = table.slice(series, from: historyFirst, to: week)
                for flag in detector.evaluate(WeeklySeries(firstWeek: historyFirst, counts: history), week: week, partial: partial) {
                    spikes.append(Spike(area: area, category: category, flag: flag))
                }
            }
            categories.sort { ($0.counts.thisWeek, $0.counts.trend.reduce(0, +)) > ($1.counts.thisWeek, $1.counts.trend.reduce(0, +)) }
            let history = table.slice(total, from: historyFirst, to: week)
            var areaSpikes: [Spike] = []
            for flag in detector.evaluate(WeeklySeries(firstWeek: historyFirst, counts: history), week: week, partial: partial) {
                areaSpikes.append(Spike(area: area, category: nil, flag: flag))
            }
            spikes.insert(contentsOf: areaSpikes, at: spikes.firstIndex { $0.area.id == area.id } ?? spikes.endIndex)
            areaDigests.append(AreaDigest(area: area, counts: counts(total), categories: categories,
                                          incidents: weekIncidents[area.id] ?? []))
        }
        let everything = table.weeks.indices.map { i in areas.reduce(0) { $0 + table.series(area: $1.id)[i] } }

        let hotspotWeeks = SeriesReader.weekRange(from: week.adding(weeks: -(max(1, options.hotspotWeeks) - 1)), to: week)
        let timingWeeks = SeriesReader.weekRange(from: week.adding(weeks: -(max(1, options.timingWeeks) - 1)), to: week)
        return Digest(
            week: week, generatedAt: now, timeZone: tz, partialWeek: partial,
            trendWeeks: trendWeeks, baselineWeeks: baselineWeeks, total: counts(everything),
            areas: areaDigests,
            hotspots: try hotspots(db, weeks: hotspotWeeks, areas: areas, options: options),
            hotspotWeeks: hotspotWeeks, hotspotMinimum: options.hotspotMinimum,
            timing: try timing(db, week: week, longWeeks: timingWeeks),
            reporting: try reporting(db, week: week, options: options),
            spikes: spikes,
            operations: try operations(db, week: week, timeZone: tz)
        )
    }

    /// The first week the spike detector sees: at most `spikeHistoryWeeks` back, and not before the
    /// first week with any incident (weeks before the gateway ran are not zero weeks).
    static func spikeHistoryStart(_ db: Database, week: ISOWeek, options: DigestOptions) throws -> ISOWeek {
        let earliest = week.adding(weeks: -(max(options.spikeHistoryWeeks, options.baselineWeeks + 1) - 1))
        guard let first = try String.fetchOne(db, sql: """
            SELECT MIN(i.week) FROM incidents i JOIN reports r ON r.id = i.report WHERE r.status = 'accepted'
            """).flatMap(ISOWeek.init) else { return week }
        return min(week, max(earliest, first))
    }

    private static func orderedCodes(_ codes: [String], options: DigestOptions) -> [String] {
        let order = Dictionary(options.categories.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        return codes.sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
    }

    // MARK: - The week's incidents

    static func incidents(_ db: Database, week: ISOWeek, options: DigestOptions) throws -> [String: [DigestIncident]] {
        var byArea: [String: [DigestIncident]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT i.ref, i.area, i.place, i.date, i.time_from, i.time_to, i.time_of_day, i.categories,
                   i.description, r.organisation
            FROM incidents i JOIN reports r ON r.id = i.report
            WHERE r.status = 'accepted' AND i.week = ?
            ORDER BY i.date, COALESCE(i.time_from, ''), i.ref
            """, arguments: [week.description]) {
            let codes = (row["categories"] as String).split(separator: ",").map(String.init)
            let organisationID: String = row["organisation"]
            let incident = DigestIncident(
                reference: row["ref"],
                date: LocalDate(iso: row["date"]) ?? week.monday,
                timeFrom: row["time_from"], timeTo: row["time_to"],
                partOfDay: (row["time_of_day"] as String?).flatMap(PartOfDay.init(rawValue:)),
                place: TextShortening.singleLine(row["place"]),
                categories: codes.map { code in options.categories.first { $0.code == code } ?? Category(code: code, name: code) },
                description: TextShortening.shorten(row["description"], to: options.descriptionLength),
                organisation: options.organisations.first { $0.id == organisationID }?.name ?? organisationID)
            byArea[row["area"], default: []].append(incident)
        }
        // By date, then by time of day: a clock time, or the start of the part of the day; no time last.
        func start(_ i: DigestIncident) -> String {
            if let from = i.timeFrom { return from }
            if let part = i.partOfDay { return (part.hours.lowerBound < 10 ? "0" : "") + "\(part.hours.lowerBound):00" }
            return "99"
        }
        return byArea.mapValues { list in
            list.enumerated().sorted { a, b in
                (a.element.date, start(a.element), a.offset) < (b.element.date, start(b.element), b.offset)
            }.map(\.element)
        }
    }

    // MARK: - Recurring places

    static func hotspots(_ db: Database, weeks: [ISOWeek], areas: [Area], options: DigestOptions) throws -> [Hotspot] {
        guard let first = weeks.first, let last = weeks.last else { return [] }
        struct Group {
            var spellings: [String: (count: Int, latest: LocalDate)] = [:]
            var count = 0
            var first: LocalDate
            var last: LocalDate
            var codes: [String: Int] = [:]
        }
        var groups: [String: Group] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT i.area, i.place, i.date, i.categories FROM incidents i JOIN reports r ON r.id = i.report
            WHERE r.status = 'accepted' AND i.week >= ? AND i.week <= ?
            """, arguments: [first.description, last.description]) {
            let place = TextShortening.singleLine(row["place"])
            let key = PlaceKey.fold(place)
            guard !key.isEmpty, let date = LocalDate(iso: row["date"]) else { continue }
            let area: String = row["area"]
            let id = area + "\u{1F}" + key
            var group = groups[id] ?? Group(first: date, last: date)
            group.count += 1
            group.first = min(group.first, date)
            group.last = max(group.last, date)
            let spelling = group.spellings[place] ?? (0, date)
            group.spellings[place] = (spelling.count + 1, max(spelling.latest, date))
            for code in (row["categories"] as String).split(separator: ",") { group.codes[String(code), default: 0] += 1 }
            groups[id] = group
        }
        var result: [Hotspot] = []
        for (id, group) in groups where group.count >= options.hotspotMinimum {
            let parts = id.split(separator: "\u{1F}", maxSplits: 1).map(String.init)
            let area = areas.first { $0.id == parts[0] } ?? Area(id: parts[0], name: parts[0])
            let place = group.spellings.max { a, b in (a.value.count, a.value.latest, b.key) < (b.value.count, b.value.latest, a.key) }!.key
            let codes = group.codes.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
            result.append(Hotspot(area: area, place: place, key: parts[1], count: group.count, firstDate: group.first,
                                  lastDate: group.last,
                                  categories: codes.map { code in options.categories.first { $0.code == code } ?? Category(code: code, name: code) }))
        }
        let areaOrder = Dictionary(areas.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        return result.sorted {
            ($1.count, areaOrder[$0.area.id] ?? Int.max, $0.key) < ($0.count, areaOrder[$1.area.id] ?? Int.max, $1.key)
        }
    }

    // MARK: - When things happen

    static func timing(_ db: Database, week: ISOWeek, longWeeks: [ISOWeek]) throws -> Timing {
        var weekdaysThisWeek = Array(repeating: 0, count: 7), weekdaysLong = Array(repeating: 0, count: 7)
        var partsThisWeek = Array(repeating: 0, count: TimeBucket.allCases.count)
        var partsLong = partsThisWeek
        let bucketIndex = Dictionary(uniqueKeysWithValues: TimeBucket.allCases.enumerated().map { ($1, $0) })
        if let first = longWeeks.first, let last = longWeeks.last {
            for row in try Row.fetchAll(db, sql: """
                SELECT i.date, i.week, i.time_from, i.time_of_day FROM incidents i JOIN reports r ON r.id = i.report
                WHERE r.status = 'accepted' AND i.week >= ? AND i.week <= ?
                """, arguments: [first.description, last.description]) {
                guard let date = LocalDate(iso: row["date"]) else { continue }
                let bucket = TimeBucket(timeFrom: row["time_from"],
                                        partOfDay: (row["time_of_day"] as String?).flatMap(PartOfDay.init(rawValue:)))
                weekdaysLong[date.weekday - 1] += 1
                partsLong[bucketIndex[bucket]!] += 1
                if (row["week"] as String) == week.description {
                    weekdaysThisWeek[date.weekday - 1] += 1
                    partsThisWeek[bucketIndex[bucket]!] += 1
                }
            }
        }
        return Timing(longWeeks: longWeeks, weekdaysThisWeek: weekdaysThisWeek, weekdaysLong: weekdaysLong,
                      partsThisWeek: partsThisWeek, partsLong: partsLong)
    }

    // MARK: - Who reported

    static func reporting(_ db: Database, week: ISOWeek, options: DigestOptions) throws -> [OrganisationReporting] {
        struct WeekState { var incidents = 0; var zero = false; var full = false; var rejected = 0 }
        var thisWeek: [String: WeekState] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT r.organisation, r.status, r.zero_report,
                   (SELECT COUNT(*) FROM incidents i WHERE i.report = r.id) AS n
            FROM reports r WHERE r.week = ?
            """, arguments: [week.description]) {
            var state = thisWeek[row["organisation"]] ?? WeekState()
            if (row["status"] as String) == "accepted" {
                if row["zero_report"] as Bool { state.zero = true } else { state.full = true }
                state.incidents += row["n"] as Int
            } else {
                state.rejected += 1
            }
            thisWeek[row["organisation"]] = state
        }
        var lastWeek: [String: ISOWeek] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT organisation, MAX(week) AS week FROM reports WHERE status = 'accepted' AND week <= ? GROUP BY organisation
            """, arguments: [week.description]) {
            if let w = ISOWeek(row["week"] as String) { lastWeek[row["organisation"]] = w }
        }
        var result: [OrganisationReporting] = []
        for organisation in options.organisations {
            let state = thisWeek[organisation.id] ?? WeekState()
            let reportedAtAll = state.full || state.zero
            // Organisations not expected weekly are shown only in weeks they sent something.
            guard organisation.expectedWeekly || reportedAtAll || state.rejected > 0 else { continue }
            let status: OrganisationReporting.Status = state.full ? .reported : state.zero ? .zeroReport : .missing
            let last = lastWeek[organisation.id]
            var missing: Int? = nil
            if let last { missing = weeks(from: last, to: week) } else if reportedAtAll { missing = 0 }
            result.append(OrganisationReporting(organisation: organisation, status: status, incidents: state.incidents,
                                                rejected: state.rejected, weeksMissing: missing, lastReported: last))
        }
        return result
    }

    /// Whole weeks from `a` to `b` (0 when equal).
    static func weeks(from a: ISOWeek, to b: ISOWeek) -> Int {
        b.monday.days(since: a.monday) / 7
    }

    // MARK: - Operations

    static func operations(_ db: Database, week: ISOWeek, timeZone: TimeZone) throws -> Operations {
        let start = week.monday.start(in: timeZone)
        let end = week.sunday.adding(days: 1).start(in: timeZone)
        let failing = try Row.fetchAll(db, sql: "SELECT address, status, diagnostic, since FROM failing_recipients ORDER BY since, address").map {
            Operations.FailingRecipient(address: $0["address"], status: $0["status"], diagnostic: $0["diagnostic"], since: $0["since"])
        }
        var held: [String: (count: Int, recipients: Set<String>)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT reason, recipient FROM held_replies WHERE at >= ? AND at < ?", arguments: [start, end]) {
            var entry = held[row["reason"]] ?? (0, [])
            entry.count += 1
            entry.recipients.insert(row["recipient"])
            held[row["reason"]] = entry
        }
        var reasons: [Operations.ReasonCount] = []
        var quarantined = 0
        for row in try Row.fetchAll(db, sql: """
            SELECT COALESCE(reason, '') AS reason, COUNT(*) AS n FROM messages
            WHERE status = 'quarantined' AND received_at >= ? AND received_at < ? GROUP BY COALESCE(reason, '')
            """, arguments: [start, end]) {
            reasons.append(Operations.ReasonCount(reason: row["reason"], count: row["n"], recipients: []))
            quarantined += row["n"] as Int
        }
        return Operations(
            failingRecipients: failing,
            heldReplies: held.map { Operations.ReasonCount(reason: $0.key, count: $0.value.count, recipients: $0.value.recipients.sorted()) }
                .sorted { ($0.count, $1.reason) > ($1.count, $0.reason) },
            quarantined: quarantined,
            quarantineReasons: reasons.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) })
    }
}

/// The comparison form of a place: folded like names (case, diacritics, white space) and with
/// punctuation dropped, so `Råbyvägen 12, trapphus B` and `råbyvägen 12 trapphus b.` are one place.
enum PlaceKey {
    static func fold(_ place: String) -> String {
        let spaced = String(String.UnicodeScalarView(place.unicodeScalars.map { scalar -> Unicode.Scalar in
            CharacterSet.punctuationCharacters.contains(scalar) || CharacterSet.symbols.contains(scalar) ? " " : scalar
        }))
        return TextFolding.fold(spaced)
    }
}

enum TextShortening {
    /// Line breaks and runs of white space become one space.
    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }

    /// At most `limit` characters, cut at a word boundary when one is near, ending in `…`.
    static func shorten(_ text: String, to limit: Int) -> String {
        let line = singleLine(text)
        guard line.count > limit, limit > 1 else { return line }
        let cut = line.prefix(limit - 1)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) >= limit / 2 {
            return String(cut[..<space]).trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) + "…"
        }
        return String(cut) + "…"
    }
}
