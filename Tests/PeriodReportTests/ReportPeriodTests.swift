import Domain
import Testing

/// Tertials, quarters and their keys: what the scheduler and `report --tertial` agree on.
@Suite struct ReportPeriodTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> LocalDate { LocalDate(year: y, month: m, day: d) }

    @Test func tertialsAreFourMonths() {
        #expect(ReportPeriod.tertial(year: 2018, number: 1).range.description == "2018-01-01–2018-04-30")
        #expect(ReportPeriod.tertial(year: 2018, number: 2).range.description == "2018-05-01–2018-08-31")
        #expect(ReportPeriod.tertial(year: 2018, number: 3).range.description == "2018-09-01–2018-12-31")
        #expect(ReportPeriod.tertial(year: 2020, number: 1).range.last == Self.day(2020, 4, 30))
        #expect(ReportPeriod.tertial(containing: Self.day(2018, 8, 31)) == .tertial(year: 2018, number: 2))
        #expect(ReportPeriod.tertial(containing: Self.day(2018, 9, 1)) == .tertial(year: 2018, number: 3))
        #expect(ReportPeriod.tertial(containing: Self.day(2019, 1, 1)).previousTertial == .tertial(year: 2018, number: 3))
        #expect(ReportPeriod.tertial(year: 2018, number: 3).previousTertial == .tertial(year: 2018, number: 2))
        #expect(ReportPeriod.quarter(year: 2018, number: 4).previousTertial == nil)
    }

    @Test func quartersAreThreeMonthsAndFebruaryKnowsLeapYears() {
        #expect(ReportPeriod.quarter(year: 2018, number: 4).range.description == "2018-10-01–2018-12-31")
        #expect(ReportPeriod.quarter(year: 2020, number: 1).range.description == "2020-01-01–2020-03-31")
        #expect(ReportPeriod.quarter(year: 2018, number: 2).range.days == 91)
        #expect(ReportPeriod.quarter(year: 2020, number: 1).range.days == 91)
        #expect(ReportPeriod.quarter(year: 2019, number: 1).range.days == 90)
    }

    @Test(arguments: [
        ("2018-Q4", ReportPeriod.quarter(year: 2018, number: 4) as ReportPeriod?), ("2018-q1", .quarter(year: 2018, number: 1)),
        ("2018-Q5", nil), ("2018-Q0", nil), ("18-Q4", nil), ("2018Q4", nil), ("2018-Q44", nil), ("2018-T3", nil), ("", nil),
        ("2018-Q", nil), ("２０１８-Q4", nil), ("0000-Q1", nil),
    ])
    func quarterParsing(_ text: String, _ expected: ReportPeriod?) {
        #expect(ReportPeriod(quarter: text) == expected)
    }

    @Test(arguments: [
        ("2018-T3", ReportPeriod.tertial(year: 2018, number: 3) as ReportPeriod?), ("2019-t1", .tertial(year: 2019, number: 1)),
        ("2018-T4", nil), ("2018-T0", nil), ("2018-Q3", nil), ("2018-T٣", nil), ("T3-2018", nil),
    ])
    func tertialParsing(_ text: String, _ expected: ReportPeriod?) {
        #expect(ReportPeriod(tertial: text) == expected)
    }

    @Test func keysNameThePeriodAndTheRecipient() {
        let pilot = DateRange(first: Self.day(2018, 9, 1), last: Self.day(2019, 2, 28))!
        #expect(ReportPeriod.tertial(year: 2018, number: 3).key == "2018-T3")
        #expect(ReportPeriod.quarter(year: 2018, number: 4).key == "2018-Q4")
        #expect(ReportPeriod.pilot(pilot).key == "pilot")
        #expect(ReportPeriod.dates(pilot).key == "2018-09-01..2019-02-28")
        #expect(
            OutboxKey.report(period: .pilot(pilot), recipient: "Anna.Berg@Vasteras.example").rawValue
                == "report:pilot:anna.berg@vasteras.example")
        #expect(OutboxKey.report(period: .tertial(year: 2018, number: 3), recipient: "x@y").rawValue == "report:2018-T3:x@y")
        #expect(!OutboxKind.report.isReply)
    }
}
