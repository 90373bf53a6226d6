import Domain
import Foundation
import Periodic
import Settings
import Testing

@Suite struct SchedulerTests {
    let zone = TimeZone(identifier: "Europe/Stockholm")!
    var periodic: PeriodicSettings {
        var p = PeriodicSettings.defaults
        p.digestRecipients = ["wg@example.org"]
        return p
    }

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func digestTimeIsLocalOnBothSidesOfDaylightSaving() {
        // Summer time: 07:00 in Stockholm is 05:00 UTC; after 28 October 2018 it is 06:00 UTC.
        #expect(Scheduler.instant(periodic.digestTime, in: ISOWeek(year: 2018, week: 43), timeZone: zone) == utc("2018-10-22T05:00:00Z"))
        #expect(Scheduler.instant(periodic.digestTime, in: ISOWeek(year: 2018, week: 44), timeZone: zone) == utc("2018-10-29T06:00:00Z"))
        // The spring change (25 March 2018, a Sunday): Friday 10:00 reminders either side.
        #expect(Scheduler.instant(periodic.reminderTime, in: ISOWeek(year: 2018, week: 12), timeZone: zone) == utc("2018-03-23T09:00:00Z"))
        #expect(Scheduler.instant(periodic.reminderTime, in: ISOWeek(year: 2018, week: 13), timeZone: zone) == utc("2018-03-30T08:00:00Z"))
    }

    @Test func digestCoversTheWeekJustClosedFromItsTimeOn() {
        let before = Scheduler.due(now: utc("2018-10-29T05:59:00Z"), timeZone: zone, periodic: periodic)
        #expect(!before.contains(.digest(ISOWeek(year: 2018, week: 43))))
        let at = Scheduler.due(now: utc("2018-10-29T06:00:00Z"), timeZone: zone, periodic: periodic)
        #expect(at.contains(.digest(ISOWeek(year: 2018, week: 43))))
        // Back on Thursday after downtime: still the week just closed, once (the outbox key sees to once).
        let later = Scheduler.due(now: utc("2018-11-01T12:00:00Z"), timeZone: zone, periodic: periodic)
        #expect(later.filter { if case .digest = $0 { return true } else { return false } } == [.digest(ISOWeek(year: 2018, week: 43))])
    }

    @Test func sundayNightStillBelongsToTheOldWeek() {
        // 23:30 Sunday local is 22:30 UTC in winter: week 52 of 2018 ends on 30 December.
        let jobs = Scheduler.due(now: utc("2018-12-30T22:30:00Z"), timeZone: zone, periodic: periodic)
        #expect(jobs.contains(.alerts(ISOWeek(year: 2018, week: 52), partial: true)))
        #expect(jobs.contains(.reminders(ISOWeek(year: 2018, week: 52))))
        // Half an hour later it is Monday of 2019-W01: week 52 is closed, its digest waits until 07:00.
        let monday = Scheduler.due(now: utc("2018-12-30T23:30:00Z"), timeZone: zone, periodic: periodic)
        #expect(monday.contains(.alerts(ISOWeek(year: 2018, week: 52), partial: false)))
        #expect(!monday.contains(.digest(ISOWeek(year: 2018, week: 52))))
        #expect(!monday.contains(.reminders(ISOWeek(year: 2019, week: 1))))
    }

    @Test func nothingWhenDisabled() {
        var p = PeriodicSettings.defaults
        p.remindersEnabled = false
        p.alertsEnabled = false
        #expect(
            Scheduler.due(now: utc("2018-10-26T12:00:00Z"), timeZone: zone, periodic: p).isEmpty, "no recipients, no reminders, no alerts")
    }
}
