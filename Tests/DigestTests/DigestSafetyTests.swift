import Digest
import Domain
import Foundation
import ReadModels
import Storage
import Testing

/// The digest's Trygghet section against means computed here from what the seed sent.
@Suite struct DigestSafetyTests {
    let week = DigestWorld.week

    func digest(_ world: DigestWorld, week: ISOWeek = DigestWorld.week) throws -> Digest {
        try DigestBuilder.build(week: week, options: world.options, now: DigestWorld.closedNow, read: world.store.digestInput)
    }

    /// Answers and mean of one area (nil: all) in one reporting week, from the seed's own list.
    static func seeded(_ world: DigestWorld, area: String?, week: ISOWeek) -> (answers: Int, mean: Double?) {
        let scores = world.safety.filter { s in s.week == week && (area == nil || s.area == area) }.map(\.score)
        return (scores.count, scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count))
    }

    static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): abs(a - b) < 1e-9
        default: false
        }
    }

    @Test func meansAndAnswersMatchWhatTheSeedSent() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        #expect(d.safety.map(\.area.id) == ["raby", "hammarby", "backby-skalby"])
        for s in d.safety {
            #expect(s.answers.count == d.trendWeeks.count && s.means.count == d.trendWeeks.count)
            for (i, w) in d.trendWeeks.enumerated() {
                let expected = Self.seeded(world, area: s.area.id, week: w)
                #expect(s.answers[i] == expected.answers, "\(s.area.id) \(w)")
                #expect(Self.same(s.means[i], expected.mean), "\(s.area.id) \(w): \(String(describing: s.means[i]))")
            }
        }
        // The story's week 36: Råby 2 and 3, Hammarby one 5, Bäckby/Skälby silent since week 34.
        let raby = d.safety[0], hammarby = d.safety[1], backby = d.safety[2]
        #expect(raby.thisWeekAnswers == 2 && raby.thisWeekMean == 2.5)
        #expect(hammarby.thisWeekAnswers == 1 && hammarby.thisWeekMean == 5)
        #expect(backby.thisWeekAnswers == 0 && backby.thisWeekMean == nil && backby.answers.contains { $0 > 0 })
        #expect(hammarby.means.contains(nil), "weeks without answers stay gaps")
    }

    @Test func theStoreSeriesMatchesWhatTheSeedSent() async throws {
        let world = try await DigestWorld.shared()
        // Two weeks before the seed's first and one after its last: no answers there.
        let from = DigestWorld.firstWeek.adding(weeks: -2), to = week.adding(weeks: 1)
        for area in [nil, "raby", "hammarby", "backby-skalby"] as [String?] {
            let series = try world.store.weeklySafety(area: area, from: from, to: to)
            #expect(series.map(\.week) == ISOWeek.range(from, through: to))
            for entry in series {
                let expected = Self.seeded(world, area: area, week: entry.week)
                #expect(entry.answers == expected.answers && Self.same(entry.mean, expected.mean), "\(area ?? "*") \(entry.week)")
            }
            #expect(series.first?.answers == 0 && series.last?.answers == 0)
        }
        let ratings = try world.store.safetyRatings(SafetyQuery())
        #expect(ratings.count == world.safety.count)
    }

    @Test func theSectionComesAndGoesWithAnswersInTheTrendWeeks() async throws {
        let world = try await DigestWorld.shared()
        let renderer = try DigestRenderer(templatesDirectory: DigestWorld.templates)
        // Week 47's trend (weeks 36–47) still holds week 36's answers; week 48's holds none.
        let w47 = try digest(world, week: ISOWeek(year: 2018, week: 47))
        #expect(w47.safety.count == 3 && w47.safety.allSatisfy { $0.thisWeekMean == nil && $0.answers.first! == $0.answers.reduce(0, +) })
        #expect(renderer.text(w47, language: .swedish).contains("UPPLEVD TRYGGHET"))
        let w48 = try digest(world, week: ISOWeek(year: 2018, week: 48))
        #expect(w48.safety.isEmpty)
        #expect(!renderer.text(w48, language: .swedish).contains("UPPLEVD TRYGGHET"))
        #expect(!renderer.html(w48, language: .swedish).contains("Upplevd trygghet"))
        #expect(!renderer.text(w48, language: .english).contains("PERCEIVED SAFETY"))
    }

    @Test func anAreaNoLongerConfiguredIsShownAfterTheOthers() async throws {
        let world = try await DigestWorld.shared()
        var input = DigestInput()
        input.safety = [
            WeeklySafety(area: "vallby", week: week, answers: 2, scoreTotal: 7),
            WeeklySafety(area: "raby", week: week.adding(weeks: -3), answers: 1, scoreTotal: 4),
            // Outside the trend weeks: not shown, and not enough to show the section.
            WeeklySafety(area: "hammarby", week: week.adding(weeks: -12), answers: 1, scoreTotal: 1),
        ]
        let d = DigestBuilder.build(input, week: week, options: world.options, now: DigestWorld.closedNow)
        #expect(d.safety.map(\.area.id) == ["raby", "hammarby", "backby-skalby", "vallby"])
        #expect(d.safety[3].thisWeekMean == 3.5 && d.safety[0].means[8] == 4 && d.safety[1].answers.allSatisfy { $0 == 0 })
        input.safety.removeFirst(2)
        #expect(DigestBuilder.build(input, week: week, options: world.options, now: DigestWorld.closedNow).safety.isEmpty)
    }

    @Test func textShowsMeansAnswersAndTrend() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        let renderer = try DigestRenderer(templatesDirectory: DigestWorld.templates)
        for (language, title, phrase, none) in [
            (Language.swedish, "UPPLEVD TRYGGHET", "Upplevd trygghet (1 = mycket otryggt … 5 = mycket tryggt)", "inga svar"),
            (.english, "PERCEIVED SAFETY", "Perceived safety (1 = very unsafe … 5 = very safe)", "no answers"),
        ] {
            let text = renderer.text(d, language: language)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let start = try #require(lines.firstIndex(of: title), "\(language)")
            let section = lines[start...].prefix { !$0.hasPrefix("AVVIKELSER") && !$0.hasPrefix("SPIKES") }
            #expect(section.joined(separator: " ").contains(phrase), "\(language)")
            for area in d.areas {
                let row = try #require(section.first { $0.hasPrefix("  \(area.area.name) ") }, "\(area.area.name)")
                let means = d.trendWeeks.map { Self.seeded(world, area: area.area.id, week: $0).mean }
                let (answers, mean) = Self.seeded(world, area: area.area.id, week: week)
                let shown = mean.map { String(format: "%.1f", $0) }.map {
                    language == .swedish ? $0.replacingOccurrences(of: ".", with: ",") : $0
                }
                let cells = row.split(separator: " ").map(String.init)
                #expect(cells.suffix(2) == ["\(answers)", Sparkline.render(means, scale: 1...5)], "\(row)")
                #expect(cells.dropLast(2).joined(separator: " ").hasSuffix(" " + (shown ?? none)), "\(row)")
            }
            #expect(section.contains { $0.contains("2,5") } == (language == .swedish))
            #expect(section.contains { $0.contains("2.5") } == (language == .english))
        }
    }

    @Test func htmlShowsTheSectionWithItsChart() async throws {
        let world = try await DigestWorld.shared()
        let d = try digest(world)
        let html = try DigestRenderer(templatesDirectory: DigestWorld.templates).html(d, language: .swedish)
        let start = try #require(html.range(of: "Upplevd trygghet <span"))
        #expect(
            html[start.upperBound...].hasPrefix(
                #" style="font-weight:normal;font-size:13px;color:#555f6d">(1 = mycket otryggt … 5 = mycket tryggt)"#))
        let section = html[start.upperBound...]
        let end = try #require(section.range(of: "Medel av rapporternas svar")).lowerBound
        // Each area's chart labels its bars with the weekly means in order (– for none), then this week's mean.
        var cursor = section.startIndex
        for area in d.areas {
            cursor = try #require(section[cursor..<end].range(of: ">\(area.area.name)</p>"), "\(area.area.name)").upperBound
            for w in d.trendWeeks {
                let mean = Self.seeded(world, area: area.area.id, week: w).mean
                let label = mean.map { String(format: "%.1f", $0).replacingOccurrences(of: ".", with: ",") } ?? "–"
                cursor = try #require(section[cursor..<end].range(of: ">\(label)</td>"), "\(area.area.name) \(w)").upperBound
            }
        }
        #expect(section[..<end].contains(">inga svar</td>"))
        #expect(section[..<end].contains(">2,5</td>"))
    }
}
