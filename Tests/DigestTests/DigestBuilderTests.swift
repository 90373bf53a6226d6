import Digest
import Domain
import Foundation
import MailServerHarness
import Statistics
import Storage
import Testing

/// The incidents as `export` lists them (one plain query, no grouping): the tests count in Swift
/// what the digest counts with grouped SQL, and the seed says what the store should hold.
struct Exported {
    let rows: [(incident: Incident, ref: String, week: ISOWeek, organisation: String)]

    init(_ store: GatewayStore) throws {
        rows = try store.incidents(IncidentQuery()).map { ($0.incident, $0.ref, ISOWeek($0.week)!, $0.organisation) }
    }

    func count(area: String? = nil, category: String? = nil, from: ISOWeek, to: ISOWeek) -> Int {
        rows.filter { row in
            row.week >= from && row.week <= to && (area.map { row.incident.area == $0 } ?? true)
                && (category.map { row.incident.categories.contains($0) } ?? true)
        }.count
    }

    func count(area: String? = nil, category: String? = nil, week: ISOWeek) -> Int {
        count(area: area, category: category, from: week, to: week)
    }
}

/// The digest's numbers against independent counts over the seeded database.
@Suite struct DigestBuilderTests {
    let week = DigestWorld.week

    func digest(_ world: DigestWorld, now: Date = DigestWorld.closedNow) throws -> Digest {
        try DigestBuilder.build(week: week, options: world.options, now: now, read: world.store.digestInput)
    }

    @Test func seedWentThroughThePipeline() async throws {
        let world = try await DigestWorld.shared()
        #expect(world.statuses["accepted", default: 0] > 50)
        #expect(world.statuses["rejected"] == 1)
        #expect(world.statuses["quarantined"] == 6)
        let exported = try Exported(world.store)
        #expect(Set(exported.rows.map(\.week)).count == 12)
        #expect(exported.rows.count == world.seeded.count)
    }

    @Test func areaCountsMatchSQL() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        #expect(d.week == week)
        #expect(d.partialWeek == false)
        #expect(d.trendWeeks.count == 12 && d.trendWeeks.first == DigestWorld.firstWeek && d.trendWeeks.last == week)
        #expect(d.baselineWeeks == (1...8).reversed().map { week.adding(weeks: -$0) })
        #expect(d.areas.map(\.area.id) == ["raby", "hammarby", "backby-skalby"])
        let exported = try Exported(world.store)
        for area in d.areas {
            let id = area.area.id
            #expect(area.counts.thisWeek == exported.count(area: id, week: week), "\(id)")
            #expect(area.counts.lastWeek == exported.count(area: id, week: week.adding(weeks: -1)), "\(id)")
            let baseline = exported.count(area: id, from: week.adding(weeks: -8), to: week.adding(weeks: -1))
            #expect(abs(area.counts.baselineMean - Double(baseline) / 8) < 1e-9, "\(id)")
            let trend = d.trendWeeks.map { exported.count(area: id, week: $0) }
            #expect(area.counts.trend == trend, "\(id)")
        }
        #expect(d.total.thisWeek == exported.count(week: week))
        #expect(d.total.trend == (0..<12).map { i in d.areas.reduce(0) { $0 + $1.counts.trend[i] } })
        // The late report dated in week 35 counts for week 35, not for the week it was sent in.
        #expect(
            d.areas.first { $0.area.id == "hammarby" }!.counts.lastWeek
                == world.seeded.filter { $0.area == "hammarby" && $0.week == week.adding(weeks: -1) }.count)
        #expect(d.incidentCount == d.total.thisWeek)
    }

    @Test func categoryCountsMatchSQL() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        let exported = try Exported(world.store)
        for area in d.areas {
            // Every category seen in the trend weeks is listed, and no other.
            let codes = exported.rows.filter { $0.incident.area == area.area.id && $0.week >= d.trendWeeks.first! && $0.week <= week }
                .flatMap(\.incident.categories)
            #expect(Set(area.categories.map(\.category.code)) == Set(codes), "\(area.area.id)")
            for category in area.categories {
                let code = category.category.code
                let trend = d.trendWeeks.map { exported.count(area: area.area.id, category: code, week: $0) }
                #expect(category.counts.trend == trend, "\(area.area.id) \(code)")
                #expect(category.counts.thisWeek == trend.last)
                #expect(category.counts.lastWeek == trend[10])
                let baseline = (1...8).map { exported.count(area: area.area.id, category: code, week: week.adding(weeks: -$0)) }
                #expect(abs(category.counts.baselineMean - Double(baseline.reduce(0, +)) / 8) < 1e-9)
                #expect(category.category.name == world.settings.categories.first { $0.code == code }!.name)
            }
            let order = area.categories.map(\.counts.thisWeek)
            #expect(order == order.sorted(by: >), "most incidents this week first")
        }
        let raby = d.areas.first { $0.area.id == "raby" }!
        #expect(raby.categories.first?.category.code == "KLOT")
    }

    @Test func recurringPlacesFoldSpelling() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        #expect(d.hotspotWeeks == (0...3).reversed().map { week.adding(weeks: -$0) })
        // Expected from what the seed wrote: real places with at least 3 incidents in weeks 33–36.
        var expected: [String: Int] = [:]
        for s in world.seeded where s.week >= week.adding(weeks: -3) && s.week <= week {
            expected[s.area + "/" + s.placeID, default: 0] += 1
        }
        expected = expected.filter { $0.value >= 3 }
        #expect(expected["raby/" + SeedWriter.hotspotID] == 6)
        #expect(d.hotspots.count == expected.count)
        for h in d.hotspots {
            let ids = Set(
                world.seeded.filter {
                    $0.area == h.area.id && $0.week >= week.adding(weeks: -3) && $0.week <= week
                        && Self.fold($0.place) == h.key
                }.map(\.placeID))
            #expect(ids.count == 1, "one real place per hotspot: \(h.place) → \(ids)")
            #expect(expected[h.area.id + "/" + ids.first!] == h.count, "\(h.place)")
            #expect(h.count >= 3)
        }
        let top = try #require(d.hotspots.first)
        #expect(top.area.id == "raby" && top.count == 6 && top.key == "rabyvagen 12 trapphus b")
        #expect(SeedWriter.hotspotSpellings.contains(top.place))
        #expect(top.categories.first?.code == "KLOT")
        // Weeks 27–29 are outside the window.
        #expect(!d.hotspots.contains { $0.place.contains("kiosken") })
        #expect(d.hotspots.map(\.count) == d.hotspots.map(\.count).sorted(by: >))
    }

    /// The test's own folding: lower case, å/ä→a, ö→o, punctuation out, spaces collapsed.
    static func fold(_ s: String) -> String {
        let mapped = s.lowercased().map { c -> String in
            switch c {
            case "å", "ä": return "a"
            case "ö": return "o"
            case "é": return "e"
            case ",", ".", "–", "-": return " "
            default: return String(c)
            }
        }.joined()
        return mapped.split(separator: " ").joined(separator: " ")
    }

    @Test func timingMatchesSQL() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        let long = (0...7).reversed().map { week.adding(weeks: -$0) }
        #expect(d.timing.longWeeks == long)
        let exported = try Exported(world.store)
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        func weekdays(_ from: ISOWeek, _ to: ISOWeek) -> [Int] {
            var out = Array(repeating: 0, count: 7)
            for row in exported.rows where row.week >= from && row.week <= to {
                let d = row.incident.date
                let date = gregorian.date(from: DateComponents(year: d.year, month: d.month, day: d.day))!
                // Calendar: 1 is Sunday; the digest counts Monday first.
                out[(gregorian.component(.weekday, from: date) + 5) % 7] += 1
            }
            return out
        }
        func parts(_ from: ISOWeek, _ to: ISOWeek) -> [String: Int] {
            var out: [String: Int] = [:]
            for row in exported.rows where row.week >= from && row.week <= to {
                let bucket: String
                if let part = row.incident.timeOfDay {
                    bucket = part.rawValue
                } else if let time = row.incident.timeFrom, let hour = Int(time.prefix(2)) {
                    bucket = hour < 6 ? "natt" : hour < 10 ? "morgon" : hour < 12 ? "formiddag" : hour < 18 ? "eftermiddag" : "kvall"
                } else {
                    bucket = "unknown"
                }
                out[bucket, default: 0] += 1
            }
            return out
        }
        #expect(d.timing.weekdaysThisWeek == weekdays(week, week))
        #expect(d.timing.weekdaysLong == weekdays(long[0], week))
        let thisWeek = parts(week, week), longParts = parts(long[0], week)
        for (i, bucket) in TimeBucket.allCases.enumerated() {
            #expect(d.timing.partsThisWeek[i] == thisWeek[bucket.rawValue, default: 0], "\(bucket)")
            #expect(d.timing.partsLong[i] == longParts[bucket.rawValue, default: 0], "\(bucket)")
        }
        #expect(d.timing.partsLong[TimeBucket.allCases.firstIndex(of: .unknown)!] > 0, "the seed has incidents without a time")
        #expect(d.timing.partsLong[TimeBucket.allCases.firstIndex(of: .dag)!] > 0, "Nordic Guard writes 'dag'")
        #expect(d.timing.weekdaysLong.reduce(0, +) == d.timing.partsLong.reduce(0, +))
    }

    @Test func reportingMatchesSQL() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        let expectedWeekly = world.settings.organisations.filter(\.expectedWeekly).map(\.id)
        #expect(d.reporting.map(\.organisation.id) == expectedWeekly)
        for r in d.reporting {
            let id = r.organisation.id
            let sent = world.reports.filter { $0.organisation == id && $0.week == week }
            let full = sent.filter { $0.status == "accepted" && !$0.zeroReport }.count
            let zero = sent.filter { $0.status == "accepted" && $0.zeroReport }.count
            let expected: OrganisationReporting.Status = full > 0 ? .reported : zero > 0 ? .zeroReport : .missing
            #expect(r.status == expected, "\(id)")
            #expect(r.incidents == sent.reduce(0) { $0 + $1.incidents }, "\(id)")
            #expect(r.rejected == sent.filter { $0.status == "rejected" }.count)
        }
        let by = Dictionary(uniqueKeysWithValues: d.reporting.map { ($0.organisation.id, $0) })
        #expect(by["mimer"]?.status == .reported && by["mimer"]?.weeksMissing == 0)
        #expect(by["rabyskolan"]?.status == .zeroReport && by["rabyskolan"]?.weeksMissing == 0)
        #expect(by["hammarby-fritidsgard"]?.status == .missing)
        #expect(by["hammarby-fritidsgard"]?.weeksMissing == 3, "last report in week 33: weeks 34, 35, 36 missing")
        #expect(by["hammarby-fritidsgard"]?.lastReported == ISOWeek(year: 2018, week: 33))
        #expect(by["ica-backby"]?.status == .reported && by["ica-backby"]?.rejected == 1)
        #expect(by["polisen"]?.status == .missing && by["polisen"]?.weeksMissing == nil && by["polisen"]?.lastReported == nil)
    }

    @Test func weekIncidentsListed() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        for area in d.areas {
            let refs = try Exported(world.store).rows.filter { $0.incident.area == area.area.id && $0.week == week }.map(\.ref)
            #expect(Set(area.incidents.map(\.reference)) == Set(refs))
            #expect(area.incidents.map(\.date) == area.incidents.map(\.date).sorted())
            for i in area.incidents {
                #expect(i.description.count <= world.options.descriptionLength)
                #expect(!i.categories.isEmpty && i.categories.allSatisfy { $0.name != $0.code })
                #expect(i.date.isoWeek == week)
            }
        }
        let long = d.areas.flatMap(\.incidents).filter { $0.description.hasSuffix("…") }
        #expect(!long.isEmpty, "the seed has descriptions longer than 120 characters")
    }

    @Test func spikeFlagsTheGraffitiWave() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        let klotter = d.spikes.filter { $0.area.id == "raby" && $0.category?.code == "KLOT" }
        #expect(!klotter.isEmpty, "flags: \(d.spikes.map { "\($0.area.id)/\($0.category?.code ?? "-")" })")
        for spike in d.spikes {
            #expect(spike.flag.week == week)
            #expect(spike.flag.partialWeek == false)
            #expect(Double(spike.flag.observed) > spike.flag.expected)
            // The flag's count is the week's count of that series.
            let area = d.areas.first { $0.area.id == spike.area.id }!
            let counts = spike.category.map { c in area.categories.first { $0.category.code == c.code }!.counts } ?? area.counts
            #expect(spike.flag.observed == counts.thisWeek)
        }
        // The same series from the store's weekly counts gives the same flags (what the alert evaluation sees).
        let history = WeeklySeries(
            firstWeek: DigestWorld.firstWeek,
            counts: try world.store.weeklyCounts(
                area: "raby", category: "KLOT", from: DigestWorld.firstWeek, to: week))
        let direct = SpikeDetector(parameters: world.options.spike).evaluate(history, week: week, partial: false)
        #expect(direct.map(\.observed) == klotter.map(\.flag.observed))
        #expect(direct.map(\.method) == klotter.map(\.flag.method))
    }

    @Test func partialWeekWhenBuiltBeforeItEnds() async throws {
        let world = try await DigestWorld.shared()
        let thursday = DigestWorld.local(week.monday.adding(days: 3), 12)
        let d = try digest(world, now: thursday)
        #expect(d.partialWeek)
        #expect(d.spikes.allSatisfy { $0.flag.partialWeek })
        let lastSecond = week.sunday.adding(days: 1).start(in: DigestWorld.timeZone).addingTimeInterval(-1)
        let open = try digest(world, now: lastSecond)
        #expect(open.partialWeek)
        let closed = try digest(world, now: lastSecond.addingTimeInterval(1))
        #expect(closed.partialWeek == false)
    }

    @Test func operationsUseLocalWeek() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        let ops = d.operations
        #expect(ops.failingRecipients.map(\.address) == ["old-contact@mimer.example", "fritidsgard.hammarby@vasteras.example"])
        #expect(ops.failingRecipients.count == (try world.store.failingRecipients().count))
        // Held replies: Tuesday ×2, Sunday 23:30 and Monday 00:10 local are in the week; not
        // Sunday 23:50 of week 35 nor Monday 00:30 of week 37.
        #expect(ops.heldReplyCount == 4)
        #expect(
            ops.heldReplies.map(\.reason) == ["hourly-cap", "recipient-cap"]
                || ops.heldReplies.map(\.reason) == ["recipient-cap", "hourly-cap"])
        #expect(ops.heldReplies.first { $0.reason == "recipient-cap" }?.recipients == ["rektor@rabyskolan.example"])
        // Quarantine: four of the six in the local week, whatever the UTC date says.
        #expect(ops.quarantined == 4)
        let start = week.monday.start(in: DigestWorld.timeZone), end = week.sunday.adding(days: 1).start(in: DigestWorld.timeZone)
        #expect(ops.quarantined == world.quarantinedAt.filter { $0 >= start && $0 < end }.count)
        #expect(ops.quarantineReasons.map(\.reason) == ["bad-from"])
    }

    @Test func weeklyCountsMatchTheExport() async throws {
        let world = try await DigestWorld.shared()
        let from = DigestWorld.firstWeek
        let exported = try Exported(world.store)
        for (area, category) in [(nil, nil), ("raby", nil), ("hammarby", "STOK"), (nil, "KLOT"), ("backby-skalby", "SKRP")]
            as [(String?, String?)]
        {
            let counts = try world.store.weeklyCounts(area: area, category: category, from: from, to: week)
            #expect(counts.count == 12)
            for (i, n) in counts.enumerated() {
                #expect(
                    n == exported.count(area: area, category: category, week: from.adding(weeks: i)),
                    "\(area ?? "*")/\(category ?? "*") week \(i)")
            }
        }
        // Weeks without data are zeros, and a range across the new year is consecutive.
        let later = try world.store.weeklyCounts(
            area: nil, category: nil, from: ISOWeek(year: 2018, week: 50), to: ISOWeek(year: 2019, week: 3))
        #expect(later == Array(repeating: 0, count: 6), "2018 has 52 weeks")
        let empty = try world.store.weeklyCounts(area: nil, category: nil, from: week, to: DigestWorld.firstWeek)
        #expect(empty.isEmpty)
    }

    @Test func trendTableForTheTerminal() async throws {
        let world = try await DigestWorld.shared()
        let table = try TrendTable.render(
            area: "Råby", category: "klotter", weeks: 12, endingAt: week,
            options: world.options, counts: world.store.weeklyCounts)
        let series = WeeklySeries(
            firstWeek: DigestWorld.firstWeek,
            counts: try world.store.weeklyCounts(
                area: "raby", category: "KLOT", from: DigestWorld.firstWeek, to: week))
        #expect(table.contains("Råby, Klotter (KLOT)"))
        #expect(table.contains(Sparkline.render(series.counts)))
        let rows = table.split(separator: "\n").filter { $0.hasPrefix("2018-W") }
        #expect(rows.count == 12)
        for (row, n) in zip(rows, series.counts) {
            let cells = row.split(separator: " ", omittingEmptySubsequences: true)
            #expect(Int(cells[2]) == n, "\(row)")
        }
        #expect(table.contains("totalt \(series.counts.reduce(0, +))"))
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 78 })
        let all = try TrendTable.render(
            area: nil, category: nil, weeks: 4, endingAt: week, options: world.options, counts: world.store.weeklyCounts)
        #expect(all.split(separator: "\n").filter { $0.hasPrefix("2018-W") }.count == 4)
        #expect(throws: (any Error).self) {
            try TrendTable.render(
                area: "Västerås", category: nil, weeks: 4, endingAt: week, options: world.options, counts: world.store.weeklyCounts)
        }
        #expect(throws: (any Error).self) {
            try TrendTable.render(
                area: nil, category: "XYZ", weeks: 4, endingAt: week, options: world.options, counts: world.store.weeklyCounts)
        }
    }

    @Test func emptyDatabaseGivesAnEmptyDigest() async throws {
        let world = try await DigestWorld.shared()
        let dir = try DigestWorld.temporaryDirectory("empty")
        let store = try GatewayStore(path: dir.appendingPathComponent("empty.sqlite").path)
        let d = try DigestBuilder.build(week: week, options: world.options, now: DigestWorld.closedNow, read: store.digestInput)
        #expect(d.total.trend == Array(repeating: 0, count: 12))
        #expect(d.hotspots.isEmpty && d.spikes.isEmpty && d.incidentCount == 0 && d.safety.isEmpty)
        #expect(d.reporting.allSatisfy { $0.status == .missing && $0.weeksMissing == nil })
        let renderer = try DigestRenderer(templatesDirectory: DigestWorld.templates)
        #expect(renderer.text(d, language: .swedish).contains("Inga händelser v.36"))
        // Across the new year, including a 53-week year (2020).
        let newYear = try DigestBuilder.build(
            week: ISOWeek(year: 2021, week: 2), options: world.options,
            now: DigestWorld.closedNow, read: store.digestInput)
        #expect(newYear.trendWeeks.count == 12 && newYear.trendWeeks.contains(ISOWeek(year: 2020, week: 53)))
        #expect(newYear.trendWeeks.first == ISOWeek(year: 2020, week: 44))
        #expect(newYear.partialWeek, "built in 2018 for a week in 2021")
        let turn = try DigestBuilder.build(
            week: ISOWeek(year: 2019, week: 1), options: world.options,
            now: DigestWorld.closedNow, read: store.digestInput)
        let text = renderer.text(turn, language: .swedish)
        #expect(text.contains("31 december 2018–6 januari 2019"))
        #expect(text.contains("v.42 2018–v.1 2019"))
        #expect(renderer.subject(turn, language: .swedish) == "EST lägesbild v.1 2019")
        try? FileManager.default.removeItem(at: dir)
    }

    /// A year of a busy installation (about 20,000 incidents), written straight into the tables by the fixture builder.
    @Test func buildTimeOnAYearOfData() async throws {
        let world = try await DigestWorld.shared()
        let dir = try DigestWorld.temporaryDirectory("year")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GatewayStore(path: dir.appendingPathComponent("year.sqlite").path)
        var random = SplitMix64(seed: 7)
        let areas = ["raby", "hammarby", "backby-skalby"], codes = world.settings.categories.map(\.code)
        let first = week.adding(weeks: -51)
        var reports: [FixtureReport] = []
        for w in 0..<52 {
            let reportWeek = first.adding(weeks: w)
            for organisation in ["mimer", "rabyskolan", "ica-backby", "nordic-guard"] {
                let incidents = (0..<96).map { _ -> Incident in
                    let date = reportWeek.monday.adding(days: random.next(7))
                    return Incident(
                        area: areas[random.next(3)], place: "Plats \(random.next(60))", date: date,
                        timeFrom: random.next(3) == 0 ? nil : "\(10 + random.next(14)):00",
                        categories: [codes[random.next(codes.count)]], description: "Beskrivning.")
                }
                reports.append(
                    FixtureReport(
                        organisation: organisation, sender: "x@example", week: reportWeek,
                        receivedAt: reportWeek.sunday.start(in: DigestWorld.timeZone), incidents: incidents))
            }
        }
        try store.insertFixtures(reports)
        // How long this takes is measured by `est-bench digest`, not here.
        let d = try DigestBuilder.build(week: week, options: world.options, now: DigestWorld.closedNow, read: store.digestInput)
        let incidents = try store.incidents(IncidentQuery()).count
        let inWeek = try store.incidents(IncidentQuery(from: week.monday, to: week.sunday)).count
        #expect(incidents == 52 * 4 * 96)
        #expect(d.total.thisWeek == inWeek)
    }
}
