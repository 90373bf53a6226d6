import Domain
import Foundation
import Testing

@testable import Reports

@Suite("Dates") struct DateTests {
    @Test(
        "absolute forms (mail Wed 2018-09-05)",
        arguments: [
            ("2018-09-03", "2018-09-03"), ("20180903", "2018-09-03"), ("180903", "2018-09-03"),
            ("2018/09/03", "2018-09-03"), ("3/9", "2018-09-03"), ("3/9 2018", "2018-09-03"), ("3/9-18", "2018-09-03"),
            ("3/9 -18", "2018-09-03"), ("3/9/2018", "2018-09-03"), ("03.09.2018", "2018-09-03"), ("3.9.18", "2018-09-03"),
            ("3.9", "2018-09-03"), ("03-09-2018", "2018-09-03"), ("3 sep", "2018-09-03"), ("3 sep.", "2018-09-03"),
            ("3 sept. 2018", "2018-09-03"), ("3 september", "2018-09-03"), ("3 September 2018", "2018-09-03"),
            ("3:e september", "2018-09-03"), ("den 3 september", "2018-09-03"), ("måndag 3/9", "2018-09-03"),
            ("mån 3 sep.", "2018-09-03"), ("måndag den 3 september 2018", "2018-09-03"), ("September 3, 2018", "2018-09-03"),
            ("Sep 3", "2018-09-03"), ("1 aug", "2018-08-01"), ("31 juli", "2018-07-31"), ("2 maj", "2018-05-02"),
            ("3/9 (måndag)", "2018-09-03"), ("3 okt 2017", "2017-10-03"), ("5/9", "2018-09-05"),
        ])
    func absolute(_ value: String, _ expected: String) {
        #expect(dateOf(value) == day(expected), "\(value)")
    }

    @Test(
        "relative words (mail Wed 2018-09-05)",
        arguments: [
            ("idag", "2018-09-05"), ("i dag", "2018-09-05"), ("Idag", "2018-09-05"), ("igår", "2018-09-04"),
            ("i går", "2018-09-04"), ("Igår.", "2018-09-04"), ("igar", "2018-09-04"), ("i förrgår", "2018-09-03"),
            ("förrgår", "2018-09-03"), ("yesterday", "2018-09-04"),
        ])
    func relative(_ value: String, _ expected: String) {
        #expect(dateOf(value) == day(expected), "\(value)")
    }

    @Test(
        "bare weekday = latest on or before the mail's date",
        arguments: [
            ("måndag", "2018-09-03"), ("tisdag", "2018-09-04"), ("onsdag", "2018-09-05"), ("torsdag", "2018-08-30"),
            ("fredag", "2018-08-31"), ("lördag", "2018-09-01"), ("söndag", "2018-09-02"), ("Måndag", "2018-09-03"),
        ])
    func bareWeekday(_ value: String, _ expected: String) {
        #expect(dateOf(value) == day(expected), "\(value)")
    }

    @Test(
        "i måndags / förra måndagen = strictly before",
        arguments: [
            ("i måndags", "2018-09-03"), ("i tisdags", "2018-09-04"), ("i onsdags", "2018-08-29"),
            ("i torsdags", "2018-08-30"), ("i fredags", "2018-08-31"), ("i lördags", "2018-09-01"),
            ("i söndags", "2018-09-02"), ("förra onsdagen", "2018-08-29"), ("förra måndagen", "2018-09-03"),
            ("förra fredagen", "2018-08-31"), ("imåndags", "2018-09-03"),
        ])
    func strictWeekday(_ value: String, _ expected: String) {
        #expect(dateOf(value) == day(expected), "\(value)")
    }

    @Test func iFredagsWrittenOnAFriday() {
        // 2018-09-07 is a Friday.
        #expect(dateOf("i fredags", mail: "2018-09-07 09:00") == day("2018-08-31"))
        #expect(dateOf("förra fredagen", mail: "2018-09-07 09:00") == day("2018-08-31"))
        #expect(dateOf("fredag", mail: "2018-09-07 09:00") == day("2018-09-07"))
    }

    @Test func relativeDatesUseLocalTimeNotUTC() {
        // 2018-09-04 23:30 UTC is 2018-09-05 01:30 in Stockholm.
        let utc = TimeZone(identifier: "UTC")!
        let mail = instant("2018-09-04 23:30", zone: utc)
        let r = ReportParser.parse(
            ReportInput(
                text: report(["Datum": "igår"]), mailDate: mail, receivedAt: mail,
                timeZone: stockholm, catalog: catalog, organisation: mimer))
        #expect(r.referenceDate == day("2018-09-05"))
        #expect(single(r)?.date == day("2018-09-04"))
        // The same instant read in UTC gives the day before.
        let r2 = ReportParser.parse(
            ReportInput(
                text: report(["Datum": "igår"]), mailDate: mail, receivedAt: mail,
                timeZone: utc, catalog: catalog, organisation: mimer))
        #expect(single(r2)?.date == day("2018-09-03"))
    }

    @Test func withoutMailDateTheReceiptTimeIsUsed() {
        let r = parse(report(["Datum": "igår"]), mail: nil, received: "2018-09-10 08:00")
        #expect(r.referenceDate == day("2018-09-10"))
        #expect(single(r)?.date == day("2018-09-09"))
        #expect(r.week == ISOWeek(year: 2018, week: 37))
    }

    @Test(
        "year inference across new year (mail 2019-01-02)",
        arguments: [
            ("30/12", "2018-12-30"), ("2/1", "2019-01-02"), ("31 dec", "2018-12-31"), ("1 januari", "2019-01-01"),
            ("igår", "2019-01-01"), ("i söndags", "2018-12-30"), ("fredag", "2018-12-28"),
        ])
    func yearInference(_ value: String, _ expected: String) {
        #expect(dateOf(value, mail: "2019-01-02 08:00") == day(expected), "\(value)")
    }

    @Test func dateWithoutYearAfterTheMailDateGoesToLastYear() {
        let r = parse(report(["Datum": "6/9"]))
        #expect(single(r)?.date == day("2017-09-06"))
        #expect(
            r.warnings.contains {
                if case .dateOld = $0.kind { return true }; return false
            })
    }

    @Test func leapDayTakesTheLatestLeapYear() {
        let r = parse(report(["Datum": "29/2"]))
        #expect(r.incidents.first?.date == day("2016-02-29"))
    }

    @Test func futureDateIsAnError() {
        let r = parse(report(["Datum": "2018-09-06"]))
        #expect(!r.isAccepted)
        #expect(r.incidents.isEmpty)
        #expect(r.errors == [Diagnostic(incident: 1, field: "Datum", line: 3, kind: .dateInFuture(date: day("2018-09-06")))])
        #expect(r.errors[0].message(.swedish) == "datumet 2018-09-06 ligger efter mejlets datum")
        #expect(r.errors[0].expected(.swedish) == "ett datum som 2018-09-03, 3/9 eller igår")
    }

    @Test func sixtyDaysOldIsFineSixtyOneIsAWarning() {
        let ok = parse(report(["Datum": "2018-07-07"]))
        #expect(ok.isAccepted && ok.warnings.isEmpty)
        let old = parse(report(["Datum": "2018-07-06"]))
        #expect(old.isAccepted)
        #expect(old.warnings == [Diagnostic(incident: 1, field: "Datum", line: 3, kind: .dateOld(date: day("2018-07-06"), days: 61))])
        #expect(old.warnings[0].message(.swedish).contains("61 dagar"))
    }

    @Test("unreadable dates", arguments: ["hmm", "32/9", "3/13", "2018-02-30", "nästa vecka", "3/9 blabla", "13.13"])
    func unreadable(_ value: String) {
        let r = parse(report(["Datum": value]))
        #expect(r.errors == [Diagnostic(incident: 1, field: "Datum", line: 3, kind: .unparseableDate(value: value))], "\(value)")
    }

    @Test func dateWithAPartOfDayOrTimeFillsTheTime() {
        let r = parse(report(["Datum": "igår kväll"]))
        #expect(single(r)?.date == day("2018-09-04"))
        #expect(r.incidents.first?.timeOfDay == .kvall)
        let r2 = parse(report(["Datum": "2018-09-03 21:30"]))
        #expect(r2.incidents.first?.timeFrom == "21:30")
        // An explicit Tid wins.
        let r3 = parse(report(["Datum": "3/9 kl 22", "Tid": "21:30"]))
        #expect(r3.incidents.first?.timeFrom == "21:30")
    }

    @Test func weekIsTheISOWeekOfTheReferenceDate() {
        let r = parse(report(), mail: "2018-09-09 22:00")
        #expect(r.week == ISOWeek(year: 2018, week: 36))
        let r2 = parse(report(["Datum": "igår"]), mail: "2019-12-30 08:00")
        #expect(r2.week == ISOWeek(year: 2020, week: 1))
    }
}
