import Domain
import Insatser
import ReadModels
import Testing

/// Which incident counts in which series.
@Suite struct InsatsSeriesTests {
    typealias F = Fixtures

    @Test func targetPlaceAndComparisonSplit() throws {
        var rows = Rows()
        let before = F.days("2018-08-01", "2018-08-31"), after = F.days("2018-09-10", "2018-09-30")
        rows.add(5, in: before, place: "Råby centrum")
        rows.add(3, in: before, place: "Råbyvägen 12")
        rows.add(2, in: after, place: "RABY  Centrum, vid kiosken")
        rows.add(1, in: after, place: "Råbyvägen 12")
        // The other areas are the comparison, at the place's name or not.
        rows.add(4, area: "hammarby", in: before, place: "Råby centrum")
        rows.add(6, area: "backby", in: after)
        // An area no longer configured is in no series.
        rows.add(7, area: "gamla", in: before)
        let effect = F.effect(F.insats(place: "Råby centrum"), rows)
        #expect((effect.target.before, effect.target.after) == (8, 3))
        let place = try #require(effect.place)
        #expect((place.before, place.after) == (5, 2))
        #expect((effect.comparison.before, effect.comparison.after) == (4, 6))
        #expect(effect.targetAreas == [F.raby])
        #expect(effect.comparisonAreas == [F.hammarby, F.backby])
        // The place series is measured against the same comparison as the target.
        #expect(effect.placeChange?.comparison == effect.targetChange?.comparison)
        // Oldest first, the place's incidents marked.
        #expect(effect.afterIncidents.map(\.row.place) == ["RABY  Centrum, vid kiosken", "Råbyvägen 12", "RABY  Centrum, vid kiosken"])
        #expect(effect.afterIncidents.map(\.atPlace) == [true, false, true])
        #expect(effect.afterIncidents.allSatisfy { $0.row.area == "raby" })
    }

    @Test func withoutAPlaceThereIsNoPlaceSeries() {
        var rows = Rows()
        rows.add(5, in: Rows.before, place: "Råby centrum")
        let effect = F.effect(F.insats(), rows)
        #expect(effect.place == nil && effect.placeChange == nil)
        #expect(effect.afterIncidents.allSatisfy { !$0.atPlace })
    }

    @Test func onlyTheInsatssCategoriesCountAndEachIncidentOnce() {
        var rows = Rows()
        rows.add(2, in: Rows.before, categories: ["KLOT"])
        rows.add(3, in: Rows.before, categories: ["KLOT", "SKAD"])
        rows.add(4, in: Rows.before, categories: ["NARK"])
        rows.add(1, area: "hammarby", in: Rows.after, categories: ["SKAD", "NARK"])
        rows.add(2, area: "hammarby", in: Rows.after, categories: ["NARK"])
        let effect = F.effect(F.insats(categories: ["KLOT", "SKAD"]), rows)
        #expect(effect.target.before == 5)
        #expect(effect.comparison.after == 1)
        #expect(effect.categories.map(\.name) == ["Klotter", "Skadegörelse"])
        // No categories means every category.
        let all = F.effect(F.insats(categories: []), rows)
        #expect(all.target.before == 9)
        #expect(all.comparison.after == 3)
        #expect(all.categories.isEmpty)
    }

    @Test func incidentsOutsideBothWindowsAreNotCounted() {
        var rows = Rows()
        rows.add(1, in: F.days("2018-07-08", "2018-07-08"))
        rows.add(1, in: F.days("2018-07-09", "2018-07-09"))
        rows.add(1, in: F.days("2018-10-28", "2018-10-28"))
        rows.add(1, in: F.days("2018-10-29", "2018-10-29"))
        let effect = F.effect(F.insats(), rows)
        #expect((effect.target.before, effect.target.after) == (1, 1))
        #expect(effect.afterIncidents.map(\.row.date) == [F.date("2018-10-28")])
    }

    /// Start on a Wednesday: its week is split into a before bar (Monday–Tuesday) and an after bar, and the first
    /// before bar holds only the window's days of its week.
    @Test func weeklyCountsSplitTheWeekOfStart() {
        var rows = Rows()
        rows.add(1, in: F.days("2018-09-03", "2018-09-03"))
        rows.add(2, in: F.days("2018-09-05", "2018-09-05"))
        rows.add(1, in: F.days("2018-07-11", "2018-07-11"))
        let effect = F.effect(F.insats(start: "2018-09-05"), rows, lastClosedWeek: ISOWeek(year: 2018, week: 38))
        let weekly = effect.target.weekly
        #expect(weekly.first?.days == F.days("2018-07-11", "2018-07-15"))
        #expect(weekly.first?.count == 1)
        let w36 = weekly.filter { $0.week == ISOWeek(year: 2018, week: 36) }
        #expect(w36.map(\.window) == [.before, .after])
        #expect(w36.map(\.days) == [F.days("2018-09-03", "2018-09-04"), F.days("2018-09-05", "2018-09-09")])
        #expect(w36.map(\.count) == [1, 2])
        #expect(
            weekly.map(\.week) == ISOWeek.range(ISOWeek(year: 2018, week: 28), through: ISOWeek(year: 2018, week: 36)) + [
                ISOWeek(year: 2018, week: 36), ISOWeek(year: 2018, week: 37), ISOWeek(year: 2018, week: 38),
            ])
        #expect(weekly.filter { $0.window == .before }.map(\.count).reduce(0, +) == effect.target.before)
        #expect(weekly.filter { $0.window == .after }.map(\.count).reduce(0, +) == effect.target.after)
        #expect(weekly.filter { $0.window == .before }.map(\.days.days).reduce(0, +) == 56)
    }

    @Test func notMeasuredYetHasBeforeOnly() {
        var rows = Rows()
        rows.add(12, in: F.days("2018-08-10", "2018-09-30"))
        let effect = F.effect(F.insats(start: "2018-10-03"), rows, lastClosedWeek: ISOWeek(year: 2018, week: 36))
        #expect(effect.target.before == 12 && effect.target.afterRate == nil)
        #expect(effect.targetChange == nil && effect.afterIncidents.isEmpty)
        #expect(effect.target.weekly.allSatisfy { $0.window == .before })
        #expect(effect.sentence(language: .swedish) == nil)
        #expect(effect.notMeasured(language: .swedish).contains("mätningen börjar när första veckan är slut"))
    }

    @Test func theStoreIsAskedForBothWindowsAndTheCategories() {
        let insats = F.insats(categories: ["KLOT", "SKAD"])
        let windows = InsatsWindows(insats: insats, lastClosedWeek: F.closed)
        let request = InsatsEffect.request(insats: insats, windows: windows)
        #expect(request.days == F.days("2018-07-09", "2018-10-28"))
        #expect(request.categories == ["KLOT", "SKAD"])
    }
}
