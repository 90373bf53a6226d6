import Digest
import Domain
import Foundation
import PeriodReport
import ReadModels
import Statistics
import Testing

/// The pilot report's numbers against counts made here from what the seed sent (no SQL in the tests).
@Suite struct PeriodReportBuilderTests {
    static let chartWeeks = ISOWeek.range(ISOWeek(year: 2018, week: 35), through: ISOWeek(year: 2019, week: 9))

    @Test func totalsAndWeeklySeriesPerAreaAndCategory() async throws {
        let world = try await PilotWorld.shared()
        let report = try world.report()
        let counted = world.seed.counted
        #expect(report.weeks == Self.chartWeeks)
        #expect(report.partialWeeks == [ISOWeek(year: 2018, week: 35), ISOWeek(year: 2019, week: 9)])
        #expect(report.total.total == counted.count)
        #expect(report.total.weekly == Self.chartWeeks.map { w in counted.filter { $0.date.isoWeek == w }.count })
        #expect(report.areas.map(\.area.id) == ["raby", "hammarby", "backby-skalby"])
        for area in report.areas {
            let inArea = counted.filter { $0.area == area.area.id }
            #expect(area.summary.total == inArea.count, "\(area.area.id)")
            #expect(area.summary.weekly == Self.chartWeeks.map { w in inArea.filter { $0.date.isoWeek == w }.count })
            let codes = Set(inArea.flatMap(\.codes))
            #expect(Set(area.categories.map(\.category.code)) == codes, "every category with an incident, and only those")
            for category in area.categories {
                let series = inArea.filter { $0.codes.contains(category.category.code) }
                #expect(category.summary.total == series.count, "\(area.area.id) \(category.category.code)")
                #expect(category.summary.weekly == Self.chartWeeks.map { w in series.filter { $0.date.isoWeek == w }.count })
            }
            let totals = area.categories.map(\.summary.total)
            #expect(totals == totals.sorted(by: >), "most incidents first")
        }
        #expect(report.areas.reduce(0) { $0 + $1.summary.total } == report.total.total, "each incident in one area")
    }

    @Test func theHalvesAreCountedByDateAndCompared() async throws {
        let world = try await PilotWorld.shared()
        let report = try world.report()
        // 181 days: 91 in the first half (1 September – 30 November), 90 in the second.
        #expect(report.halves.first.description == "2018-09-01–2018-11-30")
        #expect(report.halves.second?.description == "2018-12-01–2019-02-28")
        for area in report.areas {
            let inArea = world.seed.counted.filter { $0.area == area.area.id }
            let before = inArea.filter { report.halves.first.contains($0.date) }.count
            let after = inArea.count - before
            let expected = try #require(RateRatio.exact(before: before, beforeWeeks: 91.0 / 7, after: after, afterWeeks: 90.0 / 7))
            #expect(area.summary.change == expected, "\(area.area.id)")
        }
        // Råby got two more incidents a week from Mimer in the second half: a rise whose interval is clear of 1.
        let raby = try #require(report.areas.first { $0.area.id == "raby" }?.summary.change)
        #expect(raby.ratio! > 1.3 && raby.interval!.lower > 1, "\(raby)")
    }

    @Test func onlyTheIncidentsThatCount() async throws {
        let world = try await PilotWorld.shared()
        let report = try world.report()
        let references = report.incidents.map(\.row.reference)
        #expect(Set(references) == Set(world.seed.counted.map(\.reference)))
        #expect(!references.contains(world.seed.withdrawnReference))
        let outside = world.seed.incidents.filter { !PilotWorld.pilot.contains($0.date) }
        #expect(outside.count >= 2, "the seed has incidents before and after the pilot")
        for incident in outside { #expect(!references.contains(incident.reference)) }
        let corrected = try #require(report.incidents.first { $0.row.reference == world.seed.correctedReference })
        #expect(corrected.row.state == .corrected && corrected.row.area == "hammarby" && corrected.row.categories == ["SKRP"])
        #expect(corrected.areaName == "Hammarby" && corrected.categoryNames == ["Nedskräpning"])
        #expect(isSortedByDate(report), "by date")
    }

    private func isSortedByDate(_ report: PeriodReport) -> Bool {
        zip(report.incidents, report.incidents.dropFirst()).allSatisfy { $0.row.date <= $1.row.date }
    }

    @Test func placesReportedMostOften() async throws {
        let world = try await PilotWorld.shared()
        let report = try world.report()
        var byPlace: [String: Int] = [:]
        for incident in world.seed.counted { byPlace[incident.area + "/" + incident.placeID, default: 0] += 1 }
        let ranked = byPlace.values.sorted(by: >)
        #expect(report.places.map(\.count) == Array(ranked.prefix(10)), "the ten largest counts, largest first")
        // The stairwell written five ways is one place, and the most reported.
        #expect(report.places[0].count == byPlace["raby/\(PilotSeed.hotspotID)"])
        #expect(PilotSeed.hotspotSpellings.contains(report.places[0].place))
        let ica = try #require(report.places.first { PilotSeed.icaSpellings.contains($0.place) })
        #expect(ica.count == byPlace["backby-skalby/\(PilotSeed.icaID)"], "the withdrawn one is not counted")
    }

    @Test func weekdayByPartOfDay() async throws {
        let world = try await PilotWorld.shared()
        let report = try world.report()
        for weekday in 0..<7 {
            for bucket in TimeBucket.allCases {
                let expected = world.seed.counted.filter { $0.date.weekday == weekday + 1 && $0.bucket == bucket }.count
                #expect(report.timing.count(weekday: weekday, bucket: bucket) == expected, "\(weekday) \(bucket)")
            }
        }
        #expect((0..<7).reduce(0) { $0 + report.timing.total(weekday: $1) } == report.total.total)
    }

    @Test func reportingPerOrganisationAndWeek() async throws {
        let world = try await PilotWorld.shared()
        let reporting = try world.report().reporting
        #expect(reporting.weeks == PilotSeed.weeks, "the 26 weeks whose Thursday is a pilot day")
        let expectedWeekly = world.settings.organisations.filter(\.expectedWeekly)
        #expect(reporting.expected == expectedWeekly.count && reporting.expected == 11, "twelve organisations, the police occasional")
        #expect(reporting.organisations.map(\.organisation.id).contains("polisen"), "shown: it sent reports")
        for row in reporting.organisations {
            let sent = world.seed.reports.filter { $0.organisation == row.organisation.id }
            let marks = PilotSeed.weeks.map { week -> OrganisationWeeks.Mark in
                let accepted = sent.filter { $0.week == week && $0.accepted }
                return accepted.contains { !$0.zeroReport } ? .reported : accepted.isEmpty ? .missing : .zeroReport
            }
            #expect(row.marks == marks, "\(row.organisation.id)")
            #expect(row.rejected == sent.filter { !$0.accepted && PilotSeed.weeks.contains($0.week) }.count)
            #expect(row.incidents == world.seed.counted.filter { $0.organisation == row.organisation.id }.count)
        }
        let perWeek = PilotSeed.weeks.map { week in
            expectedWeekly.filter { o in world.seed.reports.contains { $0.organisation == o.id && $0.week == week && $0.accepted } }.count
        }
        #expect(reporting.reportingPerWeek == perWeek)
        let skola = try #require(reporting.organisations.first { $0.organisation.id == "rabyskolan" })
        #expect(skola.missingWeeks == 4 && skola.zeroWeeks == 12 && skola.reportedWeeks == 10, "holidays, odd and even weeks")
    }

    @Test func howReportingWorked() async throws {
        let world = try await PilotWorld.shared()
        let process = try world.report().process
        let reports = world.seed.reports
        #expect(process.accepted == reports.filter { $0.accepted && !$0.zeroReport }.count)
        #expect(process.zeroReports == reports.filter { $0.accepted && $0.zeroReport }.count)
        #expect(process.rejected == reports.filter { !$0.accepted }.count && process.rejected == 5)
        #expect(process.incidents == world.seed.counted.count)
        #expect(process.corrected == 1 && process.withdrawn == 1)
        let reasons = process.reasons.map { "\($0.count) \($0.field ?? "-"): \($0.text)" }
        #expect(
            reasons == [
                "2 Kategori: okänd kategori \"…\"", "1 Datum: Fältet Datum saknas eller är tomt",
                "1 Datum: datumet … ligger efter mejlets datum", "1 Område: okänt område \"…\"",
            ], "\(reasons)")
        let delays = world.seed.counted.map { LocalDate($0.receivedAt, in: PilotWorld.timeZone).days(since: $0.date) }.sorted()
        let median =
            delays.count % 2 == 1 ? Double(delays[delays.count / 2]) : Double(delays[delays.count / 2 - 1] + delays[delays.count / 2]) / 2
        #expect(process.medianDelayDays == median)
    }

    @Test func whatTheNumbersCannotSay() async throws {
        let world = try await PilotWorld.shared()
        let report = try world.report()
        #expect(report.caveats.dataSince == PilotWorld.pilot.first.adding(days: -2), "Mimer's incident from before the pilot")
        #expect(report.caveats.started.map(\.id) == ["fritidsgard-raby", "nordic-guard"], "in the configuration's order")
        #expect(report.caveats.stopped.map(\.id) == ["hammarby-fritidsgard"])
        let series = report.areas.flatMap(\.categories)
        #expect(report.caveats.series == series.count)
        #expect(report.caveats.smallSeries == series.filter { $0.summary.total < 10 }.count && report.caveats.smallSeries > 0)
    }

    @Test func safetyAndInsatserAreEmptyUntilTheirStorageIsWired() async throws {
        let world = try await PilotWorld.shared()
        let report = try world.report()
        #expect(report.safety.isEmpty && report.insatser.isEmpty)
        let renderer = try world.renderer()
        let text = renderer.text(report, language: .swedish)
        #expect(!text.contains("UPPLEVD TRYGGHET") && !text.contains("INSATSER"))
        #expect(!renderer.html(report, language: .swedish).contains(">Upplevd trygghet<"))
    }

    @Test func aPeriodNotOverIsCountedToTodayAndSaysSo() async throws {
        let world = try await PilotWorld.shared()
        let today = LocalDate(year: 2018, month: 10, day: 17)
        let report = try world.report(.tertial(year: 2018, number: 3), now: PilotWorld.local(today, 12))
        #expect(report.partial)
        #expect(report.counted.description == "2018-09-01–2018-10-17")
        #expect(report.total.total == world.seed.counted.filter { $0.date <= today }.count)
        #expect(report.weeks.last == today.isoWeek)
        #expect(report.reporting.weeks.last == today.isoWeek.adding(weeks: -1), "the running week is not yet missing")
        let text = try world.renderer().text(report, language: .swedish)
        #expect(text.contains("Obs! Perioden var inte slut"))
        #expect(try world.renderer().subject(report, language: .swedish) == "EST periodrapport T3 2018 (preliminär)")
    }
}

/// The sections whose rows another part of the gateway will fill (Trygghet ratings, insatser), from rows made here.
@Suite struct PeriodReportSectionTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let w36 = ISOWeek(year: 2018, week: 36)

    func report(_ input: PeriodReportInput) -> PeriodReport {
        let options = PeriodReportOptions(
            timeZone: Self.utc, areas: [Area(id: "raby", name: "Råby"), Area(id: "hammarby", name: "Hammarby")],
            categories: [Category(code: "KLOT", name: "Klotter")], organisations: [Organisation(id: "mimer", name: "Bostads AB Mimer")])
        return PeriodReportBuilder.build(
            input, period: .tertial(year: 2018, number: 3), options: options,
            now: LocalDate(year: 2019, month: 1, day: 7).start(in: Self.utc))
    }

    @Test func safetyPerAreaAndWeekWithItsMeanOverTheAnswers() throws {
        var input = PeriodReportInput()
        input.safety = [
            WeeklySafety(area: "raby", week: Self.w36, answers: 3, scoreTotal: 6),
            WeeklySafety(area: "raby", week: Self.w36.adding(weeks: 1), answers: 1, scoreTotal: 4),
            WeeklySafety(area: "hammarby", week: Self.w36, answers: 0, scoreTotal: 0),
        ]
        let report = report(input)
        #expect(report.safety.map(\.area.id) == ["raby"], "an area without answers is left out")
        let raby = try #require(report.safety.first)
        #expect(raby.answers == 4 && raby.mean == 2.5, "the mean of the answers, not of the weekly means")
        #expect(raby.weeks.first { $0.week == Self.w36 }?.mean == 2.0 && raby.weeks.first?.mean == nil)
        let renderer = try PeriodReportRenderer(templatesDirectory: PilotWorld.templates)
        let text = renderer.text(report, language: .swedish)
        #expect(text.contains("UPPLEVD TRYGGHET") && text.contains("  Råby       4    2,5"), "\(text)")
        #expect(text.contains("Tryggheten är rapportörernas egen bedömning"))
        #expect(renderer.html(report, language: .english).contains(">Perceived safety<"))
        let weekly = String(decoding: PeriodReportCSV.weekly(report, language: .swedish), as: UTF8.self)
        #expect(weekly.contains(",Trygghet svar,Trygghet medel\r\n") && weekly.contains("2018-W36,2018-09-03,7,Råby,raby,0,3,\"2,00\"\r\n"))
    }

    @Test func insatserWithTheirFiguresAndSentence() throws {
        var input = PeriodReportInput()
        input.insatser = [
            InsatsRow(
                reference: "INS-2018-0007", title: "Kvällsvandringar vid centrum", areas: ["raby"], status: .pagar,
                start: LocalDate(year: 2018, month: 10, day: 1), end: nil, figures: "före 14 (1,8/v.), efter 6 (0,8/v.)",
                sentence: "I Råby minskade antalet händelser från 1,8 till 0,8 per vecka.")
        ]
        let report = report(input)
        let renderer = try PeriodReportRenderer(templatesDirectory: PilotWorld.templates)
        let text = renderer.text(report, language: .swedish)
        #expect(
            text.contains("INSATSER\n========\n  INS-2018-0007 Kvällsvandringar vid centrum (Råby; pågår, 1 okt 2018–pågår)"), "\(text)")
        #expect(text.contains("    I Råby minskade antalet händelser från 1,8 till 0,8 per vecka."))
        let html = renderer.html(report, language: .english)
        #expect(html.contains("INS-2018-0007 Kvällsvandringar vid centrum") && html.contains("ongoing"))
    }

    @Test func errorsAboutDifferentValuesAreOneReason() {
        var input = PeriodReportInput()
        input.rejectionErrors = [
            RejectionErrorRow(field: "Kategori", text: "okänd kategori \"klottring\" — menade du Klotter (KLOT)?", count: 2),
            RejectionErrorRow(field: "Kategori", text: "okänd kategori \"snö\"", count: 1),
            RejectionErrorRow(field: "Datum", text: "datumet 2018-09-12 ligger efter mejlets datum", count: 1),
            RejectionErrorRow(field: "Datum", text: "datumet 2018-10-01 ligger efter mejlets datum", count: 1),
            RejectionErrorRow(field: "Tid", text: "kunde inte läsa tiden \"25:99\"", count: 1),
            RejectionErrorRow(field: nil, text: "rapporten har 51 händelser, högst 50 får plats", count: 1),
        ]
        let reasons = report(input).process.reasons.map { "\($0.count) \($0.field ?? "-") \($0.text)" }
        #expect(
            reasons == [
                "3 Kategori okänd kategori \"…\"", "2 Datum datumet … ligger efter mejlets datum",
                "1 - rapporten har … händelser, högst … får plats",
                "1 Tid kunde inte läsa tiden \"…\"",
            ])
    }
}
