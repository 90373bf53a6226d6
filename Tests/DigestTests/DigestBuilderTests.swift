import Digest
import Domain
import Foundation
import GRDB
import Statistics
import Storage
import Testing

/// The digest's numbers against independent SQL over the seeded database.
@Suite struct DigestBuilderTests {
    let week = DigestWorld.week

    func digest(_ world: DigestWorld, now: Date = DigestWorld.closedNow) throws -> Digest {
        try DigestBuilder.build(store: world.store, week: week, options: world.options, now: now)
    }

    func count(_ world: DigestWorld, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try world.store.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }

    @Test func seedWentThroughThePipeline() async throws {
        let world = try await DigestWorld.shared()
        #expect(world.statuses["accepted", default: 0] > 50)
        #expect(world.statuses["rejected"] == 1)
        #expect(world.statuses["quarantined"] == 6)
        let weeks = try count(world, "SELECT COUNT(DISTINCT week) FROM incidents")
        #expect(weeks == 12)
        #expect(try count(world, "SELECT COUNT(*) FROM incidents") == world.seeded.count)
    }

    @Test func areaCountsMatchSQL() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        #expect(d.week == week)
        #expect(d.partialWeek == false)
        #expect(d.trendWeeks.count == 12 && d.trendWeeks.first == DigestWorld.firstWeek && d.trendWeeks.last == week)
        #expect(d.baselineWeeks == (1...8).reversed().map { week.adding(weeks: -$0) })
        #expect(d.areas.map(\.area.id) == ["raby", "hammarby", "backby-skalby"])
        let sql = "SELECT COUNT(*) FROM incidents WHERE area = ? AND week = ?"
        for area in d.areas {
            let id = area.area.id
            #expect(area.counts.thisWeek == (try count(world, sql, [id, week.description])), "\(id)")
            #expect(area.counts.lastWeek == (try count(world, sql, [id, week.adding(weeks: -1).description])), "\(id)")
            let baseline = try count(world, "SELECT COUNT(*) FROM incidents WHERE area = ? AND week >= ? AND week <= ?",
                                     [id, week.adding(weeks: -8).description, week.adding(weeks: -1).description])
            #expect(abs(area.counts.baselineMean - Double(baseline) / 8) < 1e-9, "\(id)")
            let trend = try d.trendWeeks.map { try count(world, sql, [id, $0.description]) }
            #expect(area.counts.trend == trend, "\(id)")
        }
        #expect(d.total.thisWeek == (try count(world, "SELECT COUNT(*) FROM incidents WHERE week = ?", [week.description])))
        #expect(d.total.trend == (0..<12).map { i in d.areas.reduce(0) { $0 + $1.counts.trend[i] } })
        // The late report dated in week 35 counts for week 35, not for the week it was sent in.
        #expect(d.areas.first { $0.area.id == "hammarby" }!.counts.lastWeek
                    == world.seeded.filter { $0.area == "hammarby" && $0.week == week.adding(weeks: -1) }.count)
        #expect(d.incidentCount == d.total.thisWeek)
    }

    @Test func categoryCountsMatchSQL() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        let sql = """
            SELECT COUNT(*) FROM incidents i JOIN incident_categories c ON c.incident = i.id
            WHERE i.area = ? AND c.code = ? AND i.week = ?
            """
        for area in d.areas {
            // Every category seen in the trend weeks is listed, and no other.
            let codes = try world.store.read { db in
                try String.fetchAll(db, sql: """
                    SELECT DISTINCT c.code FROM incidents i JOIN incident_categories c ON c.incident = i.id
                    WHERE i.area = ? AND i.week >= ? AND i.week <= ?
                    """, arguments: [area.area.id, d.trendWeeks.first!.description, week.description])
            }
            #expect(Set(area.categories.map(\.category.code)) == Set(codes), "\(area.area.id)")
            for category in area.categories {
                let code = category.category.code
                let trend = try d.trendWeeks.map { try count(world, sql, [area.area.id, code, $0.description]) }
                #expect(category.counts.trend == trend, "\(area.area.id) \(code)")
                #expect(category.counts.thisWeek == trend.last)
                #expect(category.counts.lastWeek == trend[10])
                let baseline = try (1...8).map { try count(world, sql, [area.area.id, code, week.adding(weeks: -$0).description]) }
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
        #expect(expected[ "raby/" + SeedWriter.hotspotID] == 6)
        #expect(d.hotspots.count == expected.count)
        for h in d.hotspots {
            let ids = Set(world.seeded.filter { $0.area == h.area.id && $0.week >= week.adding(weeks: -3) && $0.week <= week
                && Self.fold($0.place) == h.key }.map(\.placeID))
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
        func weekdays(_ from: ISOWeek, _ to: ISOWeek) throws -> [Int] {
            // SQLite: %w is 0 for Sunday.
            let rows = try world.store.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT CAST(strftime('%w', date) AS INTEGER) AS d, COUNT(*) AS n FROM incidents
                    WHERE week >= ? AND week <= ? GROUP BY d
                    """, arguments: [from.description, to.description])
            }
            var out = Array(repeating: 0, count: 7)
            for row in rows { out[((row["d"] as Int) + 6) % 7] = row["n"] }
            return out
        }
        func parts(_ from: ISOWeek, _ to: ISOWeek) throws -> [String: Int] {
            let rows = try world.store.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT CASE
                        WHEN time_of_day IS NOT NULL THEN time_of_day
                        WHEN time_from IS NULL THEN 'unknown'
                        WHEN CAST(substr(time_from, 1, 2) AS INTEGER) < 6 THEN 'natt'
                        WHEN CAST(substr(time_from, 1, 2) AS INTEGER) < 10 THEN 'morgon'
                        WHEN CAST(substr(time_from, 1, 2) AS INTEGER) < 12 THEN 'formiddag'
                        WHEN CAST(substr(time_from, 1, 2) AS INTEGER) < 18 THEN 'eftermiddag'
                        ELSE 'kvall' END AS b, COUNT(*) AS n
                    FROM incidents WHERE week >= ? AND week <= ? GROUP BY b
                    """, arguments: [from.description, to.description])
            }
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["b"] as String, $0["n"] as Int) })
        }
        #expect(d.timing.weekdaysThisWeek == (try weekdays(week, week)))
        #expect(d.timing.weekdaysLong == (try weekdays(long[0], week)))
        let thisWeek = try parts(week, week), longParts = try parts(long[0], week)
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
            let full = try count(world, "SELECT COUNT(*) FROM reports WHERE organisation = ? AND week = ? AND status = 'accepted' AND zero_report = 0", [id, week.description])
            let zero = try count(world, "SELECT COUNT(*) FROM reports WHERE organisation = ? AND week = ? AND status = 'accepted' AND zero_report = 1", [id, week.description])
            let expected: OrganisationReporting.Status = full > 0 ? .reported : zero > 0 ? .zeroReport : .missing
            #expect(r.status == expected, "\(id)")
            let incidents = try count(world, """
                SELECT COUNT(*) FROM incidents i JOIN reports r ON r.id = i.report
                WHERE r.organisation = ? AND r.week = ? AND r.status = 'accepted'
                """, [id, week.description])
            #expect(r.incidents == incidents, "\(id)")
            #expect(r.rejected == (try count(world, "SELECT COUNT(*) FROM reports WHERE organisation = ? AND week = ? AND status = 'rejected'", [id, week.description])))
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
            let refs = try world.store.read { db in
                try String.fetchAll(db, sql: "SELECT ref FROM incidents WHERE area = ? AND week = ?", arguments: [area.area.id, week.description])
            }
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
        // The same series from SeriesReader gives the same flags (what the alert evaluation sees).
        let history = try SeriesReader.weekly(store: world.store, area: "raby", category: "KLOT",
                                              from: DigestWorld.firstWeek, to: week)
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
        #expect(ops.failingRecipients.count == (try count(world, "SELECT COUNT(*) FROM failing_recipients")))
        // Held replies: Tuesday ×2, Sunday 23:30 and Monday 00:10 local are in the week; not
        // Sunday 23:50 of week 35 nor Monday 00:30 of week 37.
        #expect(ops.heldReplyCount == 4)
        #expect(ops.heldReplies.map(\.reason) == ["hourly-cap", "recipient-cap"] || ops.heldReplies.map(\.reason) == ["recipient-cap", "hourly-cap"])
        #expect(ops.heldReplies.first { $0.reason == "recipient-cap" }?.recipients == ["rektor@rabyskolan.example"])
        // Quarantine: four of the six in the local week, whatever the UTC date says.
        #expect(ops.quarantined == 4)
        let start = week.monday.start(in: DigestWorld.timeZone), end = week.sunday.adding(days: 1).start(in: DigestWorld.timeZone)
        #expect(ops.quarantined == (try count(world, "SELECT COUNT(*) FROM messages WHERE status = 'quarantined' AND received_at >= ? AND received_at < ?", [start, end])))
        #expect(ops.quarantineReasons.map(\.reason) == ["bad-from"])
    }

    @Test func seriesReaderMatchesSQL() async throws {
        let world = try await DigestWorld.shared()
        let from = DigestWorld.firstWeek
        for (area, category) in [(nil, nil), ("raby", nil), ("hammarby", "STOK"), (nil, "KLOT"), ("backby-skalby", "SKRP")] as [(String?, String?)] {
            let series = try SeriesReader.weekly(store: world.store, area: area, category: category, from: from, to: week)
            #expect(series.firstWeek == from)
            #expect(series.counts.count == 12)
            for (i, n) in series.counts.enumerated() {
                var sql = "SELECT COUNT(*) FROM incidents i WHERE i.week = ?"
                var args: StatementArguments = [from.adding(weeks: i).description]
                if let area { sql += " AND i.area = ?"; args += [area] }
                if let category { sql += " AND i.id IN (SELECT incident FROM incident_categories WHERE code = ?)"; args += [category] }
                #expect(n == (try count(world, sql, args)), "\(area ?? "*")/\(category ?? "*") week \(i)")
            }
        }
        // Weeks without data are zeros, and a range across the new year is consecutive.
        let later = try SeriesReader.weekly(store: world.store, area: nil, category: nil,
                                            from: ISOWeek(year: 2018, week: 50), to: ISOWeek(year: 2019, week: 3))
        #expect(later.counts == Array(repeating: 0, count: 6), "2018 has 52 weeks")
        let empty = try SeriesReader.weekly(store: world.store, area: nil, category: nil, from: week, to: DigestWorld.firstWeek)
        #expect(empty.counts.isEmpty)
    }

    @Test func trendTableForTheTerminal() async throws {
        let world = try await DigestWorld.shared()
        let table = try TrendTable.render(store: world.store, area: "Råby", category: "klotter", weeks: 12, endingAt: week,
                                          options: world.options)
        let series = try SeriesReader.weekly(store: world.store, area: "raby", category: "KLOT",
                                             from: DigestWorld.firstWeek, to: week)
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
        let all = try TrendTable.render(store: world.store, area: nil, category: nil, weeks: 4, endingAt: week, options: world.options)
        #expect(all.split(separator: "\n").filter { $0.hasPrefix("2018-W") }.count == 4)
        #expect(throws: (any Error).self) {
            try TrendTable.render(store: world.store, area: "Västerås", category: nil, weeks: 4, endingAt: week, options: world.options)
        }
        #expect(throws: (any Error).self) {
            try TrendTable.render(store: world.store, area: nil, category: "XYZ", weeks: 4, endingAt: week, options: world.options)
        }
    }

    @Test func emptyDatabaseGivesAnEmptyDigest() async throws {
        let world = try await DigestWorld.shared()
        let dir = try DigestWorld.temporaryDirectory("empty")
        let store = try GatewayStore(path: dir.appendingPathComponent("empty.sqlite").path)
        let d = try DigestBuilder.build(store: store, week: week, options: world.options, now: DigestWorld.closedNow)
        #expect(d.total.trend == Array(repeating: 0, count: 12))
        #expect(d.hotspots.isEmpty && d.spikes.isEmpty && d.incidentCount == 0)
        #expect(d.reporting.allSatisfy { $0.status == .missing && $0.weeksMissing == nil })
        let renderer = try DigestRenderer(templatesDirectory: DigestWorld.templates)
        #expect(renderer.text(d, language: .swedish).contains("Inga händelser v.36"))
        // Across the new year, including a 53-week year (2020).
        let newYear = try DigestBuilder.build(store: store, week: ISOWeek(year: 2021, week: 2), options: world.options,
                                              now: DigestWorld.closedNow)
        #expect(newYear.trendWeeks.count == 12 && newYear.trendWeeks.contains(ISOWeek(year: 2020, week: 53)))
        #expect(newYear.trendWeeks.first == ISOWeek(year: 2020, week: 44))
        #expect(newYear.partialWeek, "built in 2018 for a week in 2021")
        let turn = try DigestBuilder.build(store: store, week: ISOWeek(year: 2019, week: 1), options: world.options,
                                           now: DigestWorld.closedNow)
        let text = renderer.text(turn, language: .swedish)
        #expect(text.contains("31 december 2018–6 januari 2019"))
        #expect(text.contains("v.42 2018–v.1 2019"))
        #expect(renderer.subject(turn, language: .swedish) == "EST lägesbild v.1 2019")
        try? FileManager.default.removeItem(at: dir)
    }

    /// A year of a busy installation (about 20,000 incidents), written straight into the tables.
    @Test func buildTimeOnAYearOfData() async throws {
        let world = try await DigestWorld.shared()
        let dir = try DigestWorld.temporaryDirectory("year")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GatewayStore(path: dir.appendingPathComponent("year.sqlite").path)
        var random = SplitMix(seed: 7)
        let areas = ["raby", "hammarby", "backby-skalby"], codes = world.settings.categories.map(\.code)
        let first = week.adding(weeks: -51)
        try store.write { db in
            var serial = 0
            for w in 0..<52 {
                let reportWeek = first.adding(weeks: w)
                for organisation in ["mimer", "rabyskolan", "ica-backby", "nordic-guard"] {
                    serial += 1
                    try db.execute(sql: """
                        INSERT INTO messages (sha256, message_id, sender, organisation, size, raw, received_at, status, stored_at)
                        VALUES (?, ?, 'x@example', ?, 1, x'00', ?, 'accepted', ?)
                        """, arguments: ["sha\(serial)", "m\(serial)", organisation, reportWeek.sunday.start(in: DigestWorld.timeZone),
                                         reportWeek.sunday.start(in: DigestWorld.timeZone)])
                    try db.execute(sql: """
                        INSERT INTO reports (message, organisation, sender, status, week, zero_report, redacted, created_at)
                        VALUES (?, ?, 'x@example', 'accepted', ?, 0, 0, ?)
                        """, arguments: [db.lastInsertedRowID, organisation, reportWeek.description, Date()])
                    let report = db.lastInsertedRowID
                    for seq in 0..<96 {
                        let date = reportWeek.monday.adding(days: random.next(7))
                        let code = codes[random.next(codes.count)]
                        try db.execute(sql: """
                            INSERT INTO incidents (ref, report, seq, area, place, date, week, time_from, categories, description, redacted)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Beskrivning.', 0)
                            """, arguments: ["EST-\(serial)-\(seq)", report, seq, areas[random.next(3)], "Plats \(random.next(60))",
                                             date.iso, date.isoWeek.description, random.next(3) == 0 ? nil : "\(10 + random.next(14)):00", code])
                        try db.execute(sql: "INSERT INTO incident_categories (incident, code) VALUES (?, ?)", arguments: [db.lastInsertedRowID, code])
                    }
                }
            }
        }
        // How long this takes is measured by `est-bench digest`, not here.
        let d = try DigestBuilder.build(store: store, week: week, options: world.options, now: DigestWorld.closedNow)
        let incidents = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incidents") ?? 0 }
        let inWeek = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incidents WHERE week = ?", arguments: [week.description]) ?? 0
        }
        #expect(incidents == 52 * 4 * 96)
        #expect(d.total.thisWeek == inWeek)
    }
}
