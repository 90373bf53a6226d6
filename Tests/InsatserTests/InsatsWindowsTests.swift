import Domain
import Insatser
import Testing

@Suite struct InsatsWindowsTests {
    typealias F = Fixtures

    @Test func beforeIsTheWeeksBeforeStart() {
        let windows = InsatsWindows(insats: F.insats(start: "2018-09-05"), lastClosedWeek: F.closed)
        #expect(windows.before == F.days("2018-07-11", "2018-09-04"))
        #expect(windows.beforeWeeks == 8)
        let four = InsatsWindows(insats: F.insats(start: "2018-09-05"), beforeWeeks: 4, lastClosedWeek: F.closed)
        #expect(four.before == F.days("2018-08-08", "2018-09-04"))
        #expect(four.beforeWeeks == 4)
    }

    @Test func notStartedHasNoAfterWindow() {
        let windows = InsatsWindows(insats: F.insats(start: "2018-10-03"), lastClosedWeek: ISOWeek(year: 2018, week: 36))
        #expect(windows.after == nil && windows.cut == nil && windows.afterWeeks == 0)
        // Measuring begins once Start's own week is closed.
        #expect(windows.measurementBegins == F.date("2018-10-07"))
        #expect(windows.span == windows.before)
    }

    @Test func startedInAWeekNotYetClosedHasNoAfterWindow() {
        let insats = F.insats(start: "2018-09-05")
        #expect(InsatsWindows(insats: insats, lastClosedWeek: ISOWeek(year: 2018, week: 35)).after == nil)
        let first = InsatsWindows(insats: insats, lastClosedWeek: ISOWeek(year: 2018, week: 36))
        #expect(first.after == F.days("2018-09-05", "2018-09-09"))
        #expect(first.afterWeeks == 5.0 / 7)
    }

    @Test func runningIsCutAtTheLastClosedWeek() {
        let windows = InsatsWindows(insats: F.insats(start: "2018-09-05"), lastClosedWeek: ISOWeek(year: 2018, week: 38))
        #expect(windows.after == F.days("2018-09-05", "2018-09-23"))
        #expect(windows.cut == .lastClosedWeek)
        #expect(windows.afterWeeks == 19.0 / 7)
        #expect(windows.span == F.days("2018-07-11", "2018-09-23"))
    }

    @Test func endedStopsAtItsLastDay() {
        let windows = InsatsWindows(insats: F.insats(start: "2018-09-05", end: "2018-09-20"), lastClosedWeek: F.closed)
        #expect(windows.after == F.days("2018-09-05", "2018-09-20"))
        #expect(windows.cut == .end)
    }

    /// The follow-up date is the day the figures are read: the window stops the day before it.
    @Test func followUpBeforeEndStopsTheDayBeforeTheFollowUp() {
        let insats = F.insats(start: "2018-09-05", end: "2018-12-31", followUp: "2018-10-01")
        let windows = InsatsWindows(insats: insats, lastClosedWeek: ISOWeek(year: 2018, week: 50))
        #expect(windows.after == F.days("2018-09-05", "2018-09-30"))
        #expect(windows.cut == .followUp)
    }

    @Test func theDefaultFollowUpGivesEightWholeWeeks() {
        let windows = InsatsWindows(insats: F.insats(), lastClosedWeek: F.closed)
        #expect(windows.after == Rows.after)
        #expect(windows.afterWeeks == 8 && windows.cut == .followUp)
    }

    @Test func endOnTheLastClosedSundayIsTheEnd() {
        let windows = InsatsWindows(insats: F.insats(start: "2018-09-05", end: "2018-09-23"), lastClosedWeek: ISOWeek(year: 2018, week: 38))
        #expect(windows.after == F.days("2018-09-05", "2018-09-23"))
        #expect(windows.cut == .end)
    }
}
