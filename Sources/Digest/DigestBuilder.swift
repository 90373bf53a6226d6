import Domain
import Foundation
import ReadModels
import Statistics

/// Builds a `Digest` from the rows of one consistent read (mail-rules §5). Pure: rows in, numbers out.
public enum DigestBuilder {
    /// Reads what `request` names through `read` (the store, in one snapshot) and builds the digest.
    /// - Parameters:
    ///   - week: the ISO week the digest covers (normally the week that just ended).
    ///   - now: the build time; a week not yet over at `now` is marked partial, for the spike flags too.
    public static func build(
        week: ISOWeek, options: DigestOptions, now: Date,
        read: (DigestRequest) throws -> DigestInput
    ) rethrows -> Digest {
        build(try read(request(week: week, options: options)), week: week, options: options, now: now)
    }

    /// What the digest of `week` reads: weekly counts far enough back for the trend, the baseline and
    /// the spike history; places and times for their windows; the week's instants.
    public static func request(week: ISOWeek, options: DigestOptions) -> DigestRequest {
        let tz = options.timeZone
        let countsFrom = min(
            week.adding(weeks: -(options.trendWeeks - 1)), week.adding(weeks: -max(1, options.baselineWeeks)),
            earliestSpikeHistory(week, options))
        return DigestRequest(
            week: week, countsFrom: countsFrom,
            placesFrom: week.adding(weeks: -(max(1, options.hotspotWeeks) - 1)),
            timingFrom: week.adding(weeks: -(max(1, options.timingWeeks) - 1)),
            safetyFrom: week.adding(weeks: -(options.trendWeeks - 1)),
            start: week.monday.start(in: tz), end: week.sunday.adding(days: 1).start(in: tz))
    }

    public static func build(_ input: DigestInput, week: ISOWeek, options: DigestOptions, now: Date) -> Digest {
        let tz = options.timeZone
        let weekEnd = week.sunday.adding(days: 1).start(in: tz)
        let partial = now < weekEnd

        // One table of weekly counts covers the trend, the baseline and the spike history.
        let trendFirst = week.adding(weeks: -(options.trendWeeks - 1))
        let baselineFirst = week.adding(weeks: -max(1, options.baselineWeeks))
        let historyFirst = spikeHistoryStart(week: week, firstIncidentWeek: input.firstIncidentWeek, options: options)
        let tableFirst = min(trendFirst, baselineFirst, historyFirst)
        let table = CountTable(input, weeks: ISOWeek.range(tableFirst, through: week))
        let trendWeeks = ISOWeek.range(trendFirst, through: week)
        let baselineWeeks = ISOWeek.range(baselineFirst, through: week.adding(weeks: -1))

        func counts(_ series: [Int]) -> Counts {
            let baseline = table.slice(series, from: baselineFirst, to: week.adding(weeks: -1))
            let mean = baseline.isEmpty ? 0 : Double(baseline.reduce(0, +)) / Double(baseline.count)
            let trend = table.slice(series, from: trendFirst, to: week)
            return Counts(
                thisWeek: trend.last ?? 0, lastWeek: trend.count >= 2 ? trend[trend.count - 2] : 0,
                baselineMean: mean, trend: trend)
        }

        // Areas: the configured ones, then any area id found in the data that is no longer configured.
        var areas = options.areas
        let known = Set(areas.map(\.id))
        let seen = Set(table.byArea.filter { $0.value.contains { $0 > 0 } }.keys)
        for id in seen.subtracting(known).sorted() { areas.append(Area(id: id, name: id)) }

        let weekIncidents = incidents(input.incidents, week: week, options: options)
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
            areaDigests.append(
                AreaDigest(
                    area: area, counts: counts(total), categories: categories,
                    incidents: weekIncidents[area.id] ?? []))
        }
        let everything = table.weeks.indices.map { i in areas.reduce(0) { $0 + table.series(area: $1.id)[i] } }

        let hotspotWeeks = ISOWeek.range(week.adding(weeks: -(max(1, options.hotspotWeeks) - 1)), through: week)
        let timingWeeks = ISOWeek.range(week.adding(weeks: -(max(1, options.timingWeeks) - 1)), through: week)
        let corrections = CorrectionNotes.build(input.corrections, areas: areas, categories: options.categories) { area, code, w in
            guard table.weeks.contains(w) else { return nil }
            return table.slice(table.series(area: area, category: code), from: w, to: w).first
        }
        var digest = Digest(
            week: week, generatedAt: now, timeZone: tz, partialWeek: partial,
            trendWeeks: trendWeeks, baselineWeeks: baselineWeeks, total: counts(everything),
            areas: areaDigests,
            hotspots: hotspots(input.places, areas: areas, options: options),
            hotspotWeeks: hotspotWeeks, hotspotMinimum: options.hotspotMinimum,
            timing: timing(input.timings, week: week, longWeeks: timingWeeks),
            reporting: reporting(input, week: week, options: options),
            spikes: spikes,
            operations: operations(input)
        )
        digest.corrections = corrections
        digest.safety = safety(input.safety, areas: areas, weeks: trendWeeks)
        return digest
    }

    /// The earliest week the spike detector may see: `spikeHistoryWeeks` back, and at least one more
    /// than the baseline.
    static func earliestSpikeHistory(_ week: ISOWeek, _ options: DigestOptions) -> ISOWeek {
        week.adding(weeks: -(max(options.spikeHistoryWeeks, options.baselineWeeks + 1) - 1))
    }

    /// The first week the spike detector sees: at most `spikeHistoryWeeks` back, and not before the
    /// first week with any incident (weeks before the gateway ran are not zero weeks).
    static func spikeHistoryStart(week: ISOWeek, firstIncidentWeek: ISOWeek?, options: DigestOptions) -> ISOWeek {
        guard let first = firstIncidentWeek else { return week }
        return min(week, max(earliestSpikeHistory(week, options), first))
    }

    private static func orderedCodes(_ codes: [String], options: DigestOptions) -> [String] {
        let order = Dictionary(options.categories.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        return codes.sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
    }

    // MARK: - The week's incidents

    static func incidents(_ rows: [DigestInput.IncidentRow], week: ISOWeek, options: DigestOptions) -> [String: [DigestIncident]] {
        var byArea: [String: [DigestIncident]] = [:]
        for row in rows {
            let incident = DigestIncident(
                reference: row.reference, date: row.date, timeFrom: row.timeFrom, timeTo: row.timeTo,
                partOfDay: row.partOfDay, place: TextShortening.singleLine(row.place),
                categories: row.categories.map { code in options.categories.first { $0.code == code } ?? Category(code: code, name: code) },
                description: TextShortening.shorten(row.description, to: options.descriptionLength),
                organisation: options.organisations.first { $0.id == row.organisation }?.name ?? row.organisation)
            byArea[row.area, default: []].append(incident)
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

    static func hotspots(_ rows: [DigestInput.PlaceRow], areas: [Area], options: DigestOptions) -> [Hotspot] {
        recurringPlaces(rows, areas: areas, categories: options.categories, minimum: options.hotspotMinimum)
    }

    /// Places with at least `minimum` incidents, compared folded (case, white space, punctuation, diacritics), most
    /// incidents first; the period report ranks the places of its period the same way.
    public static func recurringPlaces(_ rows: [DigestInput.PlaceRow], areas: [Area], categories: [Category], minimum: Int) -> [Hotspot] {
        struct Group {
            var spellings: [String: (count: Int, latest: LocalDate)] = [:]
            var count = 0
            var first: LocalDate
            var last: LocalDate
            var codes: [String: Int] = [:]
        }
        var groups: [String: Group] = [:]
        for row in rows {
            let place = TextShortening.singleLine(row.place)
            let key = PlaceKey.fold(place)
            guard !key.isEmpty else { continue }
            let date = row.date
            let id = row.area + "\u{1F}" + key
            var group = groups[id] ?? Group(first: date, last: date)
            group.count += 1
            group.first = min(group.first, date)
            group.last = max(group.last, date)
            let spelling = group.spellings[place] ?? (0, date)
            group.spellings[place] = (spelling.count + 1, max(spelling.latest, date))
            for code in row.categories { group.codes[code, default: 0] += 1 }
            groups[id] = group
        }
        var result: [Hotspot] = []
        for (id, group) in groups where group.count >= minimum {
            let parts = id.split(separator: "\u{1F}", maxSplits: 1).map(String.init)
            let area = areas.first { $0.id == parts[0] } ?? Area(id: parts[0], name: parts[0])
            let place = group.spellings.max { a, b in (a.value.count, a.value.latest, b.key) < (b.value.count, b.value.latest, a.key) }!.key
            let codes = group.codes.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
            result.append(
                Hotspot(
                    area: area, place: place, key: parts[1], count: group.count, firstDate: group.first,
                    lastDate: group.last,
                    categories: codes.map { code in categories.first { $0.code == code } ?? Category(code: code, name: code) }))
        }
        let areaOrder = Dictionary(areas.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        return result.sorted {
            ($1.count, areaOrder[$0.area.id] ?? Int.max, $0.key) < ($0.count, areaOrder[$1.area.id] ?? Int.max, $1.key)
        }
    }

    // MARK: - When things happen

    static func timing(_ rows: [DigestInput.TimingRow], week: ISOWeek, longWeeks: [ISOWeek]) -> Timing {
        var weekdaysThisWeek = Array(repeating: 0, count: 7), weekdaysLong = Array(repeating: 0, count: 7)
        var partsThisWeek = Array(repeating: 0, count: TimeBucket.allCases.count)
        var partsLong = partsThisWeek
        let bucketIndex = Dictionary(uniqueKeysWithValues: TimeBucket.allCases.enumerated().map { ($1, $0) })
        for row in rows {
            let bucket = TimeBucket(timeFrom: row.timeFrom, partOfDay: row.partOfDay)
            weekdaysLong[row.date.weekday - 1] += 1
            partsLong[bucketIndex[bucket]!] += 1
            if row.week == week {
                weekdaysThisWeek[row.date.weekday - 1] += 1
                partsThisWeek[bucketIndex[bucket]!] += 1
            }
        }
        return Timing(
            longWeeks: longWeeks, weekdaysThisWeek: weekdaysThisWeek, weekdaysLong: weekdaysLong,
            partsThisWeek: partsThisWeek, partsLong: partsLong)
    }

    // MARK: - Who reported

    static func reporting(_ input: DigestInput, week: ISOWeek, options: DigestOptions) -> [OrganisationReporting] {
        struct WeekState { var incidents = 0; var zero = false; var full = false; var rejected = 0 }
        var thisWeek: [String: WeekState] = [:]
        for row in input.reports {
            var state = thisWeek[row.organisation] ?? WeekState()
            if row.accepted {
                if row.zeroReport { state.zero = true } else { state.full = true }
                state.incidents += row.incidents
            } else {
                state.rejected += 1
            }
            thisWeek[row.organisation] = state
        }
        let lastWeek = input.lastReported
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
            result.append(
                OrganisationReporting(
                    organisation: organisation, status: status, incidents: state.incidents,
                    rejected: state.rejected, weeksMissing: missing, lastReported: last))
        }
        return result
    }

    /// Whole weeks from `a` to `b` (0 when equal).
    static func weeks(from a: ISOWeek, to b: ISOWeek) -> Int {
        b.monday.days(since: a.monday) / 7
    }

    // MARK: - Operations

    static func operations(_ input: DigestInput) -> Operations {
        let failing = input.failingRecipients.map {
            Operations.FailingRecipient(address: $0.address, status: $0.status, diagnostic: $0.diagnostic, since: $0.since)
        }
        var held: [String: (count: Int, recipients: Set<String>)] = [:]
        for row in input.heldReplies {
            var entry = held[row.reason] ?? (0, [])
            entry.count += 1
            entry.recipients.insert(row.recipient)
            held[row.reason] = entry
        }
        let reasons = input.quarantined.map { Operations.ReasonCount(reason: $0.reason, count: $0.count, recipients: []) }
        let quarantined = input.quarantined.reduce(0) { $0 + $1.count }
        return Operations(
            failingRecipients: failing,
            heldReplies: held.map {
                Operations.ReasonCount(reason: $0.key, count: $0.value.count, recipients: $0.value.recipients.sorted())
            }
            .sorted { ($0.count, $1.reason) > ($1.count, $0.reason) },
            quarantined: quarantined,
            quarantineReasons: reasons.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) },
            retention: input.retention)
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
